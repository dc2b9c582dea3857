//! The SQL of Retort's own two tables as text, assembled from the dialect's pieces: the same
//! statements are shown by `--sql` and the preview, and executed. Pure rendering; no connection.

use super::{Dialect, TableTypes};
use serde::{Deserialize, Serialize};

/// The names of the applied-set table and the append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    pub revisions: String,
    pub log: String,
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            revisions: "retort_revisions".into(),
            log: "retort_log".into(),
        }
    }
}

/// One `retort_log` row.
#[derive(Debug, Clone)]
pub struct LogEntry<'a> {
    /// upgrade, downgrade, stamp or resolve.
    pub action: &'a str,
    pub revision: Option<&'a str>,
    pub duration_ms: u128,
    /// ok, failed or dirty.
    pub outcome: &'a str,
    pub statement: Option<usize>,
    pub error: Option<&'a str>,
    pub host: &'a str,
    pub user: &'a str,
}

/// Renders bookkeeping statements for one dialect and one pair of table names.
#[derive(Debug, Clone, Copy)]
pub struct Book<'a> {
    pub dialect: Dialect,
    pub tables: &'a Tables,
}

impl Book<'_> {
    /// Quotes a table name, part by part for `schema.table`.
    pub fn ident(&self, name: &str) -> String {
        self.dialect.quote_qualified(name)
    }

    pub fn literal(&self, value: &str) -> String {
        self.dialect.literal(value)
    }

    fn opt_literal(&self, value: Option<&str>) -> String {
        value.map_or("NULL".into(), |v| self.literal(v))
    }

    fn text(&self, expr: &str) -> String {
        self.dialect.as_text(expr)
    }

    fn revisions(&self) -> String {
        self.ident(&self.tables.revisions)
    }

    fn log_table(&self) -> String {
        self.ident(&self.tables.log)
    }

    /// Opens the transaction of one revision (see [`Dialect::begin`]).
    pub fn begin(&self) -> &'static str {
        self.dialect.begin()
    }

    pub fn create_tables(&self) -> Vec<String> {
        let TableTypes {
            timestamp,
            now,
            log_id,
            revision,
            revisions_suffix,
        } = self.dialect.table_types();
        vec![
            format!(
                "CREATE TABLE IF NOT EXISTS {} (\n    revision {revision} NOT NULL PRIMARY KEY,\n    checksum VARCHAR(64) NOT NULL,\n    applied_at {timestamp} NOT NULL DEFAULT {now},\n    duration_ms BIGINT NOT NULL DEFAULT 0,\n    applied_by VARCHAR(255) NOT NULL DEFAULT '',\n    state VARCHAR(16) NOT NULL DEFAULT 'applied',\n    direction VARCHAR(16),\n    statement_no INTEGER\n){revisions_suffix}",
                self.revisions()
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {} (\n    id {log_id},\n    logged_at {timestamp} NOT NULL DEFAULT {now},\n    action VARCHAR(16) NOT NULL,\n    revision {revision},\n    duration_ms BIGINT NOT NULL DEFAULT 0,\n    host VARCHAR(255),\n    os_user VARCHAR(255),\n    outcome VARCHAR(16) NOT NULL,\n    statement_no INTEGER,\n    error TEXT\n)",
                self.log_table()
            ),
        ]
    }

    /// The schema the two tables are looked up in, and their bare names.
    fn catalog_names(&self) -> (Option<&str>, [&str; 2]) {
        (
            schema_of(&self.tables.revisions),
            [bare(&self.tables.revisions), bare(&self.tables.log)],
        )
    }

    /// MySQL: counts the revision columns of existing tables (made before ids were binary) whose
    /// collation is not binary; answers `0` when there is nothing to change.
    pub fn count_folding_ids(&self) -> Option<String> {
        let (schema, names) = self.catalog_names();
        self.dialect.count_folding_ids(schema, &names)
    }

    /// MySQL: makes the revision columns of existing tables binary (see `count_folding_ids`).
    pub fn binary_ids(&self) -> Vec<String> {
        self.dialect
            .binary_ids(&self.revisions(), &self.log_table())
    }

    /// How many of the two tables exist (0, 1 or 2), as text.
    pub fn count_tables(&self) -> String {
        let (schema, names) = self.catalog_names();
        self.dialect.count_tables(schema, &names)
    }

    pub fn select_revisions(&self) -> String {
        format!(
            "SELECT revision, checksum, {}, {}, applied_by, state, direction, {} FROM {} ORDER BY applied_at, revision",
            self.text("applied_at"),
            self.text("duration_ms"),
            self.text("statement_no"),
            self.revisions()
        )
    }

    /// The newest `limit` log rows, newest first.
    pub fn select_log(&self, limit: usize) -> String {
        format!(
            "SELECT {}, {}, action, revision, {}, host, os_user, outcome, {}, error FROM {} ORDER BY id DESC LIMIT {limit}",
            self.text("id"),
            self.text("logged_at"),
            self.text("duration_ms"),
            self.text("statement_no"),
            self.log_table()
        )
    }

    pub fn insert_applied(
        &self,
        revision: &str,
        checksum: &str,
        duration_ms: u128,
        by: &str,
    ) -> String {
        format!(
            "INSERT INTO {} (revision, checksum, duration_ms, applied_by, state) VALUES ({}, {}, {duration_ms}, {}, 'applied')",
            self.revisions(),
            self.literal(revision),
            self.literal(checksum),
            self.literal(by)
        )
    }

    pub fn delete_applied(&self, revision: &str) -> String {
        format!(
            "DELETE FROM {} WHERE revision = {}",
            self.revisions(),
            self.literal(revision)
        )
    }

    /// Before a non-transactional upgrade: claim the revision, so a crash leaves a visible mark.
    pub fn insert_running(&self, revision: &str, checksum: &str, by: &str) -> String {
        format!(
            "INSERT INTO {} (revision, checksum, applied_by, state, direction, statement_no) VALUES ({}, {}, {}, 'running', 'upgrade', 0)",
            self.revisions(),
            self.literal(revision),
            self.literal(checksum),
            self.literal(by)
        )
    }

    /// Before a non-transactional downgrade.
    pub fn mark_running_downgrade(&self, revision: &str) -> String {
        format!(
            "UPDATE {} SET state = 'running', direction = 'downgrade', statement_no = 0 WHERE revision = {}",
            self.revisions(),
            self.literal(revision)
        )
    }

    /// After statement `done` of a non-transactional revision succeeded.
    pub fn progress(&self, revision: &str, done: usize) -> String {
        format!(
            "UPDATE {} SET statement_no = {done} WHERE revision = {}",
            self.revisions(),
            self.literal(revision)
        )
    }

    /// Statement `failed` of a non-transactional revision failed: a human must look.
    pub fn mark_dirty(&self, revision: &str, failed: usize) -> String {
        format!(
            "UPDATE {} SET state = 'dirty', statement_no = {failed} WHERE revision = {}",
            self.revisions(),
            self.literal(revision)
        )
    }

    /// A claimed or dirty revision is, after all, applied.
    pub fn mark_applied(&self, revision: &str, checksum: &str, duration_ms: u128) -> String {
        format!(
            "UPDATE {} SET state = 'applied', direction = NULL, statement_no = NULL, checksum = {}, duration_ms = {duration_ms} WHERE revision = {}",
            self.revisions(),
            self.literal(checksum),
            self.literal(revision)
        )
    }

    pub fn log(&self, entry: &LogEntry<'_>) -> String {
        format!(
            "INSERT INTO {} (action, revision, duration_ms, host, os_user, outcome, statement_no, error) VALUES ({}, {}, {}, {}, {}, {}, {}, {})",
            self.log_table(),
            self.literal(entry.action),
            self.opt_literal(entry.revision),
            entry.duration_ms,
            self.literal(entry.host),
            self.literal(entry.user),
            self.literal(entry.outcome),
            entry.statement.map_or("NULL".into(), |n| n.to_string()),
            self.opt_literal(entry.error)
        )
    }

    /// Tries the run-wide lock once; the query answers `1` when it was taken.
    pub fn try_lock(&self) -> Option<String> {
        self.dialect.try_lock(&self.tables.revisions)
    }

    pub fn unlock(&self) -> Option<String> {
        self.dialect.unlock(&self.tables.revisions)
    }

    /// Whether some session holds the run lock now (`1` or `0`); lets a second terminal tell a
    /// live run from a dead one without taking the lock.
    pub fn lock_held(&self) -> Option<String> {
        self.dialect.lock_held(&self.tables.revisions)
    }

    /// Whether this session itself still holds the run lock (`1` or `0`): a revision's
    /// `DISCARD ALL`, `pg_advisory_unlock_all()` or `RELEASE_ALL_LOCKS()` would drop it.
    pub fn lock_held_here(&self) -> Option<String> {
        self.dialect.lock_held_here(&self.tables.revisions)
    }
}

fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn schema_of(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(schema, _)| schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_identifiers_are_escaped_per_dialect() {
        let tables = Tables::default();
        let pg = Book {
            dialect: Dialect::Postgresql,
            tables: &tables,
        };
        let my = Book {
            dialect: Dialect::Mysql,
            tables: &tables,
        };
        assert_eq!(pg.literal("it's \\ here"), "'it''s \\ here'");
        assert_eq!(my.literal("it's \\ here"), "'it''s \\\\ here'");
        assert_eq!(
            pg.ident("app.retort_revisions"),
            "\"app\".\"retort_revisions\""
        );
        assert_eq!(my.ident("we`ird"), "`we``ird`");
    }

    #[test]
    fn every_dialect_has_its_own_auto_id_and_lock() {
        let tables = Tables::default();
        for (dialect, id, lock) in [
            (Dialect::Sqlite, "INTEGER PRIMARY KEY", None),
            (
                Dialect::Postgresql,
                "IDENTITY",
                Some("pg_try_advisory_lock"),
            ),
            (Dialect::Mysql, "AUTO_INCREMENT", Some("GET_LOCK")),
        ] {
            let book = Book {
                dialect,
                tables: &tables,
            };
            assert!(book.create_tables()[1].contains(id));
            assert_eq!(book.try_lock().is_some(), lock.is_some());
            if let (Some(sql), Some(word)) = (book.try_lock(), lock) {
                assert!(sql.contains(word));
            }
        }
    }
}

/// Who runs Retort, as recorded in both tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub host: String,
    pub user: String,
}

impl Actor {
    pub fn current() -> Actor {
        Actor {
            host: whoami::fallible::hostname().unwrap_or_else(|_| "unknown".into()),
            user: whoami::username(),
        }
    }

    pub fn applied_by(&self) -> String {
        format!("{}@{}", self.user, self.host)
    }
}
