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

const RUNNERS: usize = 16;
const REVISIONS: usize = 20;

/// A statement that takes a little while, so that concurrent runs overlap.
fn pause(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(0.05);",
        Dialect::Mysql => "SELECT SLEEP(0.05);",
        // About 30-40 ms in a debug build of the bundled SQLite.
        Dialect::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000) SELECT count(*) FROM c;"
        }
    }
}

fn rev_id(n: usize) -> String {
    format!("c{n:02}")
}

/// c01 .. c20 in a line. c01 creates `runs`; every revision inserts its own id into it, so the
/// table counts how often each revision's SQL ran. Every third revision also pauses and creates a
/// table, and two are `transactional: false` (the claim-row path on every dialect).
fn counter_project(dialect: Dialect) -> tempfile::TempDir {
    let dir = empty_project();
    for n in 1..=REVISIONS {
        let id = rev_id(n);
        let parent = (n > 1).then(|| rev_id(n - 1));
        let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
        let mut up = String::new();
        let mut down = String::new();
        if n == 1 {
            up.push_str("CREATE TABLE runs (rev VARCHAR(10) NOT NULL);\n");
        }
        up.push_str(&format!("INSERT INTO runs (rev) VALUES ('{id}');\n"));
        if n % 3 == 0 {
            up.push_str(pause(dialect));
            up.push('\n');
            up.push_str(&format!("CREATE TABLE t_{id} (id INTEGER PRIMARY KEY);\n"));
            down.push_str(&format!("DROP TABLE t_{id};\n"));
        }
        down.push_str(&format!("DELETE FROM runs WHERE rev = '{id}';\n"));
        if n == 1 {
            down.push_str("DROP TABLE runs;\n");
        }
        let header = if n == 7 || n == 14 {
            "-- transactional: false\n"
        } else {
            ""
        };
        write_revision(dir.path(), &id, &parents, header, &up, &down);
    }
    dir
}

/// How the concurrent runs start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A fresh, empty database; the runners use the defaults (SQLite: a backup per run).
    Fresh,
    /// SQLite: `--no-backup`, to see the locking on its own.
    FreshNoBackup,
    /// SQLite: c01 applied first, so the file is not empty and every runner takes its backup at
    /// the same moment, as on a real database.
    Existing,
}

fn concurrent_upgrades(dialect: Dialect, start: Start) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = counter_project(dialect);
    let p = project.path();
    let mut args = vec!["--lock-timeout", "120", "upgrade", "head"];
    if start == Start::FreshNoBackup {
        args.push("--no-backup");
    }
    let before = if start == Start::Existing {
        ok(retort(p, Some(&db.url), &["upgrade", "c01"]));
        1
    } else {
        0
    };
    let started = Instant::now();
    let children: Vec<Child> = (0..RUNNERS)
        .map(|_| {
            retort_command(p, Some(&db.url), &args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn retort")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for retort"))
        .collect();
    let elapsed = started.elapsed();
    let last = rev_id(REVISIONS);
    let mut steps = 0;
    let failures: Vec<String> = outputs
        .iter()
        .enumerate()
        .filter(|(_, out)| !out.status.success())
        .map(|(i, out)| {
            format!(
                "runner {i} ({:?}): {}",
                out.status.code(),
                stderr(out).trim()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {RUNNERS} runners failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (i, out) in outputs.iter().enumerate() {
        let err = stderr(out);
        let done = err
            .lines()
            .find_map(|l| l.strip_prefix("done: "))
            .unwrap_or_else(|| panic!("runner {i} printed no summary: {err}"));
        assert!(
            done.ends_with(&format!("current: {last}")),
            "runner {i}: {err}"
        );
        steps += done
            .split(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("runner {i}: {done}"));
    }
    eprintln!("{dialect}: {RUNNERS} runners applied {REVISIONS} revisions in {elapsed:?}");
    assert_eq!(
        steps + before,
        REVISIONS,
        "the runners together applied each revision once"
    );

    let expected: Vec<String> = (1..=REVISIONS).map(rev_id).collect();
    assert_eq!(db.applied(), expected);
    let counts: Vec<(String, String)> = db
        .query(&format!(
            "SELECT rev, CAST(COUNT(*) AS {}) FROM runs GROUP BY rev ORDER BY rev",
            text_type(dialect)
        ))
        .into_iter()
        .map(|r| {
            (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
            )
        })
        .collect();
    let once: Vec<(String, String)> = expected
        .iter()
        .map(|id| (id.clone(), "1".to_string()))
        .collect();
    assert_eq!(counts, once, "each revision's SQL ran exactly once");
    let log = db.query("SELECT action, outcome, revision FROM retort_log ORDER BY id");
    let upgrades = log
        .iter()
        .filter(|r| r[0].as_deref() == Some("upgrade") && r[1].as_deref() == Some("ok"))
        .count();
    assert_eq!(
        upgrades, REVISIONS,
        "one log row per applied revision: {log:?}"
    );
    assert!(
        log.iter().all(|r| r[1].as_deref() == Some("ok")),
        "no failure logged: {log:?}"
    );
    let status = ok(retort(p, Some(&db.url), &["--json", "status"]));
    let status: serde_json::Value = serde_json::from_str(&status).expect("status --json");
    assert!(status["dirty"].is_null(), "{status}");
    assert_eq!(status["pending"], serde_json::json!([]), "{status}");
    if dialect == Dialect::Sqlite {
        check_backups(&db);
    }
}

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

#[test]
fn concurrent_upgrades_sqlite() {
    concurrent_upgrades(Dialect::Sqlite, Start::Fresh);
}

#[test]
fn concurrent_upgrades_postgresql() {
    concurrent_upgrades(Dialect::Postgresql, Start::Fresh);
}

#[test]
fn concurrent_upgrades_mysql() {
    concurrent_upgrades(Dialect::Mysql, Start::Fresh);
}

#[test]
fn concurrent_upgrades_sqlite_no_backup() {
    concurrent_upgrades(Dialect::Sqlite, Start::FreshNoBackup);
}

#[test]
fn concurrent_upgrades_sqlite_existing_file() {
    concurrent_upgrades(Dialect::Sqlite, Start::Existing);
}

/// Far longer than the test waits before the kill: PostgreSQL sleeps; SQLite counts to 50 million
/// (about a minute in a debug build of the bundled SQLite, several seconds in an optimised one).
fn long(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(30);",
        Dialect::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT count(*) FROM c;"
        }
        Dialect::Mysql => unreachable!("MySQL commits DDL at once: a kill leaves a dirty mark instead"),
    }
}

fn short(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(0.01);",
        _ => "SELECT 1;",
    }
}

/// k01 is quick; k02 creates a table, inserts a row, runs the long statement, creates another.
fn kill_project(dialect: Dialect) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = empty_project();
    write_revision(
        dir.path(),
        "k01",
        &[],
        "",
        "CREATE TABLE k_first (id INTEGER PRIMARY KEY);",
        "DROP TABLE k_first;",
    );
    let k02 = write_revision(
        dir.path(),
        "k02",
        &["k01"],
        "",
        &format!(
            "CREATE TABLE k_half (id INTEGER PRIMARY KEY, note VARCHAR(20));\nINSERT INTO k_half (id, note) VALUES (1, 'half');\n{}\nCREATE TABLE k_after (id INTEGER PRIMARY KEY);",
            long(dialect)
        ),
        "DROP TABLE k_after;\nDROP TABLE k_half;",
    );
    (dir, k02)
}

fn table_exists(db: &TestDb, table: &str) -> bool {
    let sql = match db.dialect {
        Dialect::Sqlite => format!("SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
        _ => format!("SELECT CAST(COUNT(*) AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"),
    };
    db.scalar(&sql) == "1"
}

/// Lines of the child's stderr as they come.
/// `upgrade head` in the background, with its stderr lines as they come: a run to watch and kill.
fn spawn_upgrade(project: &Path, url: &str) -> (Child, mpsc::Receiver<String>) {
    let mut child = retort_command(
        project,
        Some(url),
        &["--lock-timeout", "120", "upgrade", "head"],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn retort");
    let rx = stderr_lines(&mut child);
    (child, rx)
}

fn stderr_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let pipe = child.stderr.take().expect("piped stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits until the child prints a line containing `text`; panics after `limit`.
fn wait_for_line(rx: &mpsc::Receiver<String>, text: &str, limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(text);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(e) => panic!("no {text:?} on stderr ({e}); saw {seen:?}"),
        }
    }
}

/// Advisory locks held on this test's database (pg_locks covers the whole cluster).
fn advisory_locks(db: &TestDb) -> String {
    db.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
}

fn kill_mid_revision(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let (project, k02) = kill_project(dialect);
    let p = project.path();
    let (mut child, rx) = spawn_upgrade(p, &db.url);
    let seen = wait_for_line(&rx, "Running upgrade k02", Duration::from_secs(60));
    if dialect == Dialect::Postgresql {
        // The long statement is on the server: the revision's table and row exist in its
        // transaction by now.
        let deadline = Instant::now() + Duration::from_secs(20);
        while db.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(30)%'") != "1" {
            assert!(Instant::now() < deadline, "pg_sleep(30) never started; stderr: {seen:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "the runner finished before the kill: make the long statement longer; stderr: {seen:?}"
    );
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reap");
    assert_eq!(status.code(), None, "killed by a signal: {status:?}");

    assert_eq!(db.applied(), ["k01"], "k02 must not be recorded");
    assert!(table_exists(&db, "k_first"));
    assert!(!table_exists(&db, "k_half"), "k02 half-applied");
    assert!(!table_exists(&db, "k_after"));
    let current = ok(retort(p, Some(&db.url), &["--json", "current"]));
    let current: serde_json::Value = serde_json::from_str(&current).expect("current --json");
    assert_eq!(current["current"], serde_json::json!(["k01"]), "{current}");
    assert!(
        current["dirty"].is_null(),
        "a transactional revision leaves no dirty mark: {current}"
    );

    // The revision never got recorded, so editing it is not drift.
    let text = std::fs::read_to_string(&k02).expect("read k02");
    std::fs::write(&k02, text.replace(long(dialect), short(dialect))).expect("edit k02");
    let started = Instant::now();
    let out = retort(
        p,
        Some(&db.url),
        &["--lock-timeout", "120", "upgrade", "head"],
    );
    let waited = started.elapsed();
    eprintln!(
        "{dialect}: the rerun after the kill took {waited:?}; stderr: {}",
        stderr(&out)
    );
    ok(out);
    assert!(waited < Duration::from_secs(120), "{waited:?}");
    assert_eq!(db.applied(), ["k01", "k02"]);
    assert!(table_exists(&db, "k_after"));
    assert_eq!(db.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM k_half"), "1");
    if dialect == Dialect::Postgresql {
        assert_eq!(
            advisory_locks(&db),
            "0",
            "the lock is released after the rerun"
        );
    }
    let log = db.query("SELECT action, revision, outcome FROM retort_log ORDER BY id");
    assert_eq!(
        log.len(),
        2,
        "the killed run logged nothing of k02: {log:?}"
    );
    if dialect == Dialect::Sqlite {
        check_backups(&db);
    }
}

#[test]
fn kill_mid_revision_sqlite() {
    kill_mid_revision(Dialect::Sqlite);
}

#[test]
fn kill_mid_revision_postgresql() {
    kill_mid_revision(Dialect::Postgresql);
}

/// The project shape is dialect-neutral apart from the pauses.
#[test]
fn counter_project_shape() {
    let project = counter_project(Dialect::Sqlite);
    let history = ok(retort(project.path(), None, &["history"]));
    assert_eq!(history.lines().count(), REVISIONS, "{history}");
    assert!(project.path().join("versions/c20.sql").exists());
}

/// Runs for many seconds outside a transaction (killed by the test before it ends).
fn slow(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(30);",
        Dialect::Mysql => "SELECT SLEEP(8);",
        Dialect::Sqlite => long(Dialect::Sqlite),
    }
}

fn status_json(p: &std::path::Path, db: &TestDb) -> serde_json::Value {
    let out = ok(retort(p, Some(&db.url), &["--json", "status"]));
    serde_json::from_str(&out).expect("status --json")
}

/// Polls `status --json` until `key` is set; panics after `limit`.
fn wait_for_status(
    p: &std::path::Path,
    db: &TestDb,
    key: &str,
    limit: Duration,
) -> serde_json::Value {
    let deadline = Instant::now() + limit;
    loop {
        let status = status_json(p, db);
        if !status[key].is_null() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "status never showed {key}: {status}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A live statement-by-statement run is "in progress" from a second terminal, not dirty, and
/// `resolve` waits for its lock (and says what it waits for); once its runner is killed the
/// claim is dirty at once, naming the completed statements and the one that was running.
fn live_run_then_killed(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let header = if dialect == Dialect::Mysql {
        ""
    } else {
        "-- transactional: false\n"
    };
    write_revision(
        p,
        "l01",
        &[],
        header,
        &format!(
            "CREATE TABLE l_first (id INTEGER);\n{}\nCREATE TABLE l_after (id INTEGER);",
            slow(dialect)
        ),
        "DROP TABLE l_after;\nDROP TABLE l_first;",
    );
    let (mut child, rx) = spawn_upgrade(p, &db.url);
    wait_for_line(&rx, "Running upgrade l01", Duration::from_secs(60));
    let status = wait_for_status(p, &db, "running", Duration::from_secs(20));
    assert!(
        status["dirty"].is_null(),
        "a live run is not dirty: {status}"
    );
    assert_eq!(status["running"]["revision"], "l01");
    let text = ok(retort(p, Some(&db.url), &["status"]));
    assert!(
        text.contains("Running:") && text.contains("in progress"),
        "{text}"
    );
    assert!(!text.contains("Dirty"), "{text}");
    let current = ok(retort(p, Some(&db.url), &["current"]));
    assert!(
        current.contains("in progress") && !current.contains("dirty"),
        "{current}"
    );

    // resolve takes the run lock: it waits, saying for what, and gives up.
    let err = fails(
        retort(
            p,
            Some(&db.url),
            &["--lock-timeout", "1", "resolve", "l01", "--rolled-back"],
        ),
        "another retort run holds the migration lock",
    );
    assert!(
        // Progress is recorded about once a second, so the quick first statement may not be yet.
        err.contains("upgrade of revision l01 (at least 1 statement(s) done), claimed by")
            || err.contains("upgrade of revision l01 (at least 0 statement(s) done), claimed by"),
        "says what it waits for: {err}"
    );
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "the run ended early"
    );
    assert_eq!(status_json(p, &db)["running"]["state"], "running");
    // The app's preview says the same.
    let project_api = retort::project::Project::open(&p.join("retort.toml")).expect("project");
    let options = retort::apply::RunOptions {
        direction: retort::error::Direction::Upgrade,
        target: "head".into(),
        allow_drift: false,
        lock_timeout: Duration::from_secs(5),
        backup: false,
        cancel: None,
    };
    let preview = runtime().block_on(retort::apply::preview(&project_api, &db.parsed(), &options));
    let code = preview.err().map(|e| e.code());
    assert_eq!(code, Some("run_in_progress"));

    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    // The server frees the lock once it notices the client is gone (PostgreSQL within a
    // second, MariaDB when the sleep ends); SQLite's file lock goes with the process.
    let status = wait_for_status(p, &db, "dirty", Duration::from_secs(25));
    assert!(status["running"].is_null(), "{status}");
    let text = ok(retort(p, Some(&db.url), &["status"]));
    // The record never claims more than ran: statement 1 completed, statement 2 was running.
    assert!(
        text.contains("statement 1 certainly completed; statement 2 or a later one was running when its runner")
            || text.contains("no statement certainly completed; statement 1 or a later one was running when its runner"),
        "{text}"
    );
    let started = Instant::now();
    let err = fails(
        retort(
            p,
            Some(&db.url),
            &["--lock-timeout", "60", "upgrade", "head"],
        ),
        "the database is dirty",
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a dead claim is reported at once, not after the lock timeout: {:?}",
        started.elapsed()
    );
    assert!(err.contains("or a later one was running"), "{err}");
    db.exec("DROP TABLE l_first").unwrap();
    ok(retort(
        p,
        Some(&db.url),
        &["resolve", "l01", "--rolled-back"],
    ));
    assert_eq!(db.applied(), Vec::<String>::new());
}

on_each_dialect!(live_run_then_killed: live_run_then_killed_sqlite, live_run_then_killed_postgresql, live_run_then_killed_mysql);
