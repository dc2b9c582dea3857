//! Moving the database through the project's own alembic: upgrade, downgrade and stamp (alembic,
//! retort and the tables agree after each), `--sql` touching nothing, and a failing migration.

use super::*;

/// Upgrade to head, downgrade -1, downgrade base, upgrade to a revision and stamp, each through
/// retort; after each, alembic, retort and the tables agree on where the database is.
fn moves(dialect: Dialect) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let id = |i: usize| p.revisions[i].id.clone();
    let steps: Vec<(Vec<String>, Vec<String>, Vec<String>)> = vec![
        // (retort arguments, alembic's current afterwards, revisions run in order)
        (
            vec!["upgrade".into(), "head".into()],
            vec![id(4)],
            (0..5).map(id).collect(),
        ),
        (
            vec!["downgrade".into(), "-1".into()],
            vec![id(3)],
            vec![id(4)],
        ),
        (
            vec!["downgrade".into(), "base".into()],
            vec![],
            (0..4).rev().map(id).collect(),
        ),
        (
            vec!["upgrade".into(), id(2)],
            vec![id(2)],
            (0..3).map(id).collect(),
        ),
        (vec!["stamp".into(), "head".into()], vec![id(4)], vec![]),
    ];
    for (args, current, expected_run) in steps {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("{args:?} on {dialect}");
        let err = succeeded(&p.retort(&args), &what);
        assert!(
            err.contains("(found: the virtual environment"),
            "{what}: retort did not say it ran the project's .venv alembic: {err}"
        );
        assert!(
            err.contains("alembic will use sqlalchemy.url from"),
            "{what}: retort did not say which database alembic touches: {err}"
        );
        assert_eq!(ran(&err), expected_run, "{what}: progress lines\n{err}");
        let current_set = set(&current);
        assert_eq!(
            alembic_current(al, &p),
            current_set,
            "{what}: alembic current"
        );
        let shown = if current.is_empty() {
            "<base>".to_string()
        } else {
            current.join(", ")
        };
        assert!(
            err.contains(&format!("re-read from alembic_version): {shown}")),
            "{what}: the state shown afterwards: {err}"
        );
        let json = p.retort_json(&["current"]);
        assert_eq!(
            strings(&json["current"]),
            current_set,
            "{what}: retort current"
        );
    }
    // stamp ran nothing: the tables are those of the upgrade to id(2).
    let tables: BTreeSet<String> = db
        .tables()
        .into_iter()
        .filter(|t| t.starts_with("t_"))
        .collect();
    assert_eq!(
        tables,
        set((0..3).map(|i| format!("t_{}", id(i)))),
        "{dialect}: tables"
    );
}

#[test]
fn moves_sqlite() {
    moves(Dialect::Sqlite);
}

#[test]
fn moves_postgresql() {
    moves(Dialect::Postgresql);
}

/// `--sql` is alembic's offline mode: the SQL of every revision, and the database untouched.
#[test]
fn offline_sql_touches_nothing() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let out = p.retort(&["upgrade", "head", "--sql"]);
    succeeded(&out, "upgrade head --sql");
    let sql = text(&out.stdout);
    for r in &p.revisions {
        assert!(sql.contains(&format!("CREATE TABLE t_{}", r.id)), "{sql}");
        assert!(
            sql.contains(&format!("'{}'", r.id)),
            "bookkeeping for {}: {sql}",
            r.id
        );
    }
    assert!(
        db.tables().is_empty(),
        "--sql changed the database: {:?}",
        db.tables()
    );

    // An env.py without an offline mode is said plainly, before alembic runs.
    let env_py = p.root.join("migrations/env.py");
    let online_only = fs::read_to_string(&env_py)
        .expect("env.py")
        .replace("context.is_offline_mode()", "False");
    fs::write(&env_py, online_only).expect("env.py");
    let out = p.retort(&["upgrade", "head", "--sql"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("has no offline mode"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        db.tables().is_empty(),
        "the database was touched: {:?}",
        db.tables()
    );
}

/// A migration that fails: retort reports the revision and the database's message, and leaves
/// `alembic_version` as alembic left it.
fn failing_migration(dialect: Dialect, database_says: &str) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let last = p.revisions[4].id.clone();
    let broken = format!(
        "\"\"\"broken\n\nRevision ID: ffff00000006\nRevises: {last}\n\"\"\"\nfrom alembic import op\n\nrevision = 'ffff00000006'\ndown_revision = '{last}'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    op.execute(\"CREATE TABLE t_half (id INTEGER)\")\n    op.execute(\"INSERT INTO no_such_table VALUES (1)\")\n\n\ndef downgrade():\n    pass\n"
    );
    fs::write(
        p.root.join("migrations/versions/ffff00000006_broken.py"),
        broken,
    )
    .expect("write");
    let out = p.retort(&["upgrade", "head"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("failed in revision ffff00000006"), "{err}");
    assert!(err.contains(database_says), "{err}");
    assert!(
        err.contains("FAILED ffff00000006") || err.contains("ffff00000006"),
        "{err}"
    );
    let after = alembic_current(al, &p);
    assert!(!after.contains("ffff00000006"), "{after:?}");
    let json = p.retort_json(&["current"]);
    assert_eq!(
        strings(&json["current"]),
        after,
        "retort and alembic disagree after the failure"
    );
}

#[test]
fn failing_migration_sqlite() {
    failing_migration(Dialect::Sqlite, "no such table: no_such_table");
}

#[test]
fn failing_migration_postgresql() {
    failing_migration(
        Dialect::Postgresql,
        "relation \"no_such_table\" does not exist",
    );
}
