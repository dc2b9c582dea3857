//! Retort's own SQL under failure: a failed run's partial report, and `stamp` reading SQLite's
//! state under its write lock. On real SQLite files and the real PostgreSQL and MariaDB servers.

use crate::common::{empty_project, ok, retort, retort_command, runtime, write_revision, TestDb};
use retort::db::{ConnectOptions, Db};
use retort::Dialect;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn upgrade_to_head() -> retort::apply::RunOptions {
    retort::apply::RunOptions {
        direction: retort::error::Direction::Upgrade,
        target: retort::graph::Target::Head,
        allow_drift: false,
        lock_timeout: Duration::from_secs(10),
        backup: false,
        cancel: None,
    }
}

/// A project a1 - b2, where b2's upgrade is `b2_up` (and its downgrade drops `tb`).
fn a1_then_b2(b2_up: &str) -> tempfile::TempDir {
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
    write_revision(p, "b2", &["a1"], "", b2_up, "DROP TABLE tb;");
    dir
}

/// A run that fails at its second revision returns the first one in its report, the heads that
/// leaves, and the error.
#[test]
fn a_failed_run_reports_what_it_applied_before_the_failure() {
    for dialect in crate::common::DIALECTS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let dir =
            a1_then_b2("CREATE TABLE tb (id INTEGER);\nINSERT INTO no_such_table VALUES (1);");
        let p = dir.path();
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

/// A second connection holds SQLite's write lock and, inside its transaction, removes a1's
/// record while `stamp b2` waits. The stamp must read the state after it takes the write lock:
/// one that read it before (a1 applied) would add b2 alone and leave b2 recorded without a1.
#[test]
fn sqlite_stamp_reads_the_state_under_its_write_lock() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let dir = a1_then_b2("CREATE TABLE tb (id INTEGER);");
    let p = dir.path();
    ok(retort(p, Some(&db.url), &["upgrade", "a1"]));

    let rt = runtime();
    let options = ConnectOptions {
        create_sqlite: false,
        timeout: Duration::from_secs(20),
    };
    let mut writer = rt
        .block_on(Db::connect(&db.parsed(), options))
        .expect("second connection");
    let mut exec = |sql: &str| {
        rt.block_on(writer.execute(sql))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    exec("BEGIN IMMEDIATE");
    exec("DELETE FROM retort_revisions WHERE revision = 'a1'");

    let stamp = retort_command(p, Some(&db.url), &["--lock-timeout", "20", "stamp", "b2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn retort stamp");
    // The stamp holds its run lock (a file lock) before it reads anything; then give a stamp
    // that reads before taking the write lock ample time to have read.
    wait_for_run_lock(&db.sqlite_path());
    std::thread::sleep(Duration::from_millis(1500));
    exec("COMMIT");

    let out = stamp.wait_with_output().expect("stamp finishes");
    ok(out);
    assert_eq!(db.applied(), ["a1", "b2"]);
}

/// Waits until a retort run holds the run lock of the SQLite database at `path`.
fn wait_for_run_lock(path: &Path) {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push("-retort-lock");
    let lock = path.with_file_name(name);
    let started = Instant::now();
    loop {
        let held = std::fs::File::open(&lock)
            .is_ok_and(|f| matches!(f.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock)));
        if held {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the stamp never took its run lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
