//! Every CLI verb and every target form through the real binary on SQLite, PostgreSQL and MariaDB,
//! asserting on what really happened: the recorded applied set, the tables in the catalog, the
//! output (text and `--json`), the exit codes, and which database the connection chain picked.

use crate::common::*;
use retort::Dialect;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

/// Where no server listens: read commands that need no database must still work with it.
const UNREACHABLE_PG: &str = "postgresql://x@127.0.0.1:1/nope";

/// The revisions whose table (`t_<id>`, made by the fixtures' upgrades) exists, sorted.
fn made_tables(db: &TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter_map(|t| t.strip_prefix("t_").map(str::to_string))
        .collect()
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The recorded applied set is `ids`, and exactly their tables exist.
#[track_caller]
fn assert_state(db: &TestDb, ids: &[&str]) {
    assert_eq!(db.applied(), sorted(ids), "recorded applied set");
    assert_eq!(made_tables(db), sorted(ids), "tables in the catalog");
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect()
}

/// The revision id of an Alembic-style history line: `parents -> id (tags), message`.
fn line_id(line: &str) -> String {
    let after = line
        .split(" -> ")
        .nth(1)
        .unwrap_or_else(|| panic!("not a history line: {line}"));
    after
        .split([' ', ','])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn history_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(line_id)
        .collect()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[track_caller]
fn usage_error(out: Output) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected a usage error; stdout: {} stderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stderr(&out).trim().is_empty());
}

// ---------------------------------------------------------------------------------------------
// init and revision

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

fn sorted_strings(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

on_each_dialect!(init_and_revision: init_and_revision_sqlite, init_and_revision_postgresql, init_and_revision_mysql);

// ---------------------------------------------------------------------------------------------
// upgrade: every target form

fn upgrade_targets(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let up = |target: &str| retort(p, Some(&db.url), &["upgrade", target]);

    // A full id; progress on stderr names the revision, stdout stays empty.
    let out = up("r01");
    let err = stderr(&out);
    assert_eq!(ok(out), "", "progress goes to stderr");
    assert!(
        err.lines()
            .any(|l| l.contains("r01") && l.contains("upgrade")),
        "a progress line names the revision: {err}"
    );
    assert!(
        err.lines().any(|l| l.contains("r01") && l.contains(" ms")),
        "with its duration: {err}"
    );
    assert_state(&db, &["r01"]);

    ok(up("+1"));
    assert_state(&db, &["r01", "r02"]);

    // label@base: the first revision of the labelled branch (and what it needs).
    ok(up("side@base"));
    assert_state(&db, &["r01", "r02", "r04"]);

    // REV+N: N steps above REV.
    ok(up("r03+1"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05"]);

    // A unique prefix: "m" can only be m07, the merge (it needs r06).
    ok(up("m"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06", "m07"]);

    // label@head.
    ok(up("side@head"));
    assert_state(
        &db,
        &["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"],
    );

    // heads: every branch, including the second base and its depends_on.
    ok(up("heads"));
    let all = [
        "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
    ];
    assert_state(&db, &all);
    let log = db.log_count();

    // Nothing left: exit 0, nothing run, nothing logged.
    let out = up("heads");
    let err = stderr(&out);
    ok(out);
    assert!(err.contains("Nothing to upgrade"), "{err}");
    assert_state(&db, &all);
    assert_eq!(db.log_count(), log);
}

on_each_dialect!(upgrade_targets: upgrade_targets_sqlite, upgrade_targets_postgresql, upgrade_targets_mysql);

/// `upgrade head` on one head, and the other side of it: `+N` from base.
fn upgrade_head_and_relative_from_base(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    for (id, parents) in [
        ("a1", &[][..]),
        ("a2", &["a1"][..]),
        ("a3", &["a2"][..]),
        ("a4", &["a3"][..]),
    ] {
        write_revision(
            p,
            id,
            parents,
            "",
            &format!("CREATE TABLE t_{id} (id INTEGER);"),
            &format!("DROP TABLE t_{id};"),
        );
    }
    ok(retort(p, Some(&db.url), &["upgrade", "+2"]));
    assert_state(&db, &["a1", "a2"]);
    ok(retort(p, Some(&db.url), &["upgrade", "head"]));
    assert_state(&db, &["a1", "a2", "a3", "a4"]);
    ok(retort(p, Some(&db.url), &["downgrade", "-3"]));
    assert_state(&db, &["a1"]);
    ok(retort(p, Some(&db.url), &["downgrade", "-1"]));
    assert_state(&db, &[]);
}

on_each_dialect!(upgrade_head_and_relative_from_base: upgrade_head_and_relative_from_base_sqlite, upgrade_head_and_relative_from_base_postgresql, upgrade_head_and_relative_from_base_mysql);

// ---------------------------------------------------------------------------------------------
// downgrade: every target form, and below a merge

fn downgrade_targets(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let down = |target: &str| retort(p, url, &["downgrade", target]);
    ok(retort(p, url, &["upgrade", "heads"]));
    assert_state(
        &db,
        &[
            "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
        ],
    );

    // REV-N: to N below REV.
    let out = down("s02-1");
    let err = stderr(&out);
    ok(out);
    assert!(
        err.lines()
            .any(|l| l.contains("s02") && l.contains("downgrade")),
        "{err}"
    );
    assert_state(
        &db,
        &[
            "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01",
        ],
    );

    // label@base: the labelled branch goes entirely.
    ok(down("other@base"));
    assert_state(
        &db,
        &["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"],
    );

    // -N from the single current head.
    ok(down("-1"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06", "m07"]);

    // A revision below a merge: both parents of the merge stay current.
    ok(down("r05"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06"]);
    let current = ok(retort(p, url, &["current"]));
    assert_eq!(
        sorted_strings(
            lines(&current)
                .iter()
                .map(|l| l.split(' ').next().unwrap().to_string())
                .collect()
        ),
        sorted(&["r05", "r06"]),
        "{current}"
    );
    let current = json(&ok(retort(p, url, &["--json", "current"])));
    assert_eq!(
        sorted_strings(strings(&current["current"])),
        sorted(&["r05", "r06"])
    );
    let marked = ok(retort(p, url, &["history", "-i"]));
    let marked: Vec<String> = marked
        .lines()
        .filter(|l| l.contains("(current)"))
        .map(line_id)
        .collect();
    assert_eq!(sorted_strings(marked), sorted(&["r05", "r06"]));
    // Two current heads: a bare -1 is ambiguous and changes nothing.
    fails(down("-1"), "several heads");
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06"]);

    ok(down("side@base"));
    assert_state(&db, &["r01", "r02", "r03", "r05"]);

    ok(down("r05-2"));
    assert_state(&db, &["r01", "r02"]);

    ok(down("-1"));
    assert_state(&db, &["r01"]);

    ok(down("base"));
    assert_state(&db, &[]);
    assert_eq!(db.schema(), "");

    let out = down("base");
    let err = stderr(&out);
    ok(out);
    assert!(err.contains("Nothing to downgrade"), "{err}");
}

on_each_dialect!(downgrade_targets: downgrade_targets_sqlite, downgrade_targets_postgresql, downgrade_targets_mysql);

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// read commands: current, history, heads, branches, show, status

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

// ---------------------------------------------------------------------------------------------
// stamp

fn stamp(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let applied = |ids: &[&str]| {
        assert_eq!(db.applied(), sorted(ids), "recorded applied set");
        assert_eq!(
            made_tables(&db),
            Vec::<String>::new(),
            "stamp runs no revision SQL"
        );
    };

    ok(retort(p, url, &["stamp", "r03"]));
    applied(&["r01", "r02", "r03"]);
    let log = db.log_count();
    assert!(log >= 1, "stamp is logged");
    assert_eq!(lines(&ok(retort(p, url, &["current"]))), ["r03"]);

    ok(retort(p, url, &["stamp", "side@head"]));
    applied(&["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"]);
    assert!(db.log_count() > log);

    ok(retort(p, url, &["stamp", "base"]));
    applied(&[]);

    ok(retort(p, url, &["stamp", "heads"]));
    applied(&[
        "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
    ]);

    // An applied revision no file knows: plain stamp refuses, --purge starts from nothing.
    db.exec("INSERT INTO retort_revisions (revision, checksum) VALUES ('zzz999', 'x')")
        .unwrap();
    fails(retort(p, url, &["stamp", "r02"]), "zzz999");
    assert!(db.applied().contains(&"zzz999".to_string()));
    let out = ok(retort(p, url, &["--json", "stamp", "--purge", "r02"]));
    assert_eq!(strings(&json(&out)["current"]), ["r02"]);
    applied(&["r01", "r02"]);

    // What was stamped is not run again; what was not, is.
    ok(retort(p, url, &["upgrade", "r05"]));
    assert_eq!(db.applied(), sorted(&["r01", "r02", "r03", "r05"]));
    assert_eq!(made_tables(&db), sorted(&["r03", "r05"]));
}

on_each_dialect!(stamp: stamp_sqlite, stamp_postgresql, stamp_mysql);

// ---------------------------------------------------------------------------------------------
// --sql: offline mode

/// Positions of `needles` in `text`, which must all be present and in this order.
#[track_caller]
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        let at = text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} (in order) in:\n{text}"));
        from += at + needle.len();
    }
}

fn offline_sql(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let q = |t: &str| match dialect {
        Dialect::Mysql => format!("`{t}`"),
        _ => format!("\"{t}\""),
    };

    let sql = ok(retort(p, url, &["upgrade", "--sql", "r03"]));
    assert!(
        sql.contains(&format!(
            "CREATE TABLE IF NOT EXISTS {}",
            q("retort_revisions")
        )),
        "{sql}"
    );
    assert!(
        sql.contains(&format!("CREATE TABLE IF NOT EXISTS {}", q("retort_log"))),
        "{sql}"
    );
    let recorded = |id: &str| {
        sql.lines().any(|l| {
            (l.starts_with(&format!("INSERT INTO {}", q("retort_revisions")))
                || l.starts_with(&format!("UPDATE {}", q("retort_revisions"))))
                && l.contains(&format!("'{id}'"))
                && l.contains("'applied'")
        })
    };
    for id in ["r01", "r02", "r03"] {
        assert!(recorded(id), "{id} recorded as applied:\n{sql}");
    }
    assert!(!sql.contains("t_r04") && !sql.contains("t_r05"), "{sql}");
    match dialect {
        // MariaDB commits DDL implicitly: no transaction, a claim row instead.
        Dialect::Mysql => assert_in_order(
            &sql,
            &[
                "INSERT INTO `retort_revisions`",
                "'r01'",
                "'running'",
                "CREATE TABLE t_r01",
                "'applied'",
                "INSERT INTO `retort_log`",
            ],
        ),
        _ => assert_in_order(
            &sql,
            &[
                "BEGIN",
                "CREATE TABLE t_r01",
                "INSERT INTO t_r01",
                "'r01'",
                "COMMIT",
                "BEGIN",
                "CREATE TABLE t_r02",
                "COMMIT",
                "BEGIN",
                "CREATE TABLE t_r03",
                "COMMIT",
            ],
        ),
    }
    assert_in_order(&sql, &["t_r01", "t_r02", "t_r03"]);
    // Offline: the database was not touched (not even created, for SQLite).
    assert_eq!(db.tables(), Vec::<String>::new());
    if dialect == Dialect::Sqlite {
        assert!(!db.sqlite_path().exists());
    }
    // ... and the script is the real thing: run by hand, it migrates the database.
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02", "r03"]);

    // FROM:TO: from an assumed starting point; Retort's tables are not created again.
    let sql = ok(retort(p, url, &["upgrade", "--sql", "r03:r05"]));
    assert!(!sql.contains("CREATE TABLE IF NOT EXISTS"), "{sql}");
    assert!(sql.contains("CREATE TABLE t_r05"), "{sql}");
    assert!(
        !sql.contains("t_r01") && !sql.contains("t_r03") && !sql.contains("t_r04"),
        "{sql}"
    );
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    // The database agrees with what was run by hand.
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(strings(&status["current"]), ["r05"]);

    // Offline downgrade needs FROM:TO: a usage error (exit 2).
    let out = retort(p, url, &["downgrade", "--sql", "r02"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FROM:TO"), "{}", stderr(&out));
    let sql = ok(retort(p, url, &["downgrade", "--sql", "r05:r02"]));
    assert_in_order(
        &sql,
        &["DROP TABLE t_r05", "'r05'", "DROP TABLE t_r03", "'r03'"],
    );
    assert!(
        sql.contains(&format!("DELETE FROM {}", q("retort_revisions"))),
        "{sql}"
    );
    assert!(!sql.contains("t_r02"), "{sql}");
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02"]);

    // --dialect picks the dialect when no database is named.
    let sql = ok(retort(
        p,
        None,
        &["upgrade", "--sql", "--dialect", dialect.name(), "r01"],
    ));
    assert!(sql.contains("CREATE TABLE t_r01"), "{sql}");
    fails(retort(p, None, &["upgrade", "--sql", "r01"]), "--dialect");
}

on_each_dialect!(offline_sql: offline_sql_sqlite, offline_sql_postgresql, offline_sql_mysql);

// ---------------------------------------------------------------------------------------------
// --sql scripts run by the dialect's own client (sqlite3, psql, mariadb) give what `upgrade` gives

/// A project whose bodies hold `;`: a trigger (and, per dialect, routines, an event, a DO block,
/// dollar quotes, a revision's own `DELIMITER`), a non-transactional revision and a merge.
///
/// ```text
/// a1 - a2 ------ m1
///   \           /
///    b1 - b2 --        (b2: transactional: false)
/// ```
fn compound_project(dialect: Dialect) -> tempfile::TempDir {
    let dir = empty_project();
    let p = dir.path();
    let base = "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER);\nCREATE TABLE audit (note VARCHAR(50));";
    let (a2, a2_down, b1, b1_down, b2, b2_down, m1, m1_down) = match dialect {
        Dialect::Sqlite => (
            "CREATE TRIGGER items_audit AFTER INSERT ON items\nBEGIN\n  INSERT INTO audit VALUES ('a;' || NEW.id);\n  INSERT INTO audit VALUES ('b;' || NEW.qty);\nEND;",
            "DROP TRIGGER items_audit;",
            "CREATE VIEW big AS SELECT id FROM items WHERE qty > 1;\nCREATE TRIGGER items_touch BEFORE UPDATE ON items\nBEGIN\n  SELECT CASE WHEN NEW.qty < 0 THEN RAISE(ABORT, 'negative; no') END;\n  INSERT INTO audit VALUES ('upd;');\nEND;",
            "DROP TRIGGER items_touch;\nDROP VIEW big;",
            "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);\nINSERT INTO extra VALUES (2);",
            "DELETE FROM extra;\nDROP TABLE extra;",
            "INSERT INTO items VALUES (1, 5);\nUPDATE items SET qty = 6 WHERE id = 1;",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
        Dialect::Postgresql => (
            "CREATE FUNCTION audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO audit VALUES ('a;' || NEW.id);\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION audit_fn();",
            "DROP TRIGGER items_audit ON items;\nDROP FUNCTION audit_fn();",
            "CREATE PROCEDURE add_items(n integer) LANGUAGE plpgsql AS $body$\nBEGIN\n  FOR i IN 1..n LOOP\n    INSERT INTO items VALUES (100 + i, i);\n  END LOOP;\nEND;\n$body$;\nDO $$ BEGIN INSERT INTO audit VALUES ('do;block'); END $$;",
            "DELETE FROM audit WHERE note = 'do;block';\nDROP PROCEDURE add_items(integer);",
            "CREATE INDEX CONCURRENTLY items_qty ON items (qty);\nCREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);",
            "DROP TABLE extra;\nDROP INDEX CONCURRENTLY items_qty;",
            "INSERT INTO items VALUES (1, 5);\nCALL add_items(3);",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
        Dialect::Mysql => (
            "CREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW\nBEGIN\n  INSERT INTO audit VALUES (CONCAT('a;', NEW.id));\n  INSERT INTO audit VALUES (CONCAT('b;', NEW.qty));\nEND;",
            "DROP TRIGGER items_audit;",
            "CREATE PROCEDURE add_items(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 1;\n  WHILE i <= n DO\n    INSERT INTO items VALUES (100 + i, i);\n    SET i = i + 1;\n  END WHILE;\nEND;\nDELIMITER //\nCREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n  SET y = x * 2;\n  RETURN y;\nEND//\nDELIMITER ;\nCREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO\nBEGIN\n  DELETE FROM audit WHERE note = 'x;';\n  DELETE FROM audit WHERE note = 'y;';\nEND;",
            "DROP EVENT purge_audit;\nDROP FUNCTION twice;\nDROP PROCEDURE add_items;",
            "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);\nBEGIN NOT ATOMIC\n  INSERT INTO extra VALUES (2);\n  INSERT INTO extra VALUES (3);\nEND;",
            "DROP TABLE extra;",
            "INSERT INTO items VALUES (1, twice(5));\nCALL add_items(3);",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
    };
    write_revision(
        p,
        "a1",
        &[],
        "",
        base,
        "DROP TABLE audit;\nDROP TABLE items;",
    );
    write_revision(p, "a2", &["a1"], "", a2, a2_down);
    write_revision(p, "b1", &["a1"], "", b1, b1_down);
    write_revision(p, "b2", &["b1"], "-- transactional: false\n", b2, b2_down);
    write_revision(p, "m1", &["a2", "b2"], "", m1, m1_down);
    dir
}

/// Runs a `--sql` script through the dialect's own command-line client and asserts that it
/// succeeded without a word on stderr.
#[track_caller]
fn run_cleanly_with_client(db: &TestDb, script: &str) {
    let out = run_with_client(db, script);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "the {} client failed ({:?}): {}{}\nscript:\n{script}",
        db.dialect,
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What must agree between a database migrated by `retort upgrade` and one migrated by its
/// `--sql` script: the schema, the routines/triggers/events with their bodies, the rows the
/// revisions wrote, and the bookkeeping (the applied set with its states, and the log).
fn outcome(db: &TestDb) -> Vec<String> {
    let t = text_type(db.dialect);
    let objects = match db.dialect {
        Dialect::Sqlite => None,
        Dialect::Postgresql => Some("SELECT 'function ' || proname || ' ' || prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace UNION ALL SELECT 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"),
        Dialect::Mysql => Some("SELECT CONCAT('trigger ', trigger_name, ' ', action_statement) FROM information_schema.triggers WHERE trigger_schema = DATABASE() UNION ALL SELECT CONCAT('routine ', routine_name, ' ', routine_definition) FROM information_schema.routines WHERE routine_schema = DATABASE() UNION ALL SELECT CONCAT('event ', event_name, ' ', event_definition) FROM information_schema.events WHERE event_schema = DATABASE() ORDER BY 1"),
    };
    let rows = |sql: &str| -> Vec<String> {
        db.query(sql)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| c.unwrap_or_else(|| "NULL".into()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect()
    };
    let mut out = vec![format!("schema:\n{}", db.schema())];
    out.push(format!("tables: {:?}", db.tables()));
    if let Some(sql) = objects {
        out.extend(rows(sql));
    }
    let has = |table: &str| db.tables().iter().any(|t| t == table);
    for (table, sql) in [
        (
            "items",
            format!("SELECT CAST(id AS {t}), CAST(qty AS {t}) FROM items ORDER BY id"),
        ),
        ("audit", "SELECT note FROM audit ORDER BY note".to_string()),
        (
            "extra",
            format!("SELECT CAST(x AS {t}) FROM extra ORDER BY x"),
        ),
    ] {
        if has(table) {
            out.push(format!("{table}: {:?}", rows(&sql)));
        }
    }
    if has("retort_revisions") {
        out.push(format!(
            "retort_revisions: {:?}",
            rows(&format!("SELECT revision, checksum, state, direction, CAST(statement_no AS {t}), applied_by FROM retort_revisions ORDER BY revision"))
        ));
        out.push(format!(
            "retort_log: {:?}",
            rows(&format!("SELECT action, revision, outcome, CAST(statement_no AS {t}), error FROM retort_log ORDER BY id"))
        ));
    }
    out
}

/// Every `--sql` script, run by the dialect's own client against a fresh database, leaves what
/// `retort upgrade`/`downgrade` leaves online: upgrade from base, downgrade `FROM:TO` to a
/// point and then to base.
fn offline_scripts_run_by_the_real_client(dialect: Dialect) {
    let (Some(offline), Some(online)) = (TestDb::new(dialect), TestDb::new(dialect)) else {
        return;
    };
    let project = compound_project(dialect);
    let p = project.path();
    let by_hand = Some(offline.url.as_str());
    let by_retort = Some(online.url.as_str());

    let script = ok(retort(p, by_hand, &["upgrade", "--sql", "head"]));
    run_cleanly_with_client(&offline, &script);
    ok(retort(p, by_retort, &["upgrade", "head"]));
    assert_eq!(online.applied(), sorted(&["a1", "a2", "b1", "b2", "m1"]));
    let upgraded = outcome(&online);
    assert_eq!(
        outcome(&offline),
        upgraded,
        "upgrade --sql head via the client vs upgrade head\nscript:\n{script}"
    );
    let status = json(&ok(retort(p, by_hand, &["--json", "status"])));
    assert_eq!(strings(&status["current"]), ["m1"], "{status}");

    for (spec, target) in [("m1:a1", "a1"), ("a1:base", "base")] {
        let script = ok(retort(p, by_hand, &["downgrade", "--sql", spec]));
        run_cleanly_with_client(&offline, &script);
        ok(retort(p, by_retort, &["downgrade", target]));
        assert_eq!(
            outcome(&offline),
            outcome(&online),
            "downgrade --sql {spec} via the client vs downgrade {target}\nscript:\n{script}"
        );
    }
    assert_eq!(offline.applied(), Vec::<String>::new());
}

on_each_dialect!(offline_scripts_run_by_the_real_client: offline_scripts_run_by_the_real_client_sqlite, offline_scripts_run_by_the_real_client_postgresql, offline_scripts_run_by_the_real_client_mysql);

// ---------------------------------------------------------------------------------------------
// the progress record of statement-by-statement runs

/// A trigger on Retort's applied-set table that copies every progress write of a running claim
/// into `progress_seen`, so a test can count them.
fn count_progress_writes(db: &TestDb) {
    let sql = match db.dialect {
        Dialect::Sqlite => "CREATE TRIGGER seen AFTER UPDATE ON retort_revisions WHEN NEW.state = 'running' BEGIN INSERT INTO progress_seen VALUES (NEW.statement_no); END",
        Dialect::Postgresql => "CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.state = 'running' THEN INSERT INTO progress_seen VALUES (NEW.statement_no); END IF; RETURN NEW; END $$; CREATE TRIGGER seen AFTER UPDATE ON retort_revisions FOR EACH ROW EXECUTE FUNCTION seen()",
        Dialect::Mysql => "CREATE TRIGGER seen AFTER UPDATE ON retort_revisions FOR EACH ROW BEGIN IF NEW.state = 'running' THEN INSERT INTO progress_seen VALUES (NEW.statement_no); END IF; END",
    };
    db.exec(sql).unwrap();
}

/// Each progress write of a statement-by-statement run is a commit of its own: a run of quick
/// statements writes it about once a second, not after every statement (which halved MariaDB's
/// rate), and what it writes stays true: statements up to the recorded one completed.
fn progress_is_recorded_about_once_a_second(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "p1",
        &[],
        "",
        "CREATE TABLE hits (n INTEGER);\nCREATE TABLE progress_seen (statement_no INTEGER);",
        "DROP TABLE progress_seen;\nDROP TABLE hits;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    count_progress_writes(&db);
    let statements = 400;
    let inserts: String = (1..=statements)
        .map(|i| format!("INSERT INTO hits VALUES ({i});\n"))
        .collect();
    write_revision(
        p,
        "p2",
        &["p1"],
        "-- transactional: false\n",
        &inserts,
        "DELETE FROM hits;",
    );
    let started = std::time::Instant::now();
    ok(retort(p, url, &["upgrade", "head"]));
    let seconds = started.elapsed().as_secs() as usize;
    assert_eq!(db.applied(), sorted(&["p1", "p2"]));
    let t = text_type(dialect);
    assert_eq!(
        db.scalar(&format!("SELECT CAST(COUNT(*) AS {t}) FROM hits")),
        statements.to_string()
    );
    let written: Vec<usize> = db
        .query(&format!(
            "SELECT CAST(statement_no AS {t}) FROM progress_seen"
        ))
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten()?.parse().ok())
        .collect();
    assert!(
        written.len() <= seconds + 2,
        "{dialect}: {} progress writes for {statements} statements in {seconds} s: {written:?}",
        written.len()
    );
    assert!(
        written.iter().all(|&k| (1..=statements).contains(&k)),
        "{written:?}"
    );
    assert!(written.windows(2).all(|w| w[0] < w[1]), "{written:?}");
}

on_each_dialect!(progress_is_recorded_about_once_a_second: progress_is_recorded_about_once_a_second_sqlite, progress_is_recorded_about_once_a_second_postgresql, progress_is_recorded_about_once_a_second_mysql);

/// MariaDB, killed in the middle of a long run of INSERTs (each its own commit): the claim's
/// statement number never counts a statement that did not complete, and it was written while
/// the run went on (not only at the start).
#[test]
fn mariadb_claim_after_a_kill_counts_only_completed_statements() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let statements = 100_000;
    let mut upgrade = String::from("CREATE TABLE hits (n INTEGER);\n");
    for i in 1..statements {
        upgrade.push_str(&format!("INSERT INTO hits VALUES ({i});\n"));
    }
    write_revision(p, "k1", &[], "", &upgrade, "DROP TABLE hits;");
    let mut child = retort_command(p, Some(&db.url), &["upgrade", "head"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start retort");
    // Until well past the first progress write (about a second into the statements).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let count = || {
        db.scalar("SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'hits'")
    };
    while count() != "1" && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(2500));
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let recorded: usize = db
        .scalar("SELECT CAST(statement_no AS CHAR) FROM retort_revisions WHERE revision = 'k1' AND state = 'running'")
        .parse()
        .expect("a running claim with a statement number");
    // Statement 1 made the table; statement i + 1 inserted i.
    let completed = 1 + db
        .scalar("SELECT CAST(COUNT(*) AS CHAR) FROM hits")
        .parse::<usize>()
        .expect("count");
    assert!(completed < statements, "the run finished before the kill");
    assert!(
        (1..=completed).contains(&recorded),
        "recorded {recorded}, completed {completed}"
    );
}

// ---------------------------------------------------------------------------------------------
// the connection chain

fn connection_chain(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let run = |cmd: &mut std::process::Command| cmd.output().unwrap();

    // DATABASE_URL.
    ok(run(
        retort_command(p, None, &["upgrade", "r01"]).env("DATABASE_URL", &db.url)
    ));
    assert_state(&db, &["r01"]);

    // --url wins over DATABASE_URL.
    ok(run(
        retort_command(p, Some(&db.url), &["upgrade", "r02"]).env("DATABASE_URL", UNREACHABLE_PG)
    ));
    assert_state(&db, &["r01", "r02"]);

    // url = "${VAR}" in retort.toml, with the variable set; a missing variable is named.
    let config = p.join("retort.toml");
    std::fs::write(
        &config,
        "versions = \"versions\"\nurl = \"${RETORT_TEST_CHAIN_URL}\"\n",
    )
    .unwrap();
    ok(run(
        retort_command(p, None, &["upgrade", "r03"]).env("RETORT_TEST_CHAIN_URL", &db.url)
    ));
    assert_state(&db, &["r01", "r02", "r03"]);
    fails(
        retort(p, None, &["upgrade", "r05"]),
        "RETORT_TEST_CHAIN_URL",
    );
    assert_state(&db, &["r01", "r02", "r03"]);

    // DATABASE_URL wins over retort.toml.
    std::fs::write(
        &config,
        format!("versions = \"versions\"\nurl = \"{UNREACHABLE_PG}\"\n"),
    )
    .unwrap();
    ok(run(
        retort_command(p, None, &["upgrade", "r05"]).env("DATABASE_URL", &db.url)
    ));
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    // ... and retort.toml is used when nothing else names a database.
    fails(retort(p, None, &["current"]), "127.0.0.1:1");

    // The URL forms Alembic users write reach the same database.
    let variants: Vec<(String, Option<&Path>)> = match dialect {
        Dialect::Sqlite => {
            let file = db.sqlite_path();
            vec![
                (format!("sqlite:{}", file.display()), None),
                (format!("sqlite+pysqlite:///{}", file.display()), None),
                // Three slashes: relative to the current folder.
                ("sqlite:///test.db".to_string(), Some(db.dir.as_path())),
            ]
        }
        Dialect::Postgresql => {
            let rest = db.url.split_once("://").unwrap().1;
            vec![
                (format!("postgres://{rest}"), None),
                (format!("postgresql+psycopg2://{rest}"), None),
            ]
        }
        Dialect::Mysql => {
            let rest = db.url.split_once("://").unwrap().1;
            vec![
                (format!("mariadb://{rest}"), None),
                (format!("mysql+pymysql://{rest}"), None),
            ]
        }
    };
    for (url, cwd) in variants {
        let mut cmd = retort_command(p, Some(&url), &["current"]);
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        assert_eq!(lines(&ok(run(&mut cmd))), ["r05"], "{url}");
    }

    // DATABASE_HOST/PORT/NAME/USER (+ DATABASE_DIALECT), before retort.toml.
    if dialect != Dialect::Sqlite {
        let parsed = url::Url::parse(&db.url).unwrap();
        let mut cmd = retort_command(p, None, &["upgrade", "side@base"]);
        cmd.env("DATABASE_HOST", parsed.host_str().unwrap())
            .env(
                "DATABASE_PORT",
                parsed
                    .port()
                    .unwrap_or(if dialect == Dialect::Mysql {
                        3306
                    } else {
                        5432
                    })
                    .to_string(),
            )
            .env("DATABASE_NAME", parsed.path().trim_start_matches('/'))
            .env("DATABASE_USER", parsed.username());
        if dialect == Dialect::Mysql {
            cmd.env("DATABASE_DIALECT", "mysql");
        }
        ok(run(&mut cmd));
        assert_state(&db, &["r01", "r02", "r03", "r04", "r05"]);

        if dialect == Dialect::Postgresql {
            // The local server trusts loopback, so a password is accepted and must never show.
            let mut cmd = retort_command(p, None, &["status"]);
            cmd.env("DATABASE_HOST", parsed.host_str().unwrap())
                .env("DATABASE_PORT", parsed.port().unwrap_or(5432).to_string())
                .env("DATABASE_NAME", parsed.path().trim_start_matches('/'))
                .env("DATABASE_USER", parsed.username())
                .env("DATABASE_PASSWORD", "s3cretPassw0rd");
            let out = run(&mut cmd);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            ok(out);
            assert!(!all.contains("s3cretPassw0rd"), "{all}");
            assert!(all.contains("***"), "the password is masked: {all}");
        }
    }
}

on_each_dialect!(connection_chain: connection_chain_sqlite, connection_chain_postgresql, connection_chain_mysql);

// ---------------------------------------------------------------------------------------------
// usage errors

#[test]
fn usage_errors_exit_2() {
    let project = branchy_project();
    let p = project.path();
    usage_error(retort(p, None, &["--no-such-flag", "heads"]));
    usage_error(retort(p, None, &["heads", "--no-such-flag"]));
    usage_error(retort(p, None, &["no-such-verb"]));
    usage_error(retort(p, None, &["upgrade"]));
    usage_error(retort(p, None, &["revision"]));
    usage_error(retort(p, None, &["resolve", "r01"]));
    usage_error(retort(
        p,
        None,
        &["resolve", "r01", "--applied", "--rolled-back"],
    ));
    usage_error(retort(p, None, &["--lock-timeout", "soon", "heads"]));
    // A usage error is not a failure of the command: exit 1 stays for those.
    fails(retort(p, None, &["show", "nope"]), "nope");
    assert!(Path::new(p).join("versions").is_dir());
}

/// `retort.toml` is found in the current folder or a parent, or named with `-c` (folder or file).
#[test]
fn project_is_found_from_the_current_folder_or_c() {
    let project = branchy_project();
    let p = project.path();
    let bare = |cwd: &Path, args: &[&str]| {
        retort_bare()
            .current_dir(cwd)
            .args(args)
            .output()
            .unwrap()
    };
    let expected = ["r08 (side) (head)", "s02 (other) (head)"];
    assert_eq!(lines(&ok(bare(p, &["heads"]))), expected);
    assert_eq!(lines(&ok(bare(&p.join("versions"), &["heads"]))), expected);
    let elsewhere = tempfile::tempdir().unwrap();
    let config = p.join("retort.toml");
    let config = config.to_str().unwrap();
    assert_eq!(
        lines(&ok(bare(elsewhere.path(), &["-c", config, "heads"]))),
        expected
    );
    fails(bare(elsewhere.path(), &["heads"]), "no retort.toml found");
}

/// Colour only on a terminal: piped output carries no escape codes, even without NO_COLOR.
#[test]
fn no_colour_when_piped() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    for args in [
        &["upgrade", "r03"][..],
        &["status"],
        &["history", "-i"],
        &["upgrade", "zzz"],
    ] {
        let out = retort_command(p, Some(&db.url), args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains('\u{1b}'), "{args:?}: {all:?}");
    }
}
