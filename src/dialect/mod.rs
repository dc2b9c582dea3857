//! The three SQL dialects Retort speaks, and the one home of Retort's own SQL in each: quoting,
//! string literals, its bookkeeping tables, the run lock, transactions, SQLite's backup, scratch
//! databases and what a database error code means. Each dialect's file has the same functions
//! (as `schema::render` and `schema::introspect` do); [`Dialect`] dispatches to them, so a new
//! dialect is a new file plus a variant, and the compiler lists every function it must have.

pub mod bookkeeping;
pub mod mysql;
pub mod postgres;
pub mod sqlite;

pub use bookkeeping::{Actor, Book, LogEntry, Tables};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Dialect {
    Sqlite,
    Postgresql,
    Mysql,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgresql => "postgresql",
            Dialect::Mysql => "mysql",
        }
    }

    /// Parses the names people write in URLs, `DATABASE_DIALECT` and SQLAlchemy dialect strings.
    pub fn parse(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            "postgresql" | "postgres" | "pg" => Some(Dialect::Postgresql),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a database error means to Retort, told from the database's code (never its words, which
/// change with the server's version and language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// SQLite: another connection held the write lock for the whole busy timeout.
    Busy,
    /// The user lacks a privilege (to create a database, say).
    Denied,
    Other,
}

/// The column types of Retort's two tables that differ by dialect.
#[derive(Debug, Clone, Copy)]
pub struct TableTypes {
    pub timestamp: &'static str,
    /// The timestamp columns' default.
    pub now: &'static str,
    /// The log's own id: a key the database numbers.
    pub log_id: &'static str,
    /// Revision ids, compared byte for byte.
    pub revision: &'static str,
    /// Appended to the applied-set table's definition.
    pub revisions_suffix: &'static str,
}

/// Calls the function of the same name in `dialect`'s file.
macro_rules! per_dialect {
    ($dialect:expr, $function:ident($($arg:expr),*)) => {
        match $dialect {
            Dialect::Sqlite => sqlite::$function($($arg),*),
            Dialect::Postgresql => postgres::$function($($arg),*),
            Dialect::Mysql => mysql::$function($($arg),*),
        }
    };
}

impl Dialect {
    /// One identifier, quoted (embedded quote characters doubled).
    pub fn quote(self, name: &str) -> String {
        per_dialect!(self, quote(name))
    }

    /// A dotted name (`schema.table`), quoted part by part.
    pub fn quote_qualified(self, name: &str) -> String {
        name.split('.')
            .map(|part| self.quote(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// A string literal that reads back as `value`.
    pub fn literal(self, value: &str) -> String {
        per_dialect!(self, literal(value))
    }

    /// `expr` cast to the dialect's text type, so every bookkeeping column reads back as text.
    pub fn as_text(self, expr: &str) -> String {
        per_dialect!(self, as_text(expr))
    }

    /// Opens the transaction of a revision (or a stamp).
    pub fn begin(self) -> &'static str {
        per_dialect!(self, begin())
    }

    /// Whether DDL takes part in transactions; where it does not (MySQL commits implicitly),
    /// every revision runs statement by statement with a claim row.
    pub fn transactional_ddl(self) -> bool {
        per_dialect!(self, transactional_ddl())
    }

    pub fn table_types(self) -> TableTypes {
        per_dialect!(self, table_types())
    }

    /// How many of the tables `names` exist in `schema` (the session's own when `None`), as text.
    pub fn count_tables(self, schema: Option<&str>, names: &[&str]) -> String {
        per_dialect!(self, count_tables(schema, names))
    }

    /// How many revision columns of the tables `names` compare case-insensitively (made before
    /// revision ids were binary); `None` where ids always were byte for byte.
    pub fn count_folding_ids(self, schema: Option<&str>, names: &[&str]) -> Option<String> {
        per_dialect!(self, count_folding_ids(schema, names))
    }

    /// Makes the revision columns of the (quoted) tables binary (see `count_folding_ids`).
    pub fn binary_ids(self, revisions: &str, log: &str) -> Vec<String> {
        per_dialect!(self, binary_ids(revisions, log))
    }

    /// Tries the run lock of the version table `table` once; answers `1` when taken. `None`
    /// where the lock is not SQL (SQLite's is a file lock).
    pub fn try_lock(self, table: &str) -> Option<String> {
        per_dialect!(self, try_lock(table))
    }

    pub fn unlock(self, table: &str) -> Option<String> {
        per_dialect!(self, unlock(table))
    }

    /// Whether some session holds the run lock now (`1` or `0`).
    pub fn lock_held(self, table: &str) -> Option<String> {
        per_dialect!(self, lock_held(table))
    }

    /// Whether this session itself holds the run lock (`1` or `0`).
    pub fn lock_held_here(self, table: &str) -> Option<String> {
        per_dialect!(self, lock_held_here(table))
    }

    /// Copies the whole database into the file `path`, where the dialect can.
    pub fn backup_into(self, path: &str) -> Option<String> {
        per_dialect!(self, backup_into(path))
    }

    /// A number that changes exactly when another connection commits, where there is one.
    pub fn data_version(self) -> Option<&'static str> {
        per_dialect!(self, data_version())
    }

    /// Creates the (scratch) database `name` on the server; `None` for SQLite (a file).
    pub fn create_database(self, name: &str) -> Option<String> {
        per_dialect!(self, create_database(name))
    }

    /// Ways to drop the database `name`, to be tried in order until one succeeds.
    pub fn drop_database(self, name: &str) -> Vec<String> {
        per_dialect!(self, drop_database(name))
    }

    /// The names of the server's databases starting with `prefix`.
    pub fn databases_starting_with(self, prefix: &str) -> Option<String> {
        per_dialect!(self, databases_starting_with(prefix))
    }

    /// What an error the database reported with `code` means (see [`ErrorKind`]).
    pub fn error_kind(self, code: &str) -> ErrorKind {
        per_dialect!(self, error_kind(code))
    }
}

/// `'a', 'b'` for `IN (…)`.
fn literals(values: &[&str], literal: fn(&str) -> String) -> String {
    values
        .iter()
        .map(|v| literal(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `prefix%` for LIKE, with LIKE's own wildcards and its escape character escaped.
fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::new();
    for c in prefix.chars() {
        if matches!(c, '\\' | '_' | '%') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mysql];

    #[test]
    fn quoting_doubles_the_quote_character() {
        assert_eq!(Dialect::Sqlite.quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Postgresql.quote("a\"b`"), "\"a\"\"b`\"");
        assert_eq!(Dialect::Mysql.quote("we`ird\""), "`we``ird\"`");
        assert_eq!(
            Dialect::Postgresql.quote_qualified("app.retort_revisions"),
            "\"app\".\"retort_revisions\""
        );
        assert_eq!(Dialect::Mysql.quote_qualified("a.b"), "`a`.`b`");
    }

    /// MySQL alone reads backslash escapes in string literals (unless NO_BACKSLASH_ESCAPES).
    #[test]
    fn literals_escape_what_each_dialect_reads_as_escapes() {
        let value = "it's C:\\temp\\";
        assert_eq!(Dialect::Sqlite.literal(value), "'it''s C:\\temp\\'");
        assert_eq!(Dialect::Postgresql.literal(value), "'it''s C:\\temp\\'");
        assert_eq!(Dialect::Mysql.literal(value), "'it''s C:\\\\temp\\\\'");
    }

    #[test]
    fn like_prefixes_match_their_wildcards_literally() {
        assert_eq!(like_prefix("retort_scratch_"), "retort\\_scratch\\_%");
        for dialect in [Dialect::Postgresql, Dialect::Mysql] {
            let sql = dialect
                .databases_starting_with("retort_scratch_")
                .unwrap_or_default();
            assert!(sql.contains("LIKE "), "{dialect}: {sql}");
        }
        assert_eq!(Dialect::Sqlite.databases_starting_with("x"), None);
    }

    #[test]
    fn error_codes_are_classified_per_dialect() {
        // SQLite's extended codes keep the primary code in the low byte: SQLITE_BUSY_SNAPSHOT.
        assert_eq!(Dialect::Sqlite.error_kind("5"), ErrorKind::Busy);
        assert_eq!(Dialect::Sqlite.error_kind("517"), ErrorKind::Busy);
        assert_eq!(Dialect::Sqlite.error_kind("1"), ErrorKind::Other);
        assert_eq!(Dialect::Postgresql.error_kind("42501"), ErrorKind::Denied);
        assert_eq!(Dialect::Postgresql.error_kind("42P01"), ErrorKind::Other);
        assert_eq!(Dialect::Mysql.error_kind("1044"), ErrorKind::Denied);
        assert_eq!(Dialect::Mysql.error_kind("1227"), ErrorKind::Denied);
        assert_eq!(Dialect::Mysql.error_kind("1064"), ErrorKind::Other);
        for dialect in ALL {
            assert_eq!(dialect.error_kind("not a code"), ErrorKind::Other);
        }
    }

    #[test]
    fn only_mysql_runs_ddl_outside_transactions() {
        for dialect in ALL {
            assert_eq!(dialect.transactional_ddl(), dialect != Dialect::Mysql);
        }
        assert_eq!(Dialect::Sqlite.begin(), "BEGIN IMMEDIATE");
    }
}
