//! Several runners at once and a runner killed mid-revision, through the real binary: the
//! migration lock must let each revision's SQL run exactly once, and a SIGKILL must leave nothing
//! half-applied and no lock behind.

use crate::common::*;
use retort::Dialect;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod kills;
mod runners;

/// Every backup left beside the SQLite file is a whole database with Retort's tables.
fn check_backups(db: &TestDb) {
    let name = db
        .sqlite_path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let prefix = format!("{name}.retort-backup-");
    let mut backups: Vec<_> = std::fs::read_dir(&db.dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .collect();
    backups.sort();
    assert!(
        backups.len() <= 5,
        "at most five backups are kept: {backups:?}"
    );
    for path in backups {
        let (check, tables) = runtime().block_on(async {
            let url = retort::db::DatabaseUrl::Sqlite {
                path: Some(path.clone()),
            };
            let options = retort::db::ConnectOptions {
                create_sqlite: false,
                timeout: Duration::from_secs(10),
            };
            let mut conn = retort::db::Db::connect(&url, options)
                .await
                .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
            let check = conn.fetch("PRAGMA integrity_check").await;
            let tables = conn
                .fetch("SELECT name FROM sqlite_master WHERE name = 'retort_revisions'")
                .await;
            conn.close().await;
            (check, tables)
        });
        let check = check.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(check, [[Some("ok".to_string())]], "{}", path.display());
        let tables = tables.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(tables.len(), 1, "{} lacks retort_revisions", path.display());
    }
}
