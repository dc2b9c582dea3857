//! Retort's own SQL on MariaDB/MySQL: DDL commits implicitly, so nothing runs in a transaction;
//! the run lock is a named GET_LOCK; string literals escape backslashes; revision ids use a
//! binary collation.

use super::{like_prefix, literals, ErrorKind, TableTypes};

pub fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// MySQL also reads backslash escapes in string literals: a `\` would change, and one at the end
/// would end the literal early and make the rest of the line SQL. (Assumes the server's default
/// SQL mode, without NO_BACKSLASH_ESCAPES.)
pub fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

pub fn as_text(expr: &str) -> String {
    format!("CAST({expr} AS CHAR)")
}

/// Not used for revisions (see [`transactional_ddl`]).
pub fn begin() -> &'static str {
    "BEGIN"
}

pub fn transactional_ddl() -> bool {
    false
}

pub fn table_types() -> TableTypes {
    TableTypes {
        timestamp: "DATETIME(6)",
        now: "CURRENT_TIMESTAMP(6)",
        log_id: "BIGINT AUTO_INCREMENT PRIMARY KEY",
        // Revision ids compare byte for byte: the default collations would fold `ab` and `AB`
        // into one key.
        revision: "VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        revisions_suffix: "",
    }
}

pub fn count_tables(schema: Option<&str>, names: &[&str]) -> String {
    format!(
        "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.tables WHERE table_schema = {} AND table_name IN ({})",
        this_schema(schema),
        literals(names, literal)
    )
}

/// Revision columns of existing tables made before ids were binary; `0` when none.
pub fn count_folding_ids(schema: Option<&str>, names: &[&str]) -> Option<String> {
    Some(format!(
        "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.columns WHERE table_schema = {} AND table_name IN ({}) AND column_name = 'revision' AND collation_name NOT LIKE '%\\_bin'",
        this_schema(schema),
        literals(names, literal)
    ))
}

pub fn binary_ids(revisions: &str, log: &str) -> Vec<String> {
    let t = table_types().revision;
    vec![
        format!("ALTER TABLE {revisions} MODIFY revision {t} NOT NULL"),
        format!("ALTER TABLE {log} MODIFY revision {t}"),
    ]
}

fn this_schema(schema: Option<&str>) -> String {
    schema.map_or("DATABASE()".into(), literal)
}

pub fn try_lock(table: &str) -> Option<String> {
    Some(format!(
        "SELECT CAST(GET_LOCK({}, 0) AS CHAR)",
        lock_name(table)
    ))
}

pub fn unlock(table: &str) -> Option<String> {
    Some(format!(
        "SELECT CAST(RELEASE_LOCK({}) AS CHAR)",
        lock_name(table)
    ))
}

pub fn lock_held(table: &str) -> Option<String> {
    Some(format!(
        "SELECT CAST(IS_USED_LOCK({}) IS NOT NULL AS CHAR)",
        lock_name(table)
    ))
}

/// A revision's `RELEASE_ALL_LOCKS()` would drop the session's lock.
pub fn lock_held_here(table: &str) -> Option<String> {
    Some(format!(
        "SELECT CAST(COALESCE(IS_USED_LOCK({}) = CONNECTION_ID(), 0) AS CHAR)",
        lock_name(table)
    ))
}

/// Lock names are server-wide: include the database.
fn lock_name(table: &str) -> String {
    format!(
        "LEFT(CONCAT('retort:', DATABASE(), ':', {}), 64)",
        literal(table)
    )
}

pub fn backup_into(_path: &str) -> Option<String> {
    None
}

pub fn data_version() -> Option<&'static str> {
    None
}

pub fn create_database(name: &str) -> Option<String> {
    Some(format!("CREATE DATABASE {}", quote(name)))
}

pub fn drop_database(name: &str) -> Vec<String> {
    vec![format!("DROP DATABASE IF EXISTS {}", quote(name))]
}

pub fn databases_starting_with(prefix: &str) -> Option<String> {
    Some(format!(
        "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE {}",
        literal(&like_prefix(prefix))
    ))
}

/// Error numbers (not SQLSTATEs: MySQL's 42000 also means a syntax error) for a missing
/// privilege: database, login, table, column, global privilege, routine, login without password.
pub fn error_kind(code: &str) -> ErrorKind {
    match code.trim() {
        "1044" | "1045" | "1142" | "1143" | "1227" | "1370" | "1698" => ErrorKind::Denied,
        _ => ErrorKind::Other,
    }
}
