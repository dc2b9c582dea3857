//! The file beside a SQLite database whose OS lock marks a live run: its name, and whether
//! another process holds it. Apart from `lock` so that `session` can ask without importing the
//! lock-taking code that needs a session.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file of a SQLite database.
pub fn lock_file(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push("-retort-lock");
    database.with_file_name(name)
}

/// Whether another process holds the run lock of this SQLite database (never creates the file).
pub fn file_lock_held(database: &Path) -> bool {
    let Ok(file) = File::open(lock_file(database)) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}
