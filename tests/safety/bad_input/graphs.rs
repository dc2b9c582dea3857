//! Invalid graphs: cycles, duplicate ids, unknown parents, ambiguous prefixes, unknown or clashing
//! labels, and repeated edges (which used to make the graph walks spin).

use super::*;

fn cycle(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let file = versions(p).join("r01.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("-- down_revision: \n", "-- down_revision: r03\n"),
    )
    .unwrap();
    let err = refused(&db, p, &["upgrade", "heads"], "the revisions form a cycle");
    for name in ["r01.sql", "r02.sql", "r03.sql"] {
        assert!(err.contains(name), "{name} named: {err}");
    }
    every_command_refuses(&db, p, "cycle");
}
on_each_dialect!(cycle: cycle_sqlite, cycle_postgresql, cycle_mysql);

fn duplicate_id(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    std::fs::copy(versions(p).join("r05.sql"), versions(p).join("zz_copy.sql")).unwrap();
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision r05 is defined more than once",
    );
    assert!(
        err.contains("r05.sql") && err.contains("zz_copy.sql"),
        "{err}"
    );
    every_command_refuses(&db, p, "defined more than once");
}
on_each_dialect!(duplicate_id: duplicate_id_sqlite, duplicate_id_postgresql, duplicate_id_mysql);

fn unknown_parent(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    write_revision(
        p,
        "x01",
        &["nope42"],
        "",
        "CREATE TABLE t_x01 (id INTEGER);",
        "DROP TABLE t_x01;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision x01 has down_revision nope42, which no file defines",
    );
    assert!(err.contains("x01.sql"), "{err}");
    every_command_refuses(&db, p, "nope42");

    // The same for depends_on.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- depends_on: nope43\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision x01 depends_on nope43",
    );
    assert!(err.contains("x01.sql"), "{err}");
}
on_each_dialect!(unknown_parent: unknown_parent_sqlite, unknown_parent_postgresql, unknown_parent_mysql);

fn ambiguous_prefix(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let err = refused(&db, p, &["upgrade", "r0"], "\"r0\" is ambiguous");
    assert!(
        err.contains("r01, r02, r03, r04, r05, r06, r08"),
        "candidates listed: {err}"
    );
    refused(&db, p, &["downgrade", "r0"], "ambiguous");
    refused(&db, p, &["stamp", "r0"], "ambiguous");
    refused(&db, p, &["show", "r0"], "ambiguous");
}
on_each_dialect!(ambiguous_prefix: ambiguous_prefix_sqlite, ambiguous_prefix_postgresql, ambiguous_prefix_mysql);

fn unknown_label(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(
        &db,
        p,
        &["upgrade", "nope@head"],
        "no branch label \"nope\"",
    );
    refused(
        &db,
        p,
        &["upgrade", "nope@base"],
        "no branch label \"nope\"",
    );
    refused(
        &db,
        p,
        &["downgrade", "nope@base"],
        "no branch label \"nope\"",
    );
    refused(&db, p, &["upgrade", "nope@+1"], "no branch label \"nope\"");
    refused(&db, p, &["stamp", "nope@head"], "no branch label \"nope\"");
}
on_each_dialect!(unknown_label: unknown_label_sqlite, unknown_label_postgresql, unknown_label_mysql);

/// A branch label may name one branch only, and may not be another revision's id (Alembic:
/// "Branch name … already used by revision …"): either would make targets mean two things.
fn label_clashes(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- branch_labels: side\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "branch label \"side\" is used by more than one revision",
    );
    assert!(err.contains("r04.sql") && err.contains("x01.sql"), "{err}");
    std::fs::remove_file(versions(p).join("x01.sql")).unwrap();

    // `revision --branch-label` with a label in use writes no file.
    refused(
        &db,
        p,
        &[
            "revision",
            "-m",
            "dup",
            "--head",
            "r03",
            "--branch-label",
            "side",
        ],
        "side",
    );

    // A label that is another revision's id.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- branch_labels: r05\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(&db, p, &["upgrade", "heads"], "r05");
    assert!(err.contains("x01.sql"), "{err}");
}
on_each_dialect!(label_clashes: label_clashes_sqlite, label_clashes_postgresql, label_clashes_mysql);

// repeated edges (issue 10)

/// Runs retort, killing it after `seconds`: a graph walk that loops must fail the test, not
/// hang it.
#[track_caller]
fn run_bounded(project: &Path, url: &str, args: &[&str], seconds: u64) -> std::process::Output {
    let mut child = retort_command(project, Some(url), args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn retort");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`retort {}` did not finish within {seconds} s",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `-- down_revision: r03, r03` (or a repeated depends_on) used to make history, status and
/// upgrade spin forever; now the file is refused at load with its line.
fn repeated_parent(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    // The issue's own shape, which looped before: a linear history with the parent twice.
    let linear = empty_project();
    write_revision(linear.path(), "a1", &[], "", "SELECT 1;", "SELECT 1;");
    write_revision(
        linear.path(),
        "b1",
        &["a1", "a1"],
        "",
        "SELECT 1;",
        "SELECT 1;",
    );
    for args in [&["history"][..], &["status"], &["upgrade", "head", "--sql"]] {
        fails(
            run_bounded(linear.path(), &db.url, args, 30),
            "b1.sql:2: down_revision names a1 twice",
        );
    }
    for (header, line, text) in [
        (
            "-- down_revision: r03, r03",
            2,
            "down_revision names r03 twice",
        ),
        (
            "-- down_revision: r03\n-- depends_on: s01, s01",
            3,
            "depends_on names s01 twice",
        ),
    ] {
        let path = versions(p).join("x01.sql");
        std::fs::write(
            &path,
            format!("-- revision: x01\n{header}\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n"),
        )
        .unwrap();
        let before = Snapshot::take(&db, p);
        for args in [
            &["history"][..],
            &["status"],
            &["upgrade", "heads", "--sql"],
            &["upgrade", "heads"],
            &["heads"],
        ] {
            let out = run_bounded(p, &db.url, args, 30);
            let err = fails(out, text);
            assert!(
                err.contains(&format!("x01.sql:{line}: ")),
                "{args:?}: {err}"
            );
        }
        assert_eq!(Snapshot::take(&db, p), before);
        std::fs::remove_file(&path).unwrap();
    }
    // `merge` keeps each revision once, however often it is named.
    let out = ok(retort(
        p,
        Some(&db.url),
        &[
            "--json", "merge", "-m", "join", "r08", "s02", "r08", "heads",
        ],
    ));
    let written: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = std::fs::read_to_string(written["path"].as_str().unwrap()).unwrap();
    assert!(file.contains("-- down_revision: r08, s02\n"), "{file}");
    ok(run_bounded(p, &db.url, &["history"], 30));
    ok(run_bounded(p, &db.url, &["upgrade", "heads"], 60));
    assert_eq!(db.applied().len(), 11);
}
on_each_dialect!(repeated_parent: repeated_parent_sqlite, repeated_parent_postgresql, repeated_parent_mysql);
