//! Bad revision files: malformed or misspelt headers, missing sections, empty and non-UTF-8
//! files, a same-size edit the parse cache must not miss, and comment or id injection.

use super::*;

/// Writes `versions/x01.sql` with these bytes and expects every command to name it and `line`.
#[track_caller]
fn bad_file(db: &TestDb, project: &Path, bytes: &[u8], line: usize, text: &str) {
    let path = versions(project).join("x01.sql");
    std::fs::write(&path, bytes).unwrap();
    let err = refused(db, project, &["upgrade", "heads"], text);
    assert!(
        err.contains(&format!("x01.sql:{line}: ")),
        "file and line {line} named: {err}"
    );
    refused_all(
        db,
        project,
        &[&["status"], &["heads"], &["downgrade", "base"]],
        text,
    );
    std::fs::remove_file(&path).unwrap();
}

fn malformed_header(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let cases: &[(&str, usize, &str)] = &[
        (
            "-- revision: x01\n-- down_revison: r03\n-- message: typo\n\n-- upgrade\nSELECT 1;\n\n-- downgrade\nSELECT 1;\n",
            2,
            "unknown header key \"down_revison\"",
        ),
        (
            "-- revision: x01\n-- down_revision: r03\nCREATE TABLE t_x01 (id INTEGER);\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            3,
            "SQL before the `-- upgrade` marker",
        ),
        (
            "-- revision: x-01\n-- down_revision: r03\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "revision id \"x-01\" contains '-'",
        ),
        (
            "-- revision: x01\n-- down_revision: r03\n-- transactional: sometimes\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            3,
            "transactional must be true or false",
        ),
        (
            "-- down_revision: r03\n-- message: no id\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "missing `-- revision: <id>` header",
        ),
        (
            "-- revision: x01\n-- message: no parent line\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "missing `-- down_revision:` header",
        ),
    ];
    for (text, line, message) in cases {
        bad_file(&db, p, text.as_bytes(), *line, message);
    }
}
on_each_dialect!(malformed_header: malformed_header_sqlite, malformed_header_postgresql, malformed_header_mysql);

fn missing_sections(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- message: no sections\n",
        3,
        "missing `-- upgrade` section",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\n",
        5,
        "missing `-- downgrade` section",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n\n-- downgrade\nDROP TABLE t_x01;\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\n",
        4,
        "`-- downgrade` comes before `-- upgrade`",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- upgrade\nSELECT 1;\n-- upgrade\nSELECT 2;\n-- downgrade\n",
        5,
        "a second `-- upgrade` marker",
    );
}
on_each_dialect!(missing_sections: missing_sections_sqlite, missing_sections_postgresql, missing_sections_mysql);

fn empty_file(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(&db, p, b"", 1, "empty file");
    bad_file(&db, p, b"\n  \n\r\n", 1, "empty file");
}
on_each_dialect!(empty_file: empty_file_sqlite, empty_file_postgresql, empty_file_mysql);

fn non_utf8_file(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- message: caf\xe9 (Latin-1)\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
        3,
        "not valid UTF-8",
    );
}
on_each_dialect!(non_utf8_file: non_utf8_file_sqlite, non_utf8_file_postgresql, non_utf8_file_mysql);

/// Misspelt keys used to be taken as comments, dropping a dependency or `transactional: false`.
fn misspelt_header_keys(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    for (key_line, meant) in [
        ("-- depends-on: s01", "`-- depends_on:`"),
        ("-- Transactional: false", "`-- transactional:`"),
        ("-- branch labels: extra", "`-- branch_labels:`"),
        ("-- DOWN_REVISION: r03", "`-- down_revision:`"),
        ("-- depend_on: s01", "did you mean `depends_on`?"),
    ] {
        let text = format!(
            "-- revision: x01\n-- down_revision: r03\n{key_line}\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n"
        );
        bad_file(&db, p, text.as_bytes(), 3, meant);
    }
    // Prose in the header stays a comment.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- Note: reviewed by ops.\n-- TODO: split later",
        "SELECT 1;",
        "SELECT 1;",
    );
    ok(retort(p, Some(&db.url), &["upgrade", "x01"]));
}
on_each_dialect!(misspelt_header_keys: misspelt_header_keys_sqlite, misspelt_header_keys_postgresql, misspelt_header_keys_mysql);

fn set_mtime(path: &Path, when: std::time::SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

/// A same-size edit that keeps the mtime (`cp -p`, `touch -r`, `rsync -a`) used to be served
/// from the parse cache: the old SQL ran and drift went unseen.
fn same_size_edit_keeping_mtime(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    // Old enough for the cache to trust them (it skips files changed in the last 2 s).
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(versions(p)).unwrap() {
        set_mtime(&entry.unwrap().path(), old);
    }
    ok(retort(p, Some(&db.url), &["heads"]));
    ok(retort(p, Some(&db.url), &["heads"]));
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!([]));

    // Applied r02 and pending r05, each edited in place: same size, mtime put back.
    for (id, from, to) in [
        ("r02", "note VARCHAR(20)", "note VARCHAR(40)"),
        ("r05", "note VARCHAR(20)", "note VARCHAR(30)"),
    ] {
        let file = versions(p).join(format!("{id}.sql"));
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replace(from, to);
        assert_eq!(edited.len(), text.len());
        std::fs::write(&file, edited).unwrap();
        set_mtime(&file, old);
    }
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!(["r02"]), "{status}");
    let shown = ok(retort(p, Some(&db.url), &["show", "r02"]));
    assert!(shown.contains("VARCHAR(40)"), "{shown}");
    let script = ok(retort(p, Some(&db.url), &["upgrade", "r05", "--sql"]));
    assert!(script.contains("note VARCHAR(30)"), "{script}");
    refused(&db, p, &["upgrade", "r05"], "checksum drift");
}
on_each_dialect!(same_size_edit_keeping_mtime: same_size_edit_keeping_mtime_sqlite, same_size_edit_keeping_mtime_postgresql, same_size_edit_keeping_mtime_mysql);

/// A message with a bare carriage return ended the `--` comment for PostgreSQL's lexer, so
/// `psql -f` of the `--sql` script dropped the victim table. Ids with path separators or
/// control characters wrote files outside the project.
fn sql_comment_injection(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    db.exec("CREATE TABLE victim (id INTEGER)").unwrap();
    for message in [
        "add\rDROP TABLE victim; --",
        "add\u{b}\u{c}\u{85}\u{2028}DROP TABLE victim; --",
        "add */ DROP TABLE victim; /*",
    ] {
        ok(retort(p, Some(&db.url), &["revision", "-m", message]));
    }
    let script = ok(retort(p, Some(&db.url), &["upgrade", "heads", "--sql"]));
    let out = run_with_client(&db, &script);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        db.tables().contains(&"victim".to_string()),
        "victim dropped: {script:?}"
    );
    assert_eq!(db.applied().len(), 3, "the script applied every revision");
    // No dialect's line terminator is left inside a comment, whether that lexer minds it or not.
    for line in script.split('\n').filter(|l| l.starts_with("--")) {
        assert!(
            !line.contains(['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}']),
            "{line:?}"
        );
    }

    // Ids: printable ASCII without path separators or blanks, not `..`, at most 64 characters.
    let before = Snapshot::take(&db, p);
    for id in [
        "../../escape",
        "/tmp/retort_abs_id",
        "a\rb",
        "..",
        "a b",
        &"a".repeat(65),
    ] {
        fails(
            retort(p, Some(&db.url), &["revision", "-m", "x", "--rev-id", id]),
            "revision id",
        );
    }
    assert_eq!(Snapshot::take(&db, p), before);
    assert!(!p.join("escape.sql").exists() && !p.parent().unwrap().join("escape.sql").exists());
    ok(retort(
        p,
        Some(&db.url),
        &["revision", "-m", "x", "--rev-id", &"a".repeat(64)],
    ));
    // A dotted id, as projects that predate the rule have, is written, read back and applied.
    ok(retort(
        p,
        Some(&db.url),
        &["revision", "-m", "dotted", "--rev-id", "v1.2"],
    ));
    ok(retort(p, Some(&db.url), &["upgrade", "v1.2"]));
    assert!(db.applied().contains(&"v1.2".to_string()));
}
on_each_dialect!(sql_comment_injection: sql_comment_injection_sqlite, sql_comment_injection_postgresql, sql_comment_injection_mysql);
