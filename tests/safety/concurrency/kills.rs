//! A runner killed mid-revision: nothing half-applied and no lock left behind; a live
//! statement-by-statement run is "in progress" from a second terminal, and dirty once killed.

use super::*;

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

/// Runs for many seconds outside a transaction (killed by the test before it ends).
fn slow(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(30);",
        Dialect::Mysql => "SELECT SLEEP(8);",
        Dialect::Sqlite => long(Dialect::Sqlite),
    }
}

fn status_json(p: &std::path::Path, db: &TestDb) -> serde_json::Value {
    let out = retort(p, Some(&db.url), &["--json", "status"]);
    // A dirty database exits 1 (README: exit codes), its JSON printed all the same.
    let out = if out.status.code() == Some(1) {
        dirty_status(out)
    } else {
        ok(out)
    };
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
        target: retort::graph::Target::Head,
        allow_drift: false,
        lock_timeout: Duration::from_secs(5),
        backup: false,
        cancel: None,
    };
    let preview = runtime().block_on(retort::apply::preview(&project_api, &db.parsed(), &options));
    let code = preview.err().map(|e| e.code().as_str());
    assert_eq!(code, Some("run_in_progress"));

    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    // The server frees the lock once it notices the client is gone (PostgreSQL within a
    // second, MariaDB when the sleep ends); SQLite's file lock goes with the process.
    let status = wait_for_status(p, &db, "dirty", Duration::from_secs(25));
    assert!(status["running"].is_null(), "{status}");
    let text = dirty_status(retort(p, Some(&db.url), &["status"]));
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
