//! The check that a refused command changed nothing: the bookkeeping rows, the schema, the log,
//! the project's files and (SQLite) the files beside the database, taken before and after.

use super::{fails, retort, text_type, TestDb};
use retort::Dialect;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything a failed command must leave as it was.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    /// retort_revisions, whole rows (dirty marks included).
    pub rows: Vec<Vec<Option<String>>>,
    pub schema: String,
    pub log: usize,
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// For SQLite: the files beside the database (no stray backup).
    pub beside: Vec<String>,
}

/// Whether Retort's bookkeeping tables exist (without creating a missing SQLite file).
pub fn has_retort_tables(db: &TestDb) -> bool {
    let sql = match db.dialect {
        Dialect::Sqlite => {
            if !db.sqlite_path().exists() {
                return false;
            }
            "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE name = 'retort_revisions'"
        }
        Dialect::Postgresql => "SELECT CAST(COUNT(*) AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'retort_revisions'",
        Dialect::Mysql => "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'retort_revisions'",
    };
    db.scalar(sql) != "0"
}

/// `retort_revisions`, whole rows, sorted by revision; none before the table exists.
pub fn revision_rows(db: &TestDb) -> Vec<Vec<Option<String>>> {
    if !has_retort_tables(db) {
        return Vec::new();
    }
    let text = text_type(db.dialect);
    db.query(&format!(
        "SELECT revision, checksum, state, direction, CAST(statement_no AS {text}) FROM retort_revisions ORDER BY revision"
    ))
}

/// Every file below `dir` with its bytes.
pub fn read_tree(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(&path, out);
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
}

impl Snapshot {
    pub fn take(db: &TestDb, project: &Path) -> Snapshot {
        let mut files = BTreeMap::new();
        read_tree(project, &mut files);
        let mut beside: Vec<String> = std::fs::read_dir(&db.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with("-journal") && !n.ends_with("-wal") && !n.ends_with("-shm"))
            .collect();
        beside.sort();
        let schema = if db.dialect == Dialect::Sqlite && !db.sqlite_path().exists() {
            String::new()
        } else {
            db.schema()
        };
        Snapshot {
            rows: revision_rows(db),
            schema,
            log: if has_retort_tables(db) {
                db.log_count()
            } else {
                0
            },
            files,
            beside,
        }
    }

    pub fn without_backups(mut self) -> Snapshot {
        self.beside.retain(|n| !n.contains(".retort-backup-"));
        self
    }
}

/// Runs `args`, expects exit 1 with `text` in stderr, and that nothing changed.
#[track_caller]
pub fn refused(db: &TestDb, project: &Path, args: &[&str], text: &str) -> String {
    let before = Snapshot::take(db, project);
    let err = fails(retort(project, Some(&db.url), args), text);
    let after = Snapshot::take(db, project);
    assert_eq!(
        after,
        before,
        "`retort {}` changed something",
        args.join(" ")
    );
    err
}

/// Like [`refused`] for several commands in a row: each fails with `text`, and afterwards
/// nothing has changed (one snapshot before and one after, to keep the test quick).
#[track_caller]
pub fn refused_all(db: &TestDb, project: &Path, commands: &[&[&str]], text: &str) {
    let before = Snapshot::take(db, project);
    for args in commands {
        fails(retort(project, Some(&db.url), args), text);
    }
    assert_eq!(
        Snapshot::take(db, project),
        before,
        "{commands:?} changed something"
    );
}
