//! Locks held by others or released by a revision: a SQLite file locked by another program, and
//! the run lock kept when a revision releases every lock of its session.

use super::*;

/// A SQLite file another program holds locked gives the lock-timeout message, not a raw
/// "database is locked".
#[test]
fn file_locked_by_another_program_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "f1",
        &[],
        "",
        "CREATE TABLE f_one (id INTEGER);",
        "DROP TABLE f_one;",
    );
    db.exec("CREATE TABLE other_program (id INTEGER)").unwrap();
    let mut holder = hold_sqlite_file(&db, "EXCLUSIVE");
    for args in [
        &["--lock-timeout", "1", "upgrade", "head"][..],
        &["--lock-timeout", "1", "status"],
    ] {
        let out = retort(p, url, args);
        let err = stderr(&out);
        assert!(err.contains("holds the migration lock"), "{args:?}: {err}");
        assert!(!err.contains("database is locked"), "{args:?}: {err}");
    }
    let _ = holder.kill();
    let _ = holder.wait();
    ok(retort(p, url, &["upgrade", "head"]));
}

/// Another program holding SQLite's write lock (`BEGIN IMMEDIATE`) lets Retort read its state
/// but not open the revision's transaction: that wait ends in the lock-timeout message too, and
/// nothing of the revision is left behind.
#[test]
fn write_lock_held_by_another_program_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(p, "w1", &[], "", "CREATE TABLE w_one (id INTEGER);", "");
    ok(retort(p, url, &["upgrade", "head"]));
    write_revision(p, "w2", &["w1"], "", "CREATE TABLE w_two (id INTEGER);", "");
    let mut holder = hold_sqlite_file(&db, "IMMEDIATE");
    let out = retort(p, url, &["--lock-timeout", "1", "upgrade", "head"]);
    let err = stderr(&out);
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("holds the migration lock"), "{err}");
    assert!(!err.contains("database is locked"), "{err}");
    assert!(!user_tables(&db).contains(&"w_two".to_string()));
    ok(retort(p, url, &["upgrade", "head"]));
    assert!(user_tables(&db).contains(&"w_two".to_string()));
}

/// A python3 process holding `BEGIN <mode>` on the test's SQLite file until killed.
fn hold_sqlite_file(db: &TestDb, mode: &str) -> std::process::Child {
    let mut holder = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!("import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN {mode}')\nprint('locked', flush=True)\ntime.sleep(30)"))
        .arg(db.sqlite_path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 holds the file");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    holder
}

/// A revision that releases every lock of its session (`pg_advisory_unlock_all()`,
/// `RELEASE_ALL_LOCKS()`) does not leave the rest of the run unlocked: the run lock is taken again
/// before the next revision.
fn run_lock_kept(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let (release, check) = match dialect {
        Dialect::Postgresql => (
            "SELECT pg_advisory_unlock_all();",
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory') THEN RAISE EXCEPTION 'run lock lost'; END IF; END $$;",
        ),
        _ => (
            "DO RELEASE_ALL_LOCKS();",
            "BEGIN NOT ATOMIC IF IS_USED_LOCK(CONCAT('retort:', DATABASE(), ':retort_revisions')) IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'run lock lost'; END IF; END;",
        ),
    };
    write_revision(p, "r1", &[], "", release, "SELECT 1;");
    write_revision(p, "r2", &["r1"], "", check, "SELECT 1;");
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["r1", "r2"]);
}

#[test]
fn run_lock_kept_postgresql() {
    run_lock_kept(Dialect::Postgresql);
}

#[test]
fn run_lock_kept_mysql() {
    run_lock_kept(Dialect::Mysql);
}
