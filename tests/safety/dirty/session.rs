//! Statements that would move the run's session: transaction control inside a transactional
//! revision is refused; `USE`, `search_path`/`SET ROLE` and `ATTACH` never move the bookkeeping.

use super::*;

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
    let status = dirty_status(retort(p, url, &["status"]));
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
