//! `init`, `revision` (every option) and `merge`: the files written and the graph they make.

use super::*;

fn init_and_revision(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("proj");

    // `init DIR` relative to the current folder.
    let out = retort_command(root.path(), None, &["init", "proj"])
        .current_dir(root.path())
        .output()
        .unwrap();
    ok(out);
    let config = dir.join("retort.toml");
    assert!(config.is_file());
    assert!(dir.join("versions").is_dir());
    assert_eq!(std::fs::read_dir(dir.join("versions")).unwrap().count(), 0);
    let schema = std::fs::read_to_string(dir.join("schema.sql")).unwrap();
    assert!(
        schema
            .lines()
            .all(|l| l.trim().is_empty() || l.starts_with("--")),
        "{schema}"
    );
    let config_text = std::fs::read_to_string(&config).unwrap();
    for key in ["versions", "schema", "version_table", "log_table"] {
        assert!(
            config_text.contains(&format!("{key} = ")),
            "{key} in {config_text}"
        );
    }
    assert!(
        config_text.contains("{date}_{time}_{rev}_{slug}.sql"),
        "{config_text}"
    );

    // A second init refuses and leaves the project alone.
    let out = retort_command(root.path(), None, &["init", "proj"])
        .current_dir(root.path())
        .output()
        .unwrap();
    fails(out, "already exists");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), config_text);

    let p = dir.as_path();
    let new = |args: &[&str]| -> (String, String) {
        let mut all = vec!["--json", "revision"];
        all.extend_from_slice(args);
        let v = json(&ok(retort(p, None, &all)));
        let path = v["path"].as_str().expect("path").to_string();
        (v["revision"].as_str().expect("revision").to_string(), path)
    };

    // The first revision is a base; its id is 12 hex digits; the file name follows the template.
    let (first, first_path) = new(&["-m", "create widgets"]);
    assert_eq!(first.len(), 12, "{first}");
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()), "{first}");
    assert!(
        first_path.ends_with(&format!("_{first}_create_widgets.sql")),
        "{first_path}"
    );
    let text = std::fs::read_to_string(&first_path).unwrap();
    assert!(text.contains(&format!("-- revision: {first}\n")), "{text}");
    assert!(text.contains("-- message: create widgets\n"), "{text}");
    assert!(
        text.contains("-- upgrade") && text.contains("-- downgrade"),
        "{text}"
    );

    // Default parent: the single head. --rev-id is honoured.
    let (second, second_path) = new(&["-m", "second", "--rev-id", "b0b0b0b0b0b0"]);
    assert_eq!(second, "b0b0b0b0b0b0");
    let text = std::fs::read_to_string(&second_path).unwrap();
    assert!(
        text.contains(&format!("-- down_revision: {first}\n")),
        "{text}"
    );

    // --head base starts a new root; --branch-label labels it.
    let (side, side_path) = new(&[
        "-m",
        "side root",
        "--head",
        "base",
        "--branch-label",
        "gadgets",
    ]);
    let text = std::fs::read_to_string(&side_path).unwrap();
    assert!(
        text.lines().any(|l| l.trim() == "-- down_revision:"),
        "a base has an empty down_revision: {text}"
    );
    assert!(text.contains("-- branch_labels: gadgets\n"), "{text}");

    // --head label@head and --depends-on with a prefix of another revision.
    let (dep, dep_path) = new(&[
        "-m",
        "gadget parts",
        "--head",
        "gadgets@head",
        "--depends-on",
        &second[..6],
    ]);
    let text = std::fs::read_to_string(&dep_path).unwrap();
    assert!(
        text.contains(&format!("-- down_revision: {side}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("-- depends_on: {second}\n")),
        "{text}"
    );

    // The files parse: they appear in `heads` and `show`.
    let heads = json(&ok(retort(p, None, &["--json", "heads"])));
    assert_eq!(sorted_strings(ids_of(&heads)), sorted(&[&second, &dep]));
    let shown = json(&ok(retort(p, None, &["--json", "show", &dep])));
    assert_eq!(strings(&shown["revision"]["parents"]), [side.as_str()]);
    assert_eq!(strings(&shown["revision"]["depends_on"]), [second.as_str()]);
    assert_eq!(strings(&shown["revision"]["branch_labels"]), ["gadgets"]);
    let text_heads = ok(retort(p, None, &["heads"]));
    assert!(
        text_heads.contains(&format!("{dep} (gadgets) (head)")),
        "{text_heads}"
    );

    // With two heads, the default parent is ambiguous; an existing --rev-id is refused.
    let before = std::fs::read_dir(dir.join("versions")).unwrap().count();
    fails(
        retort(p, None, &["revision", "-m", "which parent"]),
        "several heads",
    );
    fails(
        retort(
            p,
            None,
            &[
                "revision",
                "-m",
                "again",
                "--head",
                &first,
                "--rev-id",
                "b0b0b0b0b0b0",
            ],
        ),
        "already exists",
    );
    assert_eq!(
        std::fs::read_dir(dir.join("versions")).unwrap().count(),
        before
    );

    // Fill the generated files with SQL and apply them for real.
    for (id, path) in [
        (&first, &first_path),
        (&second, &second_path),
        (&side, &side_path),
        (&dep, &dep_path),
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let text = text
            .replace(
                "-- Write the upgrade SQL here.",
                &format!("CREATE TABLE t_{id} (id INTEGER PRIMARY KEY);"),
            )
            .replace(
                "-- Write the SQL that reverts the upgrade here.",
                &format!("DROP TABLE t_{id};"),
            );
        std::fs::write(path, text).unwrap();
    }
    ok(retort(p, Some(&db.url), &["upgrade", "heads"]));
    assert_state(&db, &[&first, &second, &side, &dep]);
    ok(retort(p, Some(&db.url), &["downgrade", "base"]));
    assert_state(&db, &[]);
}

on_each_dialect!(init_and_revision: init_and_revision_sqlite, init_and_revision_postgresql, init_and_revision_mysql);

// merge

fn merge_heads(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let out = ok(retort(
        p,
        None,
        &[
            "merge",
            "-m",
            "join the branches",
            "heads",
            "--rev-id",
            "aa11bb22cc33",
        ],
    ));
    assert!(out.contains("aa11bb22cc33"), "{out}");
    let heads = json(&ok(retort(p, None, &["--json", "heads"])));
    assert_eq!(ids_of(&heads), ["aa11bb22cc33"]);
    let shown = json(&ok(retort(p, None, &["--json", "show", "aa11"])));
    assert_eq!(
        sorted_strings(strings(&shown["revision"]["parents"])),
        sorted(&["r08", "s02"])
    );
    assert_eq!(shown["revision"]["is_merge_point"], true);
    assert_eq!(shown["revision"]["message"], "join the branches");

    ok(retort(p, url, &["upgrade", "head"]));
    let all = [
        "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
    ];
    assert_eq!(
        db.applied(),
        sorted(&[&all[..], &["aa11bb22cc33"]].concat()),
        "the merge is recorded too"
    );
    assert_eq!(made_tables(&db), sorted(&all));
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(strings(&status["current"]), ["aa11bb22cc33"]);
    assert!(status["pending"].as_array().unwrap().is_empty());

    // Downgrading the merge leaves both of its parents current.
    ok(retort(p, url, &["downgrade", "-1"]));
    let current = json(&ok(retort(p, url, &["--json", "current"])));
    assert_eq!(
        sorted_strings(strings(&current["current"])),
        sorted(&["r08", "s02"])
    );

    // A merge needs two revisions.
    fails(
        retort(p, None, &["merge", "-m", "lonely", "r08"]),
        "two or more",
    );
}

on_each_dialect!(merge_heads: merge_heads_sqlite, merge_heads_postgresql, merge_heads_mysql);
