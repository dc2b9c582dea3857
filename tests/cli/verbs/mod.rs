//! Every CLI verb and every target form through the real binary on SQLite, PostgreSQL and MariaDB,
//! asserting on what really happened: the recorded applied set, the tables in the catalog, the
//! output (text and `--json`), the exit codes, and which database the connection chain picked.

use crate::common::*;
use retort::Dialect;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

mod authoring;
mod connection;
mod moves;
mod offline;
mod progress;
mod reads;
mod usage;

/// Where no server listens: read commands that need no database must still work with it.
const UNREACHABLE_PG: &str = "postgresql://x@127.0.0.1:1/nope";

/// The revisions whose table (`t_<id>`, made by the fixtures' upgrades) exists, sorted.
fn made_tables(db: &TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter_map(|t| t.strip_prefix("t_").map(str::to_string))
        .collect()
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn sorted_strings(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The recorded applied set is `ids`, and exactly their tables exist.
#[track_caller]
fn assert_state(db: &TestDb, ids: &[&str]) {
    assert_eq!(db.applied(), sorted(ids), "recorded applied set");
    assert_eq!(made_tables(db), sorted(ids), "tables in the catalog");
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect()
}

/// The revision id of an Alembic-style history line: `parents -> id (tags), message`.
fn line_id(line: &str) -> String {
    let after = line
        .split(" -> ")
        .nth(1)
        .unwrap_or_else(|| panic!("not a history line: {line}"));
    after
        .split([' ', ','])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn history_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(line_id)
        .collect()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[track_caller]
fn usage_error(out: Output) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected a usage error; stdout: {} stderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stderr(&out).trim().is_empty());
}
