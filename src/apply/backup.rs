//! SQLite's safety net: `VACUUM INTO` a copy next to the file before anything changes, keeping
//! the newest five.

use super::session::Session;
use crate::database_url::DatabaseUrl;
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
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    // Several runners may back up at once, and prune each other's backups: write into a
    // private partial file that pruning never matches, then publish it under the first free
    // name (hard_link refuses to overwrite, so no two runners ever share a name).
    let partial = PathBuf::from(format!(
        "{}.retort-partial-{}-{}",
        path.display(),
        std::process::id(),
        rand::random::<u32>()
    ));
    let Some(copy) = session
        .db
        .dialect()
        .backup_into(&partial.display().to_string())
    else {
        return Ok(None);
    };
    if let Err(e) = session.db.execute(&copy).await {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::db(format!("backing up to {}", partial.display()), e));
    }
    let mut attempt = 1;
    let target = loop {
        let candidate = backup_name(&path, &stamp, attempt);
        attempt += 1;
        match std::fs::hard_link(&partial, &candidate) {
            Ok(()) => break candidate,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => continue,
            Err(_) if !candidate.exists() => {
                // No hard links on this file system: a rename publishes it too.
                std::fs::rename(&partial, &candidate).map_err(|e| Error::io(&candidate, e))?;
                break candidate;
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(Error::io(&candidate, e));
            }
        }
    };
    let _ = std::fs::remove_file(&partial);
    prune(&path);
    Ok(Some(target))
}

fn backup_name(db: &Path, stamp: &str, attempt: usize) -> PathBuf {
    match attempt {
        1 => PathBuf::from(format!("{}.retort-backup-{stamp}", db.display())),
        n => PathBuf::from(format!("{}.retort-backup-{stamp}-{n}", db.display())),
    }
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
