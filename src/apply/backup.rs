//! SQLite's safety net: `VACUUM INTO` a copy next to the file before anything changes, keeping
//! the newest five.

use super::session::Session;
use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

const KEEP: usize = 5;

/// Writes `NAME.retort-backup-YYYYMMDD-HHMMSS` beside the database; `None` for memory or a file
/// that is still empty.
pub async fn backup(session: &mut Session) -> Result<Option<PathBuf>> {
    let DatabaseUrl::Sqlite { path: Some(path) } = &session.url else {
        return Ok(None);
    };
    let path = path.clone();
    if std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(None);
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut target = PathBuf::from(format!("{}.retort-backup-{stamp}", path.display()));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = PathBuf::from(format!("{}.retort-backup-{stamp}-{n}", path.display()));
    }
    let literal = session.book().literal(&target.display().to_string());
    session
        .db
        .execute(&format!("VACUUM INTO {literal}"))
        .await
        .map_err(|e| Error::db(format!("backing up to {}", target.display()), e))?;
    prune(&path);
    Ok(Some(target))
}

/// Deletes all but the newest backups of `db`; another runner may prune at the same time.
fn prune(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let prefix = format!("{}.retort-backup-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    let mut backups: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(KEEP);
    for (_, old) in backups.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
}
