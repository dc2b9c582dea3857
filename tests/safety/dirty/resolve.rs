//! A revision left dirty part-way (upgrade or downgrade): the mark names the revision and the
//! statement, every later command refuses with nothing changed, and `resolve` clears it either way.

use super::*;

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
    let status = dirty_status(retort(p, url, &["status"]));
    assert!(status.contains("Dirty:"), "{status}");
    assert!(
        status.contains("revision a2") && status.contains("statement 3"),
        "{status}"
    );
    assert!(
        status.contains("retort resolve a2"),
        "explains the way out: {status}"
    );
    let status = json(&dirty_status(retort(p, url, &["--json", "status"])));
    assert_eq!(status["dirty"]["revision"], "a2");
    assert_eq!(status["dirty"]["state"], "dirty");
    assert_eq!(status["dirty"]["statement"], 3);
    let current = ok(retort(p, url, &["current"]));
    assert!(
        current.contains("dirty") && current.contains("resolve"),
        "{current}"
    );

    let before = Snapshot::take(db, p).without_backups();
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
            Snapshot::take(db, p).without_backups(),
            before,
            "{args:?} changed something"
        );
    }
    // resolve wants the dirty revision.
    fails(
        retort(p, url, &["resolve", "a1", "--applied"]),
        "not marked dirty",
    );
    assert_eq!(Snapshot::take(db, p).without_backups(), before);
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
