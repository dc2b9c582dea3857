//! A revision that fails part-way outside a transaction (MariaDB always; SQLite and PostgreSQL with
//! `-- transactional: false`) leaves a dirty mark naming the revision and the statement; every later
//! command refuses and points at `resolve`, which clears the mark either way.

use crate::common::*;
use retort::Dialect;
use std::path::{Path, PathBuf};

mod bookkeeping;
mod locks;
mod resolve;
mod session;

/// Statement 3 (line 9 of the file) inserts into a table that does not exist.
const BROKEN: &str = "-- revision: a2
-- down_revision: a1
-- message: fails at the third statement
-- transactional: false

-- upgrade
CREATE TABLE d_one (id INTEGER);
CREATE TABLE d_two (id INTEGER);
INSERT INTO d_missing (id) VALUES (1);
CREATE TABLE d_four (id INTEGER);

-- downgrade
DROP TABLE d_four;
DROP TABLE d_two;
DROP TABLE d_one;
";

/// On MariaDB every revision runs statement by statement: no header needed (the line stays, as a
/// free comment, so the failing statement is on line 9 everywhere).
fn broken(dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => BROKEN.replace(
            "-- transactional: false",
            "-- MariaDB commits DDL implicitly",
        ),
        _ => BROKEN.to_string(),
    }
}

/// What a person would have written after reading the error.
fn fixed(dialect: Dialect) -> String {
    broken(dialect).replace("INSERT INTO d_missing", "INSERT INTO d_two")
}

/// The tables the revisions made (Retort's own left out).
fn user_tables(db: &TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter(|t| !t.starts_with("retort_"))
        .collect()
}

/// `retort_revisions` rows: revision, state, direction, statement.
fn rows(db: &TestDb) -> Vec<Vec<Option<String>>> {
    db.query(&format!(
        "SELECT revision, state, direction, CAST(statement_no AS {}) FROM retort_revisions ORDER BY revision",
        text_type(db.dialect)
    ))
}

/// The newest log row: action, revision, outcome, statement, error.
fn last_log(db: &TestDb) -> Vec<Option<String>> {
    db.query(&format!(
        "SELECT action, revision, outcome, CAST(statement_no AS {}), error FROM retort_log ORDER BY id DESC LIMIT 1",
        text_type(db.dialect)
    ))
    .remove(0)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn db_message(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "no such table: d_missing",
        Dialect::Postgresql => "relation \"d_missing\" does not exist",
        Dialect::Mysql => "d_missing' doesn't exist",
    }
}
