//! `revision -m`, `merge` and `revision --autogenerate` writing alembic's own files, which retort
//! reads back and applies; `check` exiting 1 while models and database differ.

use super::*;

/// `revision -m` and `merge` write alembic's own files, which retort then reads back.
#[test]
fn revision_and_merge() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let head = p.revisions[4].id.clone();
    let side_parent = p.revisions[3].id.clone();
    let json = p.retort_json(&["revision", "-m", "add things", "--rev-id", "aaaa00000001"]);
    assert_eq!(json["revisions"][0]["revision"], "aaaa00000001", "{json}");
    assert_eq!(json["revisions"][0]["parents"][0], head.as_str(), "{json}");
    assert!(Path::new(json["revisions"][0]["path"].as_str().expect("path")).is_file());
    p.retort_json(&[
        "revision",
        "-m",
        "side",
        "--head",
        &side_parent,
        "--splice",
        "--rev-id",
        "bbbb00000002",
    ]);
    assert_eq!(
        set(first_tokens(&al.run(&p, &["heads"]))),
        set(["aaaa00000001", "bbbb00000002"])
    );
    let out = p.retort(&["merge", "heads", "-m", "join", "--rev-id", "cccc00000003"]);
    let err = succeeded(&out, "merge heads");
    assert!(err.contains("new revision cccc00000003"), "{err}");
    assert_eq!(
        set(first_tokens(&al.run(&p, &["heads"]))),
        set(["cccc00000003"])
    );
    let heads = p.retort_json(&["heads"]);
    assert_eq!(heads[0]["id"], "cccc00000003", "{heads}");
    assert_eq!(
        set(heads[0]["parents"]
            .as_array()
            .expect("parents")
            .iter()
            .filter_map(Value::as_str)),
        set(["aaaa00000001", "bbbb00000002"])
    );
}

/// `revision --autogenerate` writes alembic's own draft, which then applies; `check` exits 1
/// while the models and the database differ, 0 once they agree.
fn autogenerate(dialect: Dialect) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let tmp = models_project(al, &db.url);
    let root = tmp.path();
    let retort = |args: &[&str]| common::retort(root, None, args);

    let out = retort(&["--json", "revision", "--autogenerate", "-m", "create users"]);
    succeeded(&out, "revision --autogenerate (create users)");
    let draft = fs::read_to_string(draft_path(&out)).expect("draft");
    assert!(draft.contains("op.create_table('users'"), "{draft}");
    succeeded(&retort(&["upgrade", "head"]), "upgrade head");
    let out = retort(&["check"]);
    succeeded(&out, "check with nothing to do");
    assert!(
        text(&out.stdout).contains("No new upgrade operations detected"),
        "{}",
        text(&out.stdout)
    );

    fs::write(
        root.join("models.py"),
        MODELS.replace(
            "#EXTRA",
            "    Column(\"email\", String(120), nullable=True),",
        ),
    )
    .expect("models");
    let out = retort(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check must fail once the models changed: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("add_column"),
        "{}",
        text(&out.stderr)
    );

    let out = retort(&["--json", "revision", "--autogenerate", "-m", "add email"]);
    succeeded(&out, "revision --autogenerate (add email)");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let path = json["revisions"][0]["path"]
        .as_str()
        .expect("path")
        .to_string();
    let draft = fs::read_to_string(&path).expect("draft");
    assert!(
        draft.contains("op.add_column('users', sa.Column('email'"),
        "{draft}"
    );
    succeeded(&retort(&["upgrade", "head"]), "upgrade head (the draft)");
    let columns = match dialect {
        Dialect::Sqlite => db.query("SELECT name FROM pragma_table_info('users')"),
        _ => db.query("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'users'"),
    };
    assert!(
        columns.iter().any(|r| r[0].as_deref() == Some("email")),
        "{columns:?}"
    );
    succeeded(&retort(&["check"]), "check after applying the draft");
}

#[test]
fn autogenerate_sqlite() {
    autogenerate(Dialect::Sqlite);
}

#[test]
fn autogenerate_postgresql() {
    autogenerate(Dialect::Postgresql);
}
