//! Retort's run lock held by someone else (a connection of the test's own, or a second runner in a
//! slow revision): `--lock-timeout` gives up in time, says what to do, and nothing changed.

use super::*;

/// PostgreSQL's advisory lock key for `retort_revisions` (FNV-1a of "retort:retort_revisions").
fn pg_lock_key() -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "retort:retort_revisions".bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

/// Holds Retort's lock from a connection of our own while `during` runs.
fn holding_the_lock(db: &TestDb, during: impl FnOnce()) {
    let rt = runtime();
    let mut conn = rt.block_on(connect(&db.parsed())).unwrap();
    let (take, give) = match db.dialect {
        Dialect::Sqlite => ("BEGIN IMMEDIATE".to_string(), "ROLLBACK".to_string()),
        Dialect::Postgresql => (
            format!("SELECT pg_advisory_lock({})", pg_lock_key()),
            format!("SELECT pg_advisory_unlock({})", pg_lock_key()),
        ),
        Dialect::Mysql => {
            let name = "LEFT(CONCAT('retort:', DATABASE(), ':', 'retort_revisions'), 64)";
            (
                format!("SELECT CAST(GET_LOCK({name}, 5) AS CHAR)"),
                format!("SELECT CAST(RELEASE_LOCK({name}) AS CHAR)"),
            )
        }
    };
    if db.dialect == Dialect::Mysql {
        let got = rt.block_on(conn.fetch_value(&take)).unwrap();
        assert_eq!(got.as_deref(), Some("1"), "took the lock");
    } else {
        rt.block_on(conn.execute(&take)).unwrap();
    }
    during();
    rt.block_on(conn.execute(&give)).unwrap();
    rt.block_on(conn.close());
}

fn lock_timeout(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    holding_the_lock(&db, || {
        let before = Snapshot::take(&db, p).without_backups();
        let started = Instant::now();
        let err = fails(
            retort(
                p,
                Some(&db.url),
                &["--lock-timeout", "1", "upgrade", "heads"],
            ),
            "lock",
        );
        let waited = started.elapsed();
        assert!(err.contains("--lock-timeout"), "says what to do: {err}");
        assert!(
            waited >= Duration::from_millis(900),
            "waited for the lock: {waited:?}"
        );
        assert!(
            waited < Duration::from_secs(15),
            "gave up in time: {waited:?}"
        );
        assert_eq!(Snapshot::take(&db, p).without_backups(), before);
    });
    // Released: the same command goes through.
    ok(retort(
        p,
        Some(&db.url),
        &["--lock-timeout", "5", "upgrade", "heads"],
    ));
    assert_eq!(db.applied().len(), 10);
}
on_each_dialect!(lock_timeout: lock_timeout_sqlite, lock_timeout_postgresql, lock_timeout_mysql);

/// A real second runner while the first sits in a slow revision.
fn lock_timeout_second_runner(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let slow = match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(5);".to_string(),
        Dialect::Mysql => "SELECT SLEEP(5);".to_string(),
        Dialect::Sqlite => "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT COUNT(*) FROM c;".to_string(),
    };
    write_revision(
        p,
        "a1",
        &[],
        "",
        "CREATE TABLE t_a1 (id INTEGER);",
        "DROP TABLE t_a1;",
    );
    write_revision(
        p,
        "a2",
        &["a1"],
        "",
        &format!("CREATE TABLE t_a2 (id INTEGER);\n{slow}"),
        "DROP TABLE t_a2;",
    );
    let mut first = retort_command(p, Some(&db.url), &["upgrade", "head"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(first.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("the first runner ended early: {seen}");
        }
        seen.push_str(&line);
        if line.contains("Running upgrade a2") {
            break;
        }
    }
    // Let it get into the slow statement.
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let err = fails(
        retort(
            p,
            Some(&db.url),
            &["--lock-timeout", "1", "upgrade", "head"],
        ),
        "lock",
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up after about a second: {err}"
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert!(
        first.wait().unwrap().success(),
        "the first runner: {seen}{rest}"
    );
    assert_eq!(db.applied(), ["a1", "a2"]);
    let outcomes = db.query("SELECT outcome FROM retort_log ORDER BY id");
    assert_eq!(
        outcomes
            .into_iter()
            .map(|r| r[0].clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["ok", "ok"],
        "only the first runner's two revisions were logged"
    );
}
on_each_dialect!(lock_timeout_second_runner: lock_timeout_second_runner_sqlite, lock_timeout_second_runner_postgresql, lock_timeout_second_runner_mysql);
