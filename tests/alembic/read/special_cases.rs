//! An applied id no file defines, version files whose header Python cannot parse, and the batch
//! runner printing what the `alembic` command prints.

use super::*;

/// An id in alembic_version that no file defines: alembic's `current` gives up on it; retort's
/// shows it as unknown, beside the known one, and exits 0; `history -i` marks what alembic marks.
fn unknown_revision(dialect: Dialect) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = support::linear(al, &db.url);
    let known = p.revisions[1].id.clone();
    al.run(&p, &["upgrade", &known]);
    db.exec("INSERT INTO alembic_version (version_num) VALUES ('deadbeef0000')")
        .expect("insert an unknown id");
    let mut d = Diffs::new(format!("unknown revision on {dialect}"));

    let a = al.output(&p, &["current"]);
    assert!(
        !a.status.success() && text(&a.stderr).contains("deadbeef0000"),
        "alembic current was expected to fail on the unknown id: {} {}",
        text(&a.stdout),
        text(&a.stderr)
    );

    let out = p.retort(&["current"]);
    d.eq("retort current: exit code", Some(0), out.status.code());
    let stdout = text(&out.stdout);
    let unknown_line = stdout.lines().find(|l| l.contains("deadbeef0000"));
    if !unknown_line.is_some_and(|l| l.contains("unknown")) {
        d.fail(format!(
            "retort current does not show deadbeef0000 as unknown: {stdout:?} {}",
            text(&out.stderr)
        ));
    }
    d.eq(
        "retort current: the known revision",
        Some(known.clone()),
        first_tokens(&stdout)
            .into_iter()
            .find(|t| *t != "deadbeef0000"),
    );
    let json = p.retort_json(&["current"]);
    d.eq(
        "retort current --json: unknown",
        vec!["deadbeef0000".to_string()],
        strings(&json["unknown"]),
    );
    d.eq(
        "retort current --json: current",
        vec![known.clone()],
        strings(&json["current"]),
    );
    let status = p.retort_json(&["status"]);
    d.eq(
        "retort status --json: unknown",
        vec!["deadbeef0000".to_string()],
        strings(&status["unknown"]),
    );
    d.eq(
        "retort status --json: pending",
        p.revisions.len() - 2,
        strings(&status["pending"]).len(),
    );

    // alembic's history -i only compares ids, so it still works: the same marks.
    let alembic_marks = set(parse_history(&al.run(&p, &["history", "-i"]))
        .into_iter()
        .filter(|l| l.flags.contains("current"))
        .map(|l| l.id));
    let r = p.retort(&["history", "-i"]);
    d.eq("retort history -i: exit code", Some(0), r.status.code());
    if r.status.success() {
        d.eq(
            "history -i: revisions marked (current)",
            alembic_marks,
            set(parse_history(&text(&r.stdout))
                .into_iter()
                .filter(|l| l.flags.contains("current"))
                .map(|l| l.id)),
        );
    }

    // Only the unknown id left.
    db.exec(&format!(
        "DELETE FROM alembic_version WHERE version_num = '{known}'"
    ))
    .expect("delete");
    let out = p.retort(&["current"]);
    d.eq(
        "retort current (only an unknown row): exit code",
        Some(0),
        out.status.code(),
    );
    if !text(&out.stdout).contains("deadbeef0000") {
        d.fail(format!(
            "retort current (only an unknown row) does not show it: {:?}",
            text(&out.stdout)
        ));
    }
    let json = p.retort_json(&["current"]);
    d.eq(
        "retort current --json (only an unknown row): current",
        Vec::<String>::new(),
        strings(&json["current"]),
    );
    d.finish();
}

#[test]
fn unknown_revision_sqlite() {
    unknown_revision(Dialect::Sqlite);
}

#[test]
fn unknown_revision_postgresql() {
    unknown_revision(Dialect::Postgresql);
}

/// A versions file whose header Python cannot parse: alembic fails on it; retort names the file
/// and the line Python's parser names, exits 1, and does not skip the file.
#[test]
fn header_syntax_errors() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let plain = support::branchy(&db.url);
    let annotated = support::annotated(&db.url);
    let bad = support::rev("deadbeef0001", &[plain.id_of("after the merge")], "broken");
    let bad_annotated = support::rev(
        "deadbeef0002",
        &[annotated.id_of("dependency by label")],
        "broken",
    );
    let plain_text = support::module_text(&bad.clone().at("alembic/versions"), Style::Plain, 0);
    let annotated_text = support::module_text(
        &bad_annotated.clone().at("migrations/versions"),
        Style::Annotated,
        0,
    );
    // (name, project, module text)
    let cases: Vec<(&str, &Project, String)> = vec![
        (
            "unterminated string",
            &plain,
            plain_text.replace("revision = 'deadbeef0001'", "revision = 'deadbeef0001"),
        ),
        (
            "unclosed tuple",
            &plain,
            plain_text.replace(
                "down_revision = '0a9b8c7d6e5f'",
                "down_revision = ('0a9b8c7d6e5f', 'd2c1b0a99887'",
            ),
        ),
        (
            "unterminated docstring",
            &plain,
            plain_text.replacen("\"\"\"\nfrom alembic", "\nfrom alembic", 1),
        ),
        (
            "unexpected indent",
            &plain,
            plain_text.replace("down_revision = ", "  down_revision = "),
        ),
        (
            "annotation with two equals signs",
            &annotated,
            annotated_text.replace("revision: str = ", "revision: str = = "),
        ),
        (
            "unclosed annotated list",
            &annotated,
            annotated_text.replace(
                "down_revision: Union[str, Sequence[str], None] = [",
                "down_revision: Union[str, Sequence[str], None] = [[",
            ),
        ),
    ];
    let mut d = Diffs::new("header syntax errors".into());
    for (name, p, module) in cases {
        let dir = if std::ptr::eq(p, &plain) {
            "alembic/versions"
        } else {
            "migrations/versions"
        };
        let file = p.root.join(dir).join("deadbeef_broken.py");
        std::fs::write(&file, &module).expect("write the broken file");
        let (line, python_message) = al.syntax_error_line(p, &file);
        if line == 0 {
            d.fail(format!("{name}: the case is not a syntax error for Python"));
            continue;
        }
        let a = al.output(p, &["heads"]);
        if a.status.success() {
            d.fail(format!("{name}: alembic heads accepted the file"));
        }
        for command in [&["heads"][..], &["history"][..]] {
            let out = p.retort(command);
            let err = text(&out.stderr);
            let expected = format!("deadbeef_broken.py:{line}:");
            if out.status.code() != Some(1) || !err.contains(&expected) {
                d.fail(format!(
                    "{name}: retort {command:?}: expected exit 1 and {expected:?} (Python: line {line}, {python_message}); got exit {:?}, stderr {:?}",
                    out.status.code(),
                    err.trim()
                ));
            }
        }
        std::fs::remove_file(&file).expect("remove the broken file");
    }
    d.finish();
}

/// The batch runner (several alembic command lines in one Python process, to pay Python's
/// start-up once) prints what the `alembic` command prints, failures included.
#[test]
fn batch_runs_like_the_cli() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let p = support::branchy(&db.url);
    al.run(&p, &["upgrade", p.id_of("create tasks")]);
    al.run(&p, &["upgrade", p.id_of("side table")]);
    let tasks = p.id_of("create tasks");
    let side = p.id_of("side table");
    let merge = p.id_of("merge side into trunk");
    let commands = vec![
        argv(&["heads"]),
        argv(&["history"]),
        argv(&["history", "--verbose"]),
        argv(&["history", "-i"]),
        argv(&["current"]),
        argv(&["history", "-r", &format!("base:{side}")]),
        argv(&["history", "-r", &format!("{tasks}:{side}")]),
        argv(&["show", merge]),
        argv(&["branches"]),
    ];
    let runs = al.batch(&p, &commands);
    assert_eq!(runs.len(), commands.len());
    for run in &runs {
        let args: Vec<&str> = run.argv.iter().map(String::as_str).collect();
        let cli = al.output(&p, &args);
        assert_eq!(
            run.ok(),
            cli.status.success(),
            "alembic {args:?}: batch {run:?}, command {}",
            text(&cli.stderr)
        );
        if args == ["branches"] {
            // children come in a hash order that differs between processes
            assert_eq!(
                parse_branches(&run.stdout),
                parse_branches(&text(&cli.stdout))
            );
        } else if args == ["current"] {
            // so do several current heads
            assert_eq!(
                set(first_tokens(&run.stdout)),
                set(first_tokens(&text(&cli.stdout)))
            );
        } else {
            assert_eq!(
                sorted_children(&run.stdout),
                sorted_children(&text(&cli.stdout)),
                "alembic {args:?}"
            );
        }
    }
    assert!(!runs[6].ok() && runs[6].stdout.contains("FAILED"));
}

/// Verbose output with each `Branches into:` list sorted (alembic prints it in a hash order).
fn sorted_children(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("Branches into: ") {
            Some(list) => {
                let mut children: Vec<&str> = list.split(", ").collect();
                children.sort();
                format!("Branches into: {}\n", children.join(", "))
            }
            None => format!("{l}\n"),
        })
        .collect()
}
