//! Issue 11, Retort's own SQL: a failed run's partial report, and MySQL defaults holding
//! backslashes through an autogenerate round trip. On real SQLite files and the real PostgreSQL
//! and MariaDB servers.

mod common;

// Shared with `autogen_roundtrip`, of which this file uses a part.
#[allow(dead_code)]
#[path = "autogen/harness.rs"]
mod harness;

use common::{empty_project, runtime, write_revision, TestDb};
use harness::{run, Pair};
use retort::Dialect;
use std::time::Duration;

fn upgrade_to_head() -> retort::apply::RunOptions {
    retort::apply::RunOptions {
        direction: retort::error::Direction::Upgrade,
        target: "head".into(),
        allow_drift: false,
        lock_timeout: Duration::from_secs(10),
        backup: false,
        cancel: None,
    }
}

/// A run that fails at its second revision returns the first one in its report, the heads that
/// leaves, and the error.
#[test]
fn a_failed_run_reports_what_it_applied_before_the_failure() {
    for dialect in common::DIALECTS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let dir = empty_project();
        let p = dir.path();
        write_revision(
            p,
            "a1",
            &[],
            "",
            "CREATE TABLE ta (id INTEGER);",
            "DROP TABLE ta;",
        );
        write_revision(
            p,
            "b2",
            &["a1"],
            "",
            "CREATE TABLE tb (id INTEGER);\nINSERT INTO no_such_table VALUES (1);",
            "DROP TABLE tb;",
        );
        let project = retort::project::Project::open(&p.join("retort.toml")).expect("project");
        let outcome = runtime().block_on(retort::apply::run(
            &project,
            &db.parsed(),
            &upgrade_to_head(),
            &|_| {},
        ));
        let Err(failure) = outcome else {
            panic!("{dialect}: the upgrade should fail at b2");
        };
        assert_eq!(failure.error.code(), "statement_failed", "{dialect}");
        assert!(failure.error.to_string().contains("b2"), "{dialect}");
        let ran: Vec<&str> = failure
            .report
            .steps
            .iter()
            .map(|s| s.revision.as_str())
            .collect();
        assert_eq!(ran, ["a1"], "{dialect}");
        assert_eq!(failure.report.current, ["a1"], "{dialect}");
        assert_eq!(db.applied(), ["a1"], "{dialect}");
    }
}

/// MySQL reads backslash escapes in string literals: column defaults (and a comment) holding
/// `\`, one ending in `\`, and quotes next to them come through autogenerate as written.
#[test]
fn mysql_defaults_with_backslashes_round_trip() {
    let a = r"CREATE TABLE paths (id INT PRIMARY KEY, dir VARCHAR(50) DEFAULT 'D:\\' COMMENT 'end\\') COMMENT 't\\';
CREATE TABLE gone (id INT PRIMARY KEY, p VARCHAR(9) DEFAULT '\\x');";
    let b = r"CREATE TABLE paths (
    id INT PRIMARY KEY,
    dir VARCHAR(50) DEFAULT 'C:\\temp\\',
    note VARCHAR(50) DEFAULT 'it''s \\'' ; x' COMMENT 'a\\b\\',
    tail VARCHAR(10) NOT NULL DEFAULT '\\'
);";
    let pair = Pair::new("default_escapes", a, b)
        .seed(&["INSERT INTO paths (id) VALUES (1)"])
        .keep(&["paths: id"]);
    run(&[Dialect::Mysql], &pair);
}
