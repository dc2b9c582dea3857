//! A revision that fails part-way outside a transaction (MariaDB always; SQLite and PostgreSQL with
//! `-- transactional: false`) leaves a dirty mark naming the revision and the statement; every later
//! command refuses and points at `resolve`, which clears the mark either way.

use crate::common::*;
use retort::Dialect;
use std::path::{Path, PathBuf};

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

/// a1 - a2 (breaks at statement 3) - a3, and a first `upgrade head` that leaves a2 dirty.
fn left_dirty(dialect: Dialect) -> Option<(TestDb, tempfile::TempDir, PathBuf)> {
    let db = TestDb::new(dialect)?;
    let project = empty_project();
    let p = project.path();
    write_revision(
        p,
        "a1",
        &[],
        "",
        "CREATE TABLE t_a1 (id INTEGER);",
        "DROP TABLE t_a1;",
    );
    let a2 = p.join("versions").join("a2.sql");
    std::fs::write(&a2, broken(dialect)).unwrap();
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE t_a3 (id INTEGER);",
        "DROP TABLE t_a3;",
    );

    let err = fails(
        retort(p, Some(&db.url), &["upgrade", "head"]),
        "revision a2",
    );
    assert!(err.contains("statement 3"), "names the statement: {err}");
    assert!(err.contains("a2.sql:9"), "names the line: {err}");
    assert!(
        err.contains(db_message(dialect)),
        "the database's message: {err}"
    );

    // The mark: a2 dirty at statement 3, upgrading; a1 applied; a3 never ran.
    assert_eq!(
        rows(&db),
        [
            vec![s("a1"), s("applied"), None, None],
            vec![s("a2"), s("dirty"), s("upgrade"), s("3")],
        ]
    );
    assert_eq!(db.applied(), ["a1"]);
    assert_eq!(
        user_tables(&db),
        ["d_one", "d_two", "t_a1"],
        "statements 1 and 2 ran, 4 did not"
    );
    let log = last_log(&db);
    assert_eq!(log[..4], [s("upgrade"), s("a2"), s("dirty"), s("3")]);
    assert!(
        log[4]
            .as_deref()
            .unwrap_or("")
            .contains(db_message(dialect)),
        "{log:?}"
    );
    Some((db, project, a2))
}

/// Every later command reports the mark; the ones that would change something refuse.
fn later_commands_refuse(db: &TestDb, p: &Path) {
    let url = Some(db.url.as_str());
    let status = ok(retort(p, url, &["status"]));
    assert!(status.contains("Dirty:"), "{status}");
    assert!(
        status.contains("revision a2") && status.contains("statement 3"),
        "{status}"
    );
    assert!(
        status.contains("retort resolve a2"),
        "explains the way out: {status}"
    );
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(status["dirty"]["revision"], "a2");
    assert_eq!(status["dirty"]["state"], "dirty");
    assert_eq!(status["dirty"]["statement"], 3);
    let current = ok(retort(p, url, &["current"]));
    assert!(
        current.contains("dirty") && current.contains("resolve"),
        "{current}"
    );

    let before = (rows(db), db.log_count(), user_tables(db));
    for args in [
        &["upgrade", "head"][..],
        &["upgrade", "a1"],
        &["upgrade", "head", "--allow-drift"],
        &["downgrade", "base"],
        &["downgrade", "-1"],
        &["stamp", "head"],
        &["stamp", "base"],
    ] {
        let err = fails(retort(p, url, args), "the database is dirty");
        assert!(
            err.contains("upgrade of revision a2 did not finish: statements 1\u{2013}2 completed; statement 3 failed"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("retort resolve a2 --applied") && err.contains("--rolled-back"),
            "{args:?}: {err}"
        );
        assert_eq!(
            (rows(db), db.log_count(), user_tables(db)),
            before,
            "{args:?} changed something"
        );
    }
    // resolve wants the dirty revision.
    fails(
        retort(p, url, &["resolve", "a1", "--applied"]),
        "not marked dirty",
    );
    assert_eq!((rows(db), db.log_count(), user_tables(db)), before);
}

fn resolve_rolled_back(dialect: Dialect) {
    let Some((db, project, a2)) = left_dirty(dialect) else {
        return;
    };
    let p = project.path();
    let url = Some(db.url.as_str());
    later_commands_refuse(&db, p);

    // A person undoes statements 1-2, then tells Retort.
    db.exec("DROP TABLE d_two").unwrap();
    db.exec("DROP TABLE d_one").unwrap();
    let out = retort(p, url, &["resolve", "a2", "--rolled-back"]);
    let err = stderr(&out);
    ok(out);
    assert!(err.contains("a2") && err.contains("rolled back"), "{err}");
    assert_eq!(rows(&db), [vec![s("a1"), s("applied"), None, None]]);
    let log = last_log(&db);
    assert_eq!(log[..3], [s("resolve"), s("a2"), s("rolled-back")]);
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert!(status["dirty"].is_null());
    assert_eq!(status["current"], serde_json::json!(["a1"]));
    fails(
        retort(p, url, &["resolve", "a2", "--rolled-back"]),
        "not marked dirty",
    );

    // Fixed file: the whole of a2 runs, then a3.
    std::fs::write(&a2, fixed(dialect)).unwrap();
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);
    assert_eq!(
        user_tables(&db),
        ["d_four", "d_one", "d_two", "t_a1", "t_a3"]
    );
    let count = format!(
        "SELECT CAST(COUNT(*) AS {}) FROM d_two",
        text_type(db.dialect)
    );
    assert_eq!(db.scalar(&count), "1");
    assert!(rows(&db).iter().all(|r| r[1].as_deref() == Some("applied")));
    ok(retort(p, url, &["downgrade", "base"]));
    assert_eq!(user_tables(&db), Vec::<String>::new());
}
on_each_dialect!(resolve_rolled_back: resolve_rolled_back_sqlite, resolve_rolled_back_postgresql, resolve_rolled_back_mysql);

fn resolve_applied(dialect: Dialect) {
    let Some((db, project, a2)) = left_dirty(dialect) else {
        return;
    };
    let p = project.path();
    let url = Some(db.url.as_str());
    later_commands_refuse(&db, p);

    // A person finishes a2 by hand (statements 3-4, corrected), fixes the file, tells Retort.
    db.exec("INSERT INTO d_two (id) VALUES (1)").unwrap();
    db.exec("CREATE TABLE d_four (id INTEGER)").unwrap();
    std::fs::write(&a2, fixed(dialect)).unwrap();
    ok(retort(p, url, &["resolve", "a2", "--applied"]));
    assert_eq!(db.applied(), ["a1", "a2"]);
    assert!(
        rows(&db)
            .iter()
            .all(|r| r[1].as_deref() == Some("applied") && r[3].is_none()),
        "{:?}",
        rows(&db)
    );
    let log = last_log(&db);
    assert_eq!(log[..3], [s("resolve"), s("a2"), s("applied")]);
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert!(status["dirty"].is_null());
    assert_eq!(
        status["drift"],
        serde_json::json!([]),
        "the fixed file is what was recorded"
    );
    assert_eq!(status["pending"], serde_json::json!(["a3"]));

    // Only a3 runs now; a2 is not run again.
    let out = retort(p, url, &["upgrade", "head"]);
    let err = stderr(&out);
    ok(out);
    assert!(
        err.contains("a3") && !err.contains("Running upgrade a2"),
        "{err}"
    );
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);
    assert_eq!(
        user_tables(&db),
        ["d_four", "d_one", "d_two", "t_a1", "t_a3"]
    );
    // And a2's downgrade really reverts it.
    ok(retort(p, url, &["downgrade", "a1"]));
    assert_eq!(user_tables(&db), ["t_a1"]);
}
on_each_dialect!(resolve_applied: resolve_applied_sqlite, resolve_applied_postgresql, resolve_applied_mysql);

/// A downgrade that stops part-way is dirty too, in the downgrade direction.
fn dirty_downgrade(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
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
        if dialect == Dialect::Mysql {
            ""
        } else {
            "-- transactional: false\n"
        },
        "CREATE TABLE d_one (id INTEGER);\nCREATE TABLE d_two (id INTEGER);",
        "DROP TABLE d_two;\nDROP TABLE d_nothing_here;\nDROP TABLE d_one;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    let err = fails(
        retort(p, url, &["downgrade", "base"]),
        "downgrade of revision a2 failed at statement 2",
    );
    assert!(err.contains("d_nothing_here"), "{err}");
    assert_eq!(
        rows(&db),
        [
            vec![s("a1"), s("applied"), None, None],
            vec![s("a2"), s("dirty"), s("downgrade"), s("2")],
        ]
    );
    assert_eq!(user_tables(&db), ["d_one", "t_a1"]);
    let err = fails(
        retort(p, url, &["upgrade", "head"]),
        "the database is dirty",
    );
    assert!(
        err.contains(
            "downgrade of revision a2 did not finish: statement 1 completed; statement 2 failed"
        ),
        "{err}"
    );

    // Finish the downgrade by hand: a2 is no longer in effect.
    db.exec("DROP TABLE d_one").unwrap();
    ok(retort(p, url, &["resolve", "a2", "--rolled-back"]));
    assert_eq!(db.applied(), ["a1"]);
    ok(retort(p, url, &["downgrade", "base"]));
    assert_eq!(db.applied(), Vec::<String>::new());
    assert_eq!(user_tables(&db), Vec::<String>::new());
}
on_each_dialect!(dirty_downgrade: dirty_downgrade_sqlite, dirty_downgrade_postgresql, dirty_downgrade_mysql);

/// A `COMMIT` (or `BEGIN`, `ROLLBACK`, `END`, `START TRANSACTION`) inside a transactional
/// revision would commit part of it with no record: it is refused before anything runs, naming
/// the revision, the statement and its line; bodies that say BEGIN/END are not transaction control,
/// and a `transactional: false` revision may manage its own transactions.
fn transaction_control_refused(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let body = match dialect {
        Dialect::Postgresql => "DO $$ BEGIN CREATE TABLE t_do (id INTEGER); END $$;",
        _ => "CREATE TRIGGER t_trg AFTER INSERT ON t_b1 BEGIN SELECT 1; END;",
    };
    write_revision(
        p,
        "b1",
        &[],
        "",
        &format!("CREATE TABLE t_b1 (id INTEGER);\n{body}"),
        "DROP TABLE t_b1;",
    );
    // Statement 2 of b2 is on line 7 of its file.
    write_revision(
        p,
        "b2",
        &["b1"],
        "",
        "CREATE TABLE t_b2 (id INTEGER);\nCOMMIT;\nINSERT INTO t_missing VALUES (1);",
        "DROP TABLE t_b2;",
    );
    for args in [&["upgrade", "head"][..], &["upgrade", "head", "--sql"]] {
        let err = fails(
            retort(p, url, args),
            "revision b2: statement 2 (\"COMMIT\")",
        );
        assert!(err.contains("b2.sql:7"), "{args:?}: {err}");
        assert!(err.contains("transactional: false"), "{args:?}: {err}");
    }
    assert_eq!(db.applied(), Vec::<String>::new(), "nothing ran");
    assert_eq!(user_tables(&db), Vec::<String>::new());
    for (statement, shown) in [
        ("BEGIN;", "BEGIN"),
        ("ROLLBACK;", "ROLLBACK"),
        ("END;", "END"),
        ("/* see */ begin transaction;", "begin transaction"),
    ] {
        write_revision(
            p,
            "b2",
            &["b1"],
            "",
            &format!("CREATE TABLE t_b2 (id INTEGER);\n{statement}"),
            "DROP TABLE t_b2;",
        );
        fails(retort(p, url, &["upgrade", "head"]), shown);
    }
    // Savepoints nest inside the revision's transaction: allowed.
    write_revision(
        p,
        "b2",
        &["b1"],
        "",
        "CREATE TABLE t_b2 (id INTEGER);\nSAVEPOINT s;\nINSERT INTO t_b2 VALUES (1);\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;",
        "DROP TABLE t_b2;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["b1", "b2"]);
    // Not transactional: its own COMMIT is its business.
    write_revision(
        p,
        "b3",
        &["b2"],
        "-- transactional: false\n",
        "BEGIN;\nCREATE TABLE t_b3 (id INTEGER);\nCOMMIT;",
        "DROP TABLE t_b3;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["b1", "b2", "b3"]);
}

#[test]
fn transaction_control_refused_sqlite() {
    transaction_control_refused(Dialect::Sqlite);
}

#[test]
fn transaction_control_refused_postgresql() {
    transaction_control_refused(Dialect::Postgresql);
}

/// The database name at the end of a server URL.
fn db_name(db: &TestDb) -> String {
    db.url.rsplit('/').next().unwrap_or_default().to_string()
}

/// MariaDB: a `USE other` in a revision (as `mysqldump --databases` writes) must not take the
/// bookkeeping or later statements and revisions to the other database: the switch is undone, the
/// revision stops dirty at that statement, and nothing reports success.
#[test]
fn use_other_database_mysql() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    let other = format!("{}_other", db_name(&db));
    admin_exec_pub(Dialect::Mysql, &[&format!("CREATE DATABASE {other}")]).unwrap();
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "u1",
        &[],
        "",
        &format!(
            "CREATE TABLE u_one (id INTEGER);\nUSE {other};\nCREATE TABLE u_two (id INTEGER);"
        ),
        "DROP TABLE u_one;",
    );
    write_revision(
        p,
        "u2",
        &["u1"],
        "",
        "CREATE TABLE u_three (id INTEGER);",
        "DROP TABLE u_three;",
    );
    let err = fails(
        retort(p, url, &["upgrade", "head"]),
        "upgrade of revision u1 failed at statement 2",
    );
    assert!(err.contains("u1.sql:7"), "{err}");
    assert!(
        err.contains(&format!("switched the session to database {other}")),
        "{err}"
    );
    let in_other = admin_column(
        Dialect::Mysql,
        &format!("SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = '{other}'"),
    )
    .unwrap();
    admin_exec_pub(Dialect::Mysql, &[&format!("DROP DATABASE {other}")]).unwrap();
    assert_eq!(in_other, Vec::<String>::new(), "nothing landed in {other}");
    assert_eq!(user_tables(&db), ["u_one"]);
    assert_eq!(rows(&db), [vec![s("u1"), s("dirty"), s("upgrade"), s("2")]]);
    let log = last_log(&db);
    assert_eq!(log[..4], [s("upgrade"), s("u1"), s("dirty"), s("2")]);
}

/// PostgreSQL: `SET search_path` and `SET ROLE` in a revision change where its own statements
/// go, but not where the bookkeeping goes nor how later revisions run.
#[test]
fn search_path_and_role_postgresql() {
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let role = format!("{}_role", db_name(&db));
    admin_exec_pub(
        Dialect::Postgresql,
        &[&format!("CREATE ROLE {role} NOLOGIN")],
    )
    .unwrap();
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "p1",
        &[],
        "",
        "CREATE SCHEMA other;\nSET search_path TO other;\nCREATE TABLE p_one (id INTEGER);",
        "DROP SCHEMA other CASCADE;",
    );
    write_revision(
        p,
        "p2",
        &["p1"],
        "",
        "CREATE TABLE p_two (id INTEGER);",
        "DROP TABLE p_two;",
    );
    write_revision(
        p,
        "p3",
        &["p2"],
        "",
        &format!("SET session_replication_role = replica;\nSET ROLE {role};\nSELECT pg_catalog.set_config('search_path', '', false);"),
        "SELECT 1;",
    );
    write_revision(
        p,
        "p4",
        &["p3"],
        "",
        "DO $$ BEGIN IF current_setting('session_replication_role') <> 'origin' OR current_setting('search_path') <> '\"$user\", public' THEN RAISE EXCEPTION 'session not restored: %, %', current_setting('session_replication_role'), current_setting('search_path'); END IF; END $$;\nCREATE TABLE p_four (id INTEGER);",
        "DROP TABLE p_four;",
    );
    let out = retort(p, url, &["upgrade", "head"]);
    ok(out);
    assert_eq!(db.applied(), ["p1", "p2", "p3", "p4"]);
    let place = |table: &str| {
        db.scalar(&format!(
            "SELECT schemaname || ' ' || tableowner FROM pg_tables WHERE tablename = '{table}'"
        ))
    };
    assert_eq!(
        place("p_one"),
        "other postgres",
        "the revision's own SET applies to it"
    );
    assert_eq!(place("p_two"), "public postgres");
    assert_eq!(place("p_four"), "public postgres", "the role was put back");
    assert_eq!(place("retort_revisions"), "public postgres");
    assert_eq!(place("retort_log"), "public postgres");

    // Statement by statement, the record is written between statements, in the session the
    // revision changed: a role without rights on it fails the run, naming revision and statement.
    write_revision(
        p,
        "p5",
        &["p4"],
        "-- transactional: false\n",
        &format!("SET ROLE {role};\nSELECT 1;"),
        "SELECT 1;",
    );
    let out = retort(p, url, &["upgrade", "head"]);
    let _ = admin_exec_pub(
        Dialect::Postgresql,
        &[&format!("DROP ROLE IF EXISTS {role}")],
    );
    let err = fails(out, "upgrade of revision p5 failed at statement 1");
    assert!(
        err.contains("recording that failed") && err.contains("changed the session"),
        "{err}"
    );
    let status = ok(retort(p, url, &["status"]));
    assert!(
        status.contains("Dirty:") && status.contains("revision p5"),
        "{status}"
    );
}

/// SQLite: an `ATTACH` (or a temporary table named like Retort's) in a revision does not carry
/// the bookkeeping or later revisions elsewhere; each revision starts with the databases attached
/// at connect time.
#[test]
fn attach_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let aux = db.dir.join("aux.db");
    write_revision(
        p,
        "a1",
        &[],
        "-- transactional: false\n",
        &format!(
            "ATTACH '{}' AS aux;\nCREATE TABLE aux.a_one (id INTEGER);\nPRAGMA foreign_keys = OFF;\nCREATE TEMP TABLE retort_log (id INTEGER);",
            aux.display()
        ),
        "SELECT 1;",
    );
    write_revision(
        p,
        "a2",
        &["a1"],
        "",
        "CREATE TABLE a_two (id INTEGER);",
        "DROP TABLE a_two;",
    );
    // In the same run, a later revision does not see `aux`: only a1 attached it.
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE aux.a_three (id INTEGER);",
        "SELECT 1;",
    );
    let err = fails(retort(p, url, &["upgrade", "head"]), "unknown database aux");
    assert!(err.contains("revision a3"), "{err}");
    assert_eq!(db.applied(), ["a1", "a2"]);
    assert_eq!(user_tables(&db), ["a_two"]);
    let log = db.query("SELECT revision, outcome FROM main.retort_log ORDER BY id");
    assert_eq!(
        log,
        [
            vec![s("a1"), s("ok")],
            vec![s("a2"), s("ok")],
            vec![s("a3"), s("failed")]
        ]
    );
    let in_aux = db.query(&format!(
        "ATTACH '{}' AS peek; SELECT name FROM peek.sqlite_master ORDER BY name",
        aux.display()
    ));
    assert_eq!(in_aux, [vec![s("a_one")]], "only a1's own table is in aux");
}

/// A revision applied in the database whose file is gone: the error's suggestion is a command
/// that works (plain `stamp` refuses with the same error).
#[test]
fn unknown_applied_suggests_what_works_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "k1",
        &[],
        "",
        "CREATE TABLE k_one (id INTEGER);",
        "DROP TABLE k_one;",
    );
    let k2 = write_revision(
        p,
        "k2",
        &["k1"],
        "",
        "CREATE TABLE k_two (id INTEGER);",
        "DROP TABLE k_two;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    std::fs::remove_file(k2).unwrap();
    let err = fails(retort(p, url, &["upgrade", "head"]), "no file defines: k2");
    let suggested = err
        .split("`retort ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("no command suggested: {err}"));
    assert_eq!(suggested, "stamp --purge k1", "{err}");
    let args: Vec<&str> = suggested.split(' ').collect();
    ok(retort(p, url, &args));
    assert_eq!(db.applied(), ["k1"]);
    ok(retort(p, url, &["upgrade", "head"]));
}

/// MariaDB: ids that differ only in case are two revisions, also in tables an older Retort made
/// with the server's case-folding collation (their id columns are made binary on first use).
#[test]
fn ids_differing_in_case_mysql() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    db.exec("CREATE TABLE retort_revisions (revision VARCHAR(64) NOT NULL PRIMARY KEY, checksum VARCHAR(64) NOT NULL, applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), duration_ms BIGINT NOT NULL DEFAULT 0, applied_by VARCHAR(255) NOT NULL DEFAULT '', state VARCHAR(16) NOT NULL DEFAULT 'applied', direction VARCHAR(16), statement_no INTEGER) COLLATE utf8mb4_general_ci").unwrap();
    db.exec("CREATE TABLE retort_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, logged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), action VARCHAR(16) NOT NULL, revision VARCHAR(64), duration_ms BIGINT NOT NULL DEFAULT 0, host VARCHAR(255), os_user VARCHAR(255), outcome VARCHAR(16) NOT NULL, statement_no INTEGER, error TEXT) COLLATE utf8mb4_general_ci").unwrap();
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "ab",
        &[],
        "",
        "CREATE TABLE c_lower (id INTEGER);",
        "DROP TABLE c_lower;",
    );
    write_revision(
        p,
        "AB",
        &["ab"],
        "",
        "CREATE TABLE c_upper (id INTEGER);",
        "DROP TABLE c_upper;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["AB", "ab"]);
    ok(retort(p, url, &["downgrade", "ab"]));
    assert_eq!(db.applied(), ["ab"]);
}

/// A failure while writing the bookkeeping (here a trigger refuses the applied-set row) is
/// logged like any other failure.
fn bookkeeping_failure_is_logged(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let (trigger, context) = match dialect {
        Dialect::Sqlite => (
            "CREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions WHEN NEW.revision = 'g2' BEGIN SELECT RAISE(ABORT, 'g2 is refused'); END;",
            "recording revision g2",
        ),
        Dialect::Postgresql => (
            "CREATE FUNCTION refuse_g2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.revision = 'g2' THEN RAISE EXCEPTION 'g2 is refused'; END IF; RETURN NEW; END $$;\nCREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions FOR EACH ROW EXECUTE FUNCTION refuse_g2();",
            "recording revision g2",
        ),
        Dialect::Mysql => (
            "CREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions FOR EACH ROW BEGIN IF NEW.revision = 'g2' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'g2 is refused'; END IF; END;",
            "claiming the revision",
        ),
    };
    write_revision(p, "g1", &[], "", trigger, "SELECT 1;");
    write_revision(
        p,
        "g2",
        &["g1"],
        "",
        "CREATE TABLE g_two (id INTEGER);",
        "DROP TABLE g_two;",
    );
    let err = fails(retort(p, url, &["upgrade", "head"]), "g2 is refused");
    assert!(err.contains(context), "{err}");
    assert_eq!(db.applied(), ["g1"]);
    assert_eq!(user_tables(&db), Vec::<String>::new(), "g2 did not run");
    let log = last_log(&db);
    assert_eq!(log[..3], [s("upgrade"), s("g2"), s("failed")]);
    assert!(
        log[4].as_deref().unwrap_or("").contains("g2 is refused"),
        "{log:?}"
    );
}
on_each_dialect!(bookkeeping_failure_is_logged: bookkeeping_failure_is_logged_sqlite, bookkeeping_failure_is_logged_postgresql, bookkeeping_failure_is_logged_mysql);

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
