//! The read commands: `current`, `history`, `heads`, `branches`, `show` and `status`, as text
//! and `--json`, and the ones that never connect working without a reachable database.

use super::*;

fn read_commands(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());

    // Before Retort touched the database: status says so and leaves no trace.
    let status = ok(retort(p, url, &["status"]));
    assert!(status.contains("has not touched this database"), "{status}");
    assert!(status.contains("Current:  <base>"), "{status}");
    assert!(status.contains("Pending:  10 revision(s)"), "{status}");
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(status["initialized"], false);
    assert_eq!(status["pending"].as_array().unwrap().len(), 10);
    assert!(strings(&status["current"]).is_empty());
    assert_eq!(ok(retort(p, url, &["current"])), "");
    assert_eq!(
        db.tables(),
        Vec::<String>::new(),
        "read commands create nothing"
    );
    if dialect == Dialect::Sqlite {
        assert!(
            !db.sqlite_path().exists(),
            "reading must not create the SQLite file"
        );
    }

    ok(retort(p, url, &["upgrade", "r05"]));
    assert_state(&db, &["r01", "r02", "r03", "r05"]);

    // current
    assert_eq!(lines(&ok(retort(p, url, &["current"]))), ["r05"]);
    let verbose = ok(retort(p, url, &["current", "--verbose"]));
    assert!(verbose.contains("Rev: r05"), "{verbose}");
    assert!(verbose.contains("Parent: r03"), "{verbose}");
    let current = json(&ok(retort(p, url, &["--json", "current"])));
    assert_eq!(strings(&current["current"]), ["r05"]);
    assert!(current["dirty"].is_null());

    // history: everything, newest first (every revision before its parents).
    let history = ok(retort(p, url, &["history"]));
    let order = history_ids(&history);
    assert_eq!(
        sorted_strings(order.clone()),
        sorted(&["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02"])
    );
    let pos = |id: &str| order.iter().position(|x| x == id).unwrap();
    for (child, parent) in [
        ("r02", "r01"),
        ("r03", "r02"),
        ("r04", "r02"),
        ("r05", "r03"),
        ("r06", "r04"),
        ("m07", "r05"),
        ("m07", "r06"),
        ("r08", "m07"),
        ("s02", "s01"),
        ("s02", "r03"),
    ] {
        assert!(
            pos(child) < pos(parent),
            "{child} before {parent}: {history}"
        );
    }
    assert!(
        history
            .lines()
            .any(|l| l.starts_with("r05, r06 -> m07") && l.contains("(mergepoint)")),
        "{history}"
    );
    assert!(
        history
            .lines()
            .any(|l| l.starts_with("r01 -> r02") && l.contains("(branchpoint)")),
        "{history}"
    );
    assert!(
        history.lines().any(|l| l.starts_with("<base> -> r01")),
        "{history}"
    );
    assert!(
        !history.contains("(current)"),
        "no -i, no current marks: {history}"
    );

    // Ranges, inclusive at both ends.
    assert_eq!(
        history_ids(&ok(retort(p, None, &["history", "-r", "r02:r05"]))),
        ["r05", "r03", "r02"]
    );
    assert_eq!(
        history_ids(&ok(retort(p, None, &["history", "-r", "r06:"]))),
        ["r08", "m07", "r06"]
    );
    assert_eq!(
        history_ids(&ok(retort(p, None, &["history", "-r", ":r02"]))),
        ["r02", "r01"]
    );
    let ranged = json(&ok(retort(
        p,
        None,
        &["--json", "history", "-r", "r02:r05"],
    )));
    assert_eq!(ids_of(&ranged), ["r05", "r03", "r02"]);

    // --verbose
    let verbose = ok(retort(p, None, &["history", "--verbose", "-r", "r06:"]));
    // Alembic's verbose layout: flags on the Rev line, labels on their own line.
    assert!(verbose.contains("Rev: r08 (head)"), "{verbose}");
    assert!(verbose.contains("Branch names: side"), "{verbose}");
    assert!(verbose.contains("Merges: r05, r06"), "{verbose}");
    assert!(verbose.contains("Path: "), "{verbose}");

    // -i marks exactly the current revision.
    let marked = ok(retort(p, url, &["history", "-i"]));
    let current_lines: Vec<&str> = marked.lines().filter(|l| l.contains("(current)")).collect();
    assert_eq!(current_lines.len(), 1, "{marked}");
    assert_eq!(line_id(current_lines[0]), "r05");
    let marked = json(&ok(retort(p, url, &["--json", "history", "-i"])));
    let flagged: Vec<String> = marked
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["is_current"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(flagged, ["r05"]);
    assert_eq!(marked.as_array().unwrap().len(), 10);

    // heads
    let heads = ok(retort(p, None, &["heads"]));
    assert_eq!(lines(&heads), ["r08 (side) (head)", "s02 (other) (head)"]);
    let heads = json(&ok(retort(p, None, &["--json", "heads"])));
    assert_eq!(ids_of(&heads), ["r08", "s02"]);
    assert!(heads
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["is_head"] == true));

    // branches
    let branches = ok(retort(p, None, &["branches"]));
    assert!(
        branches
            .lines()
            .next()
            .unwrap()
            .contains("r02 (branchpoint)"),
        "{branches}"
    );
    assert!(branches.contains("-> r03"), "{branches}");
    assert!(branches.contains("-> r04 (side)"), "{branches}");
    let branches = json(&ok(retort(p, None, &["--json", "branches"])));
    let branches = branches.as_array().unwrap();
    assert_eq!(branches.len(), 1);
    assert_eq!(branches[0]["revision"]["id"], "r02");
    assert_eq!(ids_of(&branches[0]["children"]), ["r03", "r04"]);

    // show, by id and by prefix
    let shown = ok(retort(p, None, &["show", "r04"]));
    for expected in [
        "Rev: r04\n",
        "Parent: r02",
        "Branch names: side",
        "-- upgrade",
        "CREATE TABLE t_r04",
        "-- downgrade",
        "DROP TABLE t_r04",
    ] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
    let shown = json(&ok(retort(p, None, &["--json", "show", "s02"])));
    assert_eq!(shown["revision"]["id"], "s02");
    assert_eq!(strings(&shown["revision"]["depends_on"]), ["r03"]);
    assert!(shown["upgrade"]
        .as_str()
        .unwrap()
        .contains("CREATE TABLE t_s02"));
    assert!(shown["downgrade"]
        .as_str()
        .unwrap()
        .contains("DROP TABLE t_s02"));
    assert_eq!(shown["transactional"], true);
    let by_prefix = json(&ok(retort(p, None, &["--json", "show", "m"])));
    assert_eq!(by_prefix["revision"]["id"], "m07");

    // status, text and JSON
    let status = ok(retort(p, url, &["status"]));
    assert!(status.contains("Current:  r05"), "{status}");
    assert!(status.contains("Heads:    r08, s02"), "{status}");
    assert!(status.contains("Pending:  6 revision(s)"), "{status}");
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(status["initialized"], true);
    assert_eq!(strings(&status["current"]), ["r05"]);
    assert_eq!(
        sorted_strings(strings(&status["heads"])),
        sorted(&["r08", "s02"])
    );
    assert_eq!(
        sorted_strings(strings(&status["pending"])),
        sorted(&["r04", "r06", "m07", "r08", "s01", "s02"])
    );
    let pending = strings(&status["pending"]);
    let at = |id: &str| pending.iter().position(|x| x == id).unwrap();
    assert!(at("r04") < at("r06") && at("r06") < at("m07") && at("m07") < at("r08"));
    assert!(at("s01") < at("s02"));
    assert!(strings(&status["drift"]).is_empty());
    assert!(strings(&status["unknown"]).is_empty());
    assert!(status["dirty"].is_null());

    // None of this changed the database.
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
}

on_each_dialect!(read_commands: read_commands_sqlite, read_commands_postgresql, read_commands_mysql);

/// `heads`, `history` (without -i), `branches`, `show` and `--sql` never connect.
#[test]
fn read_commands_work_without_a_reachable_database() {
    let project = branchy_project();
    let p = project.path();
    let missing_sqlite = p.join("no/such/folder/x.db");
    let missing_sqlite = format!("sqlite:///{}", missing_sqlite.display());
    for url in [
        UNREACHABLE_PG,
        "mysql://x@127.0.0.1:1/nope",
        missing_sqlite.as_str(),
    ] {
        let started = std::time::Instant::now();
        for args in [
            &["heads"][..],
            &["--json", "heads"],
            &["heads", "--verbose"],
            &["history"],
            &["--json", "history"],
            &["history", "--verbose"],
            &["history", "-r", "r02:r05"],
            &["branches"],
            &["--json", "branches"],
            &["show", "r04"],
            &["--json", "show", "r04"],
            &["upgrade", "--sql", "r08"],
            &["downgrade", "--sql", "r08:base"],
        ] {
            let out = ok(retort(p, Some(url), args));
            assert!(!out.trim().is_empty(), "{args:?} with {url}");
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "no connection attempts with {url}"
        );
    }
    assert!(!p.join("no").exists());
    // And a command that does need the database says so in one line.
    let err = fails(retort(p, Some(UNREACHABLE_PG), &["current"]), "127.0.0.1:1");
    assert_eq!(lines(&err).len(), 1, "{err}");
}
