//! A SQL error in the middle of a transactional revision: rolled back whole, named, and nothing
//! else changed.

use super::*;

fn sql_error_mid_revision(dialect: Dialect) {
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
        "CREATE TABLE t_a1 (id INTEGER PRIMARY KEY);",
        "DROP TABLE t_a1;",
    );
    let a2 = versions(p).join("a2.sql");
    let broken = "-- revision: a2\n\
                  -- down_revision: a1\n\
                  -- message: breaks in the middle\n\
                  \n\
                  -- upgrade\n\
                  CREATE TABLE t_a2 (id INTEGER PRIMARY KEY);\n\
                  INSERT INTO t_a1 (id) VALUES (7);\n\
                  -- the next statement is wrong\n\
                  INSERT INTO no_such_table_y (id) VALUES (2);\n\
                  CREATE TABLE t_a2b (id INTEGER);\n\
                  \n\
                  -- downgrade\n\
                  DROP TABLE t_a2b;\n\
                  DROP TABLE t_a2;\n";
    std::fs::write(&a2, broken).unwrap();
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE t_a3 (id INTEGER);",
        "DROP TABLE t_a3;",
    );

    ok(retort(p, url, &["upgrade", "a1"]));
    let before = Snapshot::take(&db, p).without_backups();
    let err = fails(retort(p, url, &["upgrade", "head"]), "revision a2");
    let db_message = match dialect {
        Dialect::Sqlite => "no such table: no_such_table_y",
        _ => "relation \"no_such_table_y\" does not exist",
    };
    assert!(err.contains("statement 3"), "names the statement: {err}");
    assert!(
        err.contains("a2.sql:9"),
        "names the line in the file: {err}"
    );
    assert!(
        err.contains(db_message),
        "the database's own message: {err}"
    );

    // Nothing of a2 remains; a1 stays applied; a3 never ran.
    let mut after = Snapshot::take(&db, p).without_backups();
    assert_eq!(after.log, before.log + 1, "one log row for the failure");
    assert_eq!(db.applied(), ["a1"]);
    assert_eq!(
        db.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM t_a1"),
        "0",
        "a2's insert into t_a1 was rolled back"
    );
    after.log = before.log;
    assert_eq!(after, before, "everything else as it was");
    let log = db.query("SELECT action, revision, outcome, CAST(statement_no AS TEXT), error FROM retort_log ORDER BY id DESC LIMIT 1");
    let row = &log[0];
    assert_eq!(row[0].as_deref(), Some("upgrade"));
    assert_eq!(row[1].as_deref(), Some("a2"));
    assert_eq!(row[2].as_deref(), Some("failed"));
    assert_eq!(row[3].as_deref(), Some("3"));
    let logged = row[4].clone().unwrap_or_default();
    assert!(
        logged.contains(db_message),
        "the error text is logged: {logged}"
    );

    // The lock is free and nothing is dirty: fix the file and go on.
    std::fs::write(&a2, broken.replace("no_such_table_y", "t_a2")).unwrap();
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);

    // A failing downgrade is rolled back the same way: a3 stays applied, its table stays.
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE t_a3 (id INTEGER);",
        "DROP TABLE t_a3;\nDROP TABLE no_such_table_z;",
    );
    let before = Snapshot::take(&db, p).without_backups();
    let err = fails(
        retort(p, url, &["downgrade", "base"]),
        "downgrade of revision a3 failed at statement 2 of 2",
    );
    assert!(err.contains("no_such_table_z"), "{err}");
    let mut after = Snapshot::take(&db, p).without_backups();
    assert_eq!(after.log, before.log + 1);
    after.log = before.log;
    assert_eq!(after, before);
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);
    let row = db.query("SELECT action, revision, outcome FROM retort_log ORDER BY id DESC LIMIT 1");
    assert_eq!(
        row[0],
        [
            Some("downgrade".into()),
            Some("a3".into()),
            Some("failed".into())
        ]
    );
}

#[test]
fn sql_error_mid_revision_sqlite() {
    sql_error_mid_revision(Dialect::Sqlite);
}

#[test]
fn sql_error_mid_revision_postgresql() {
    sql_error_mid_revision(Dialect::Postgresql);
}
