//! The progress record of statement-by-statement runs: written about once a second, and never
//! counting a statement that did not complete.

use super::*;

/// A trigger on Retort's applied-set table that copies every progress write of a running claim
/// into `progress_seen`, so a test can count them.
fn count_progress_writes(db: &TestDb) {
    let sql = match db.dialect {
        Dialect::Sqlite => "CREATE TRIGGER seen AFTER UPDATE ON retort_revisions WHEN NEW.state = 'running' BEGIN INSERT INTO progress_seen VALUES (NEW.statement_no); END",
        Dialect::Postgresql => "CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.state = 'running' THEN INSERT INTO progress_seen VALUES (NEW.statement_no); END IF; RETURN NEW; END $$; CREATE TRIGGER seen AFTER UPDATE ON retort_revisions FOR EACH ROW EXECUTE FUNCTION seen()",
        Dialect::Mysql => "CREATE TRIGGER seen AFTER UPDATE ON retort_revisions FOR EACH ROW BEGIN IF NEW.state = 'running' THEN INSERT INTO progress_seen VALUES (NEW.statement_no); END IF; END",
    };
    db.exec(sql).unwrap();
}

/// Each progress write of a statement-by-statement run is a commit of its own: a run of quick
/// statements writes it about once a second, not after every statement (which halved MariaDB's
/// rate), and what it writes stays true: statements up to the recorded one completed.
fn progress_is_recorded_about_once_a_second(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "p1",
        &[],
        "",
        "CREATE TABLE hits (n INTEGER);\nCREATE TABLE progress_seen (statement_no INTEGER);",
        "DROP TABLE progress_seen;\nDROP TABLE hits;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    count_progress_writes(&db);
    let statements = 400;
    let inserts: String = (1..=statements)
        .map(|i| format!("INSERT INTO hits VALUES ({i});\n"))
        .collect();
    write_revision(
        p,
        "p2",
        &["p1"],
        "-- transactional: false\n",
        &inserts,
        "DELETE FROM hits;",
    );
    let started = std::time::Instant::now();
    ok(retort(p, url, &["upgrade", "head"]));
    let seconds = started.elapsed().as_secs() as usize;
    assert_eq!(db.applied(), sorted(&["p1", "p2"]));
    let t = text_type(dialect);
    assert_eq!(
        db.scalar(&format!("SELECT CAST(COUNT(*) AS {t}) FROM hits")),
        statements.to_string()
    );
    let written: Vec<usize> = db
        .query(&format!(
            "SELECT CAST(statement_no AS {t}) FROM progress_seen"
        ))
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten()?.parse().ok())
        .collect();
    assert!(
        written.len() <= seconds + 2,
        "{dialect}: {} progress writes for {statements} statements in {seconds} s: {written:?}",
        written.len()
    );
    assert!(
        written.iter().all(|&k| (1..=statements).contains(&k)),
        "{written:?}"
    );
    assert!(written.windows(2).all(|w| w[0] < w[1]), "{written:?}");
}

on_each_dialect!(progress_is_recorded_about_once_a_second: progress_is_recorded_about_once_a_second_sqlite, progress_is_recorded_about_once_a_second_postgresql, progress_is_recorded_about_once_a_second_mysql);

/// MariaDB, killed in the middle of a long run of INSERTs (each its own commit): the claim's
/// statement number never counts a statement that did not complete, and it was written while
/// the run went on (not only at the start).
#[test]
fn mariadb_claim_after_a_kill_counts_only_completed_statements() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let statements = 100_000;
    let mut upgrade = String::from("CREATE TABLE hits (n INTEGER);\n");
    for i in 1..statements {
        upgrade.push_str(&format!("INSERT INTO hits VALUES ({i});\n"));
    }
    write_revision(p, "k1", &[], "", &upgrade, "DROP TABLE hits;");
    let mut child = retort_command(p, Some(&db.url), &["upgrade", "head"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start retort");
    // Until well past the first progress write (about a second into the statements).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let count = || {
        db.scalar("SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'hits'")
    };
    while count() != "1" && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(2500));
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let recorded: usize = db
        .scalar("SELECT CAST(statement_no AS CHAR) FROM retort_revisions WHERE revision = 'k1' AND state = 'running'")
        .parse()
        .expect("a running claim with a statement number");
    // Statement 1 made the table; statement i + 1 inserted i.
    let completed = 1 + db
        .scalar("SELECT CAST(COUNT(*) AS CHAR) FROM hits")
        .parse::<usize>()
        .expect("count");
    assert!(completed < statements, "the run finished before the kill");
    assert!(
        (1..=completed).contains(&recorded),
        "recorded {recorded}, completed {completed}"
    );
}
