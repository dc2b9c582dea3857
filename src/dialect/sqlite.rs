//! Retort's own SQL on SQLite. The run lock is a file lock beside the database (see
//! `apply::lock`), not SQL; a revision's transaction takes the write lock at once; the backup is
//! `VACUUM INTO`; scratch databases are temporary files, made without SQL.

use super::{literals, ErrorKind, TableTypes};

pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

pub fn as_text(expr: &str) -> String {
    format!("CAST({expr} AS TEXT)")
}

/// Takes the write lock at once, so a second runner waits here (busy timeout) and then sees
/// the new state.
pub fn begin() -> &'static str {
    "BEGIN IMMEDIATE"
}

pub fn transactional_ddl() -> bool {
    true
}

pub fn table_types() -> TableTypes {
    TableTypes {
        timestamp: "TIMESTAMP",
        now: "CURRENT_TIMESTAMP",
        // A plain INTEGER PRIMARY KEY is the rowid: AUTOINCREMENT would also write
        // sqlite_sequence in every revision's transaction, and the log never deletes.
        log_id: "INTEGER PRIMARY KEY",
        revision: "VARCHAR(64)",
        // WITHOUT ROWID keeps the applied set in one b-tree instead of a table plus the primary
        // key's index, one page less to journal per revision.
        revisions_suffix: " WITHOUT ROWID",
    }
}

/// Looks in the main database, whatever `schema` says: Retort's tables are qualified with
/// `main` (see `apply::home`).
pub fn count_tables(_schema: Option<&str>, names: &[&str]) -> String {
    format!(
        "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE type = 'table' AND name IN ({})",
        literals(names, literal)
    )
}

pub fn count_folding_ids(_schema: Option<&str>, _names: &[&str]) -> Option<String> {
    None
}

pub fn binary_ids(_revisions: &str, _log: &str) -> Vec<String> {
    Vec::new()
}

pub fn try_lock(_table: &str) -> Option<String> {
    None
}

pub fn unlock(_table: &str) -> Option<String> {
    None
}

pub fn lock_held(_table: &str) -> Option<String> {
    None
}

pub fn lock_held_here(_table: &str) -> Option<String> {
    None
}

pub fn backup_into(path: &str) -> Option<String> {
    Some(format!("VACUUM INTO {}", literal(path)))
}

/// `PRAGMA data_version`: changes exactly when another connection commits, which tells a runner
/// that its plan may be stale.
pub fn data_version() -> Option<&'static str> {
    Some("SELECT CAST(data_version AS TEXT) FROM pragma_data_version")
}

pub fn create_database(_name: &str) -> Option<String> {
    None
}

pub fn drop_database(_name: &str) -> Vec<String> {
    Vec::new()
}

pub fn databases_starting_with(_prefix: &str) -> Option<String> {
    None
}

/// SQLite reports extended result codes; the primary code is the low byte. `SQLITE_BUSY` (5, in
/// all its extended forms) is the write lock still held by another connection when the busy
/// timeout ran out: "database is locked".
pub fn error_kind(code: &str) -> ErrorKind {
    const SQLITE_BUSY: i32 = 5;
    match code.trim().parse::<i32>() {
        Ok(code) if code & 0xff == SQLITE_BUSY => ErrorKind::Busy,
        _ => ErrorKind::Other,
    }
}
