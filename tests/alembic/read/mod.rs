//! Retort reading Alembic projects natively, checked against the real alembic (from PyPI, in a
//! cached virtual environment) on the same projects and the same SQLite and PostgreSQL databases:
//! heads, branches, history (plain, verbose, ranges, `-i`), show, current and status compared as
//! data after alembic has moved each database through several states.

use crate::common::alembic as support;
use crate::common::alembic::{
    alembic, argv, first_tokens, parse_branches, parse_history, parse_history_line,
    parse_log_entries, Alembic, Project, Run, Style,
};
use crate::common::{ids_of, text, TestDb};
use retort::Dialect;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::process::Output;

/// Every disagreement found in one test, reported together at its end; one that repeats in
/// a later state with the same values is reported once, with the first state.
struct Diffs {
    context: String,
    found: Vec<String>,
    seen: BTreeSet<String>,
}

impl Diffs {
    fn new(context: String) -> Diffs {
        Diffs {
            context,
            found: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    /// Something worth knowing that is not a disagreement (printed, never failing).
    fn note(&self, what: String) {
        eprintln!("NOTE [{}] {what}", self.context);
    }

    fn eq<T: PartialEq + Debug>(&mut self, what: &str, alembic: T, retort: T) {
        if alembic != retort {
            self.fail(format!(
                "{what}\n    alembic: {alembic:?}\n    retort:  {retort:?}"
            ));
        }
    }

    fn fail(&mut self, what: String) {
        if self.seen.insert(what.clone()) {
            self.found.push(format!("[{}] {what}", self.context));
        }
    }

    #[track_caller]
    fn finish(self) {
        assert!(
            self.found.is_empty(),
            "{} disagreement(s) between alembic and retort:\n{}",
            self.found.len(),
            self.found.join("\n")
        );
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().expect("string").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn set(items: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    items.into_iter().collect()
}

fn comma_set(s: &str) -> BTreeSet<String> {
    s.split(", ").map(str::to_string).collect()
}

/// What is compared without a database: heads, branches, history (plain, verbose, ranges) and
/// show, each as data.
fn compare_graph(al: &Alembic, p: &Project, d: &mut Diffs, full: bool) {
    // The revisions worth a `show`: merges, labelled and dependent ones.
    let interesting: Vec<&str> = p
        .revisions
        .iter()
        .filter(|r| r.parents.len() > 1 || !r.labels.is_empty() || !r.depends_on.is_empty())
        .map(|r| r.id.as_str())
        .take(4)
        .collect();
    let mut commands = vec![argv(&["heads"]), argv(&["branches"]), argv(&["history"])];
    if full {
        commands.push(argv(&["history", "--verbose"]));
        for range in &p.ranges {
            commands.push(argv(&["history", "-r", range]));
        }
        for id in &interesting {
            commands.push(argv(&["show", id]));
        }
    }
    let runs = al.batch(p, &commands);
    let run = |args: &[&str]| {
        runs.iter()
            .find(|r| r.argv == argv(args))
            .expect("in the batch")
    };

    // heads, in alembic's order (the order its files load in)
    let alembic_heads = first_tokens(run(&["heads"]).out());
    let retort_heads = ids_of(&p.retort_json(&["heads"]));
    d.eq("heads (ids, in order)", &alembic_heads, &retort_heads);
    d.eq(
        "heads (set)",
        set(alembic_heads.clone()),
        set(retort_heads.clone()),
    );

    // branches: the branch points, each with the set of its children
    let alembic_branches = parse_branches(run(&["branches"]).out());
    let retort_branches: Vec<(String, BTreeSet<String>)> = p
        .retort_json(&["branches"])
        .as_array()
        .expect("branches array")
        .iter()
        .map(|b| {
            (
                b["revision"]["id"].as_str().expect("id").to_string(),
                set(ids_of(&b["children"])),
            )
        })
        .collect();
    d.eq(
        "branches (points and their children)",
        &alembic_branches,
        &retort_branches,
    );
    let retort_text_branches = parse_branches(&p.retort_ok(&["branches"]));
    d.eq(
        "branches (text output, parsed)",
        &alembic_branches,
        &retort_text_branches,
    );

    // history: the same ids in the same order, and the same data on each line
    let alembic_history = parse_history(run(&["history"]).out());
    let retort_history = p.retort_json(&["history"]);
    let alembic_ids: Vec<String> = alembic_history.iter().map(|l| l.id.clone()).collect();
    d.eq(
        "history (ids, in order)",
        &alembic_ids,
        &ids_of(&retort_history),
    );
    let total = p.revisions.len();
    d.eq(
        "history (every revision listed once)",
        total,
        set(ids_of(&retort_history)).len(),
    );
    for line in &alembic_history {
        let Some(r) = retort_history
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == line.id.as_str())
        else {
            d.fail(format!("history: retort does not list {}", line.id));
            continue;
        };
        let what = |field: &str| format!("history {}: {field}", line.id);
        d.eq(&what("parents"), &line.parents, &strings(&r["parents"]));
        d.eq(
            &what("depends_on"),
            &line.depends_on,
            &strings(&r["depends_on"]),
        );
        d.eq(
            &what("branch labels"),
            &line.labels,
            &set(strings(&r["branch_labels"])),
        );
        d.eq(
            &what("message"),
            line.message.as_str(),
            r["message"].as_str().unwrap_or(""),
        );
        let head = line.flags.contains("head") || line.flags.contains("effective head");
        d.eq(&what("is_head"), head, r["is_head"] == true);
        d.eq(
            &what("is_branch_point"),
            line.flags.contains("branchpoint"),
            r["is_branch_point"] == true,
        );
        d.eq(
            &what("is_merge_point"),
            line.flags.contains("mergepoint"),
            r["is_merge_point"] == true,
        );
    }
    // Retort prints history in alembic's own line format: each revision's line is the same.
    let retort_text = p.retort_ok(&["history"]);
    let line_of = |text: &str, id: &str| {
        support::lines(text)
            .find(|l| parse_history_line(l).is_ok_and(|h| h.id == id))
            .map(str::to_string)
    };
    let alembic_text = run(&["history"]).out();
    let differing: Vec<String> = alembic_ids
        .iter()
        .filter_map(|id| {
            let (a, r) = (line_of(alembic_text, id), line_of(&retort_text, id));
            (a != r).then(|| format!("{a:?} / {r:?}"))
        })
        .collect();
    if !differing.is_empty() {
        d.fail(format!(
            "history (text): lines differ (alembic / retort):\n      {}",
            differing.join("\n      ")
        ));
    }

    if !full {
        // The rest reads no database: the SQLite run of the same project covers it.
        return;
    }

    // history --verbose: the same entries in the same order, each with the same lines
    let alembic_verbose = parse_log_entries(run(&["history", "--verbose"]).out());
    let retort_verbose = parse_log_entries(&p.retort_ok(&["history", "--verbose"]));
    d.eq(
        "history --verbose (Rev: ids, in order)",
        alembic_verbose.iter().map(|e| &e.id).collect::<Vec<_>>(),
        retort_verbose.iter().map(|e| &e.id).collect::<Vec<_>>(),
    );
    let mut verbose_diffs = Vec::new();
    for a in &alembic_verbose {
        let Some(r) = retort_verbose.iter().find(|r| r.id == a.id) else {
            continue;
        };
        if a.rev_line != r.rev_line {
            verbose_diffs.push(format!("`Rev: {}` / `Rev: {}`", a.rev_line, r.rev_line));
        }
        for key in [
            "Parent",
            "Merges",
            "Also depends on",
            "Branch names",
            "Child",
        ] {
            if a.fields.get(key) != r.fields.get(key) {
                verbose_diffs.push(format!(
                    "{}: {key}: {:?} / {:?}",
                    a.id,
                    a.fields.get(key),
                    r.fields.get(key)
                ));
            }
        }
        let children =
            |e: &support::LogEntry| e.fields.get("Branches into").map(|v| comma_set(v));
        if children(a) != children(r) {
            verbose_diffs.push(format!(
                "{}: Branches into (set): {:?} / {:?}",
                a.id,
                children(a),
                children(r)
            ));
        }
    }
    if !verbose_diffs.is_empty() {
        d.fail(format!(
            "history --verbose entries differ (alembic / retort):\n      {}",
            verbose_diffs.join("\n      ")
        ));
    }

    // history -r: alembic's ranges, or an error from both
    for range in &p.ranges {
        let retort = p.retort(&["--json", "history", "-r", range]);
        compare_range(d, range, run(&["history", "-r", range]), &retort);
    }

    // show: the merges, labelled and dependent revisions
    for id in interesting {
        let a = parse_log_entries(run(&["show", id]).out());
        let r = p.retort_json(&["show", id]);
        let Some(a) = a.first() else {
            d.fail(format!("alembic show {id} printed no entry"));
            continue;
        };
        d.eq(
            &format!("show {id}: id"),
            a.id.as_str(),
            r["revision"]["id"].as_str().unwrap_or(""),
        );
        let parents = a
            .fields
            .get("Parent")
            .or(a.fields.get("Merges"))
            .map(|s| {
                if s == "<base>" {
                    Vec::new()
                } else {
                    s.split(", ").map(str::to_string).collect()
                }
            })
            .unwrap_or_default();
        d.eq(
            &format!("show {id}: parents"),
            parents,
            strings(&r["revision"]["parents"]),
        );
        d.eq(
            &format!("show {id}: depends_on"),
            a.fields
                .get("Also depends on")
                .map(|s| s.split(", ").map(str::to_string).collect())
                .unwrap_or_default(),
            strings(&r["revision"]["depends_on"]),
        );
        d.eq(
            &format!("show {id}: branch labels"),
            a.fields
                .get("Branch names")
                .map(|s| comma_set(s))
                .unwrap_or_default(),
            set(strings(&r["revision"]["branch_labels"])),
        );
    }
}

/// `history -r RANGE`: the same ids in the same order, or a failure from both.
fn compare_range(d: &mut Diffs, range: &str, a: &Run, r: &Output) {
    let retort_ids = || ids_of(&serde_json::from_slice(&r.stdout).unwrap_or(Value::Null));
    match (a.ok(), r.status.success()) {
        (true, true) => {
            let alembic_ids: Vec<String> =
                parse_history(&a.stdout).into_iter().map(|l| l.id).collect();
            d.eq(
                &format!("history -r {range} (ids, in order)"),
                alembic_ids,
                retort_ids(),
            );
        }
        (false, false) => {}
        (false, true) if a.stderr.contains("Traceback") => d.note(format!(
            "history -r {range}: alembic crashes ({}); retort lists {:?}",
            last_line(&a.stderr),
            retort_ids()
        )),
        (true, false) => d.fail(format!(
            "history -r {range}: alembic lists {:?}, retort fails: {}",
            first_tokens(&a.stdout),
            text(&r.stderr).trim()
        )),
        (false, true) => d.fail(format!(
            "history -r {range}: alembic fails ({}), retort lists {:?}",
            last_line(&format!("{}{}", a.stdout, a.stderr)),
            retort_ids()
        )),
    }
}

fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// The rows of `alembic_version`, or `None` before alembic made the table.
fn version_rows(db: &TestDb) -> Option<Vec<String>> {
    db.exec("SELECT version_num FROM alembic_version").ok()?;
    let mut rows: Vec<String> = db
        .query("SELECT version_num FROM alembic_version")
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect();
    rows.sort();
    Some(rows)
}

/// What retort says about the database, read in one go.
struct RetortReads {
    rows: Option<Vec<String>>,
    current: Value,
    current_text: String,
    history_i: Value,
    history_i_text: String,
    status: Value,
    ranges: Vec<(&'static str, Output)>,
}

const CURRENT_RANGES: [&str; 2] = ["current:", ":current"];

impl RetortReads {
    fn take(p: &Project, db: &TestDb) -> RetortReads {
        RetortReads {
            rows: version_rows(db),
            current: p.retort_json(&["current"]),
            current_text: p.retort_ok(&["current"]),
            history_i: p.retort_json(&["history", "-i"]),
            history_i_text: p.retort_ok(&["history", "-i"]),
            status: p.retort_json(&["status"]),
            ranges: CURRENT_RANGES
                .iter()
                .map(|r| (*r, p.retort(&["--json", "history", "-r", r])))
                .collect(),
        }
    }
}

/// Moves the database with `alembic STEP` (nothing for the fresh database), then compares what
/// depends on it: current, `history -i`, status, and ranges from `current`. On the fresh
/// database retort reads first, before alembic's own reads make the file and the version table
/// (`alembic history -i` creates it); later, alembic moves the database, then retort reads.
fn compare_state(al: &Alembic, p: &Project, db: &TestDb, d: &mut Diffs, step: &[String]) {
    let mut queries = vec![
        argv(&["current"]),
        argv(&["__pending__"]),
        argv(&["history", "-i"]),
    ];
    for range in CURRENT_RANGES {
        queries.push(argv(&["history", "-r", range]));
    }
    let (runs, retort) = if step.is_empty() {
        let retort = RetortReads::take(p, db);
        (al.batch(p, &queries), retort)
    } else {
        let mut commands = vec![step.to_vec()];
        commands.extend(queries);
        let mut runs = al.batch(p, &commands);
        runs.remove(0).out();
        (runs, RetortReads::take(p, db))
    };
    let run = |args: &[&str]| {
        runs.iter()
            .find(|r| r.argv == argv(args))
            .expect("in the batch")
    };
    d.context = format!(
        "{} after `alembic {}` (alembic_version: {:?})",
        d.context.split(" after `").next().unwrap_or(""),
        if step.is_empty() {
            "nothing".to_string()
        } else {
            step.join(" ")
        },
        retort.rows
    );

    // current: alembic prints the branch heads of everything applied
    let alembic_current = set(first_tokens(run(&["current"]).out()));
    d.eq(
        "current (set of ids)",
        &alembic_current,
        &set(strings(&retort.current["current"])),
    );
    d.eq(
        "current: unknown ids",
        Vec::<String>::new(),
        strings(&retort.current["unknown"]),
    );
    d.eq(
        "current (text output, first tokens)",
        &alembic_current,
        &set(first_tokens(&retort.current_text)),
    );

    // history -i: which lines say (current), and the same order as without -i
    let alembic_marked = parse_history(run(&["history", "-i"]).out());
    let alembic_marks = set(alembic_marked
        .iter()
        .filter(|l| l.flags.contains("current"))
        .map(|l| l.id.clone()));
    let retort_marks = set(retort
        .history_i
        .as_array()
        .expect("history array")
        .iter()
        .filter(|r| r["is_current"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string()));
    d.eq(
        "history -i: revisions marked (current)",
        &alembic_marks,
        &retort_marks,
    );
    let retort_text_marks = set(parse_history(&retort.history_i_text)
        .into_iter()
        .filter(|l| l.flags.contains("current"))
        .map(|l| l.id));
    d.eq(
        "history -i (text output): revisions marked (current)",
        &alembic_marks,
        &retort_text_marks,
    );
    d.eq(
        "history -i (ids, in order)",
        alembic_marked
            .iter()
            .map(|l| l.id.clone())
            .collect::<Vec<_>>(),
        ids_of(&retort.history_i),
    );

    // status: pending is what `alembic upgrade heads` would run
    let (pending, applied) = run(&["__pending__"]).pending();
    let retort_pending = strings(&retort.status["pending"]);
    d.eq("status: pending count", pending.len(), retort_pending.len());
    d.eq(
        "status: pending (set)",
        set(pending.clone()),
        set(retort_pending.clone()),
    );
    d.eq(
        "status: pending = revisions not applied",
        p.revisions.len() - applied,
        retort_pending.len(),
    );
    d.eq(
        "status: pending, in alembic's upgrade order",
        &pending,
        &retort_pending,
    );
    d.eq(
        "status: current (set)",
        &alembic_current,
        &set(strings(&retort.status["current"])),
    );
    d.eq(
        "status: initialized (version table exists)",
        retort.rows.is_some(),
        retort.status["initialized"] == true,
    );

    // ranges from the database's position
    for (range, out) in &retort.ranges {
        compare_range(d, range, run(&["history", "-r", range]), out);
    }
}

/// Makes the project, compares the graph, then moves the database through the steps, comparing
/// everything after each.
fn check_project(
    dialect: Dialect,
    make: impl FnOnce(&Alembic, &TestDb) -> Project,
    steps: impl FnOnce(&Project) -> Vec<Vec<String>>,
) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = make(al, &db);
    let mut d = Diffs::new(format!("{} on {dialect}, alembic {}", p.name, al.version));
    compare_graph(al, &p, &mut d, dialect == Dialect::Sqlite);
    for step in steps(&p) {
        compare_state(al, &p, &db, &mut d, &step);
    }
    d.finish();
}

fn step(args: &[&str]) -> Vec<String> {
    argv(args)
}

fn linear_steps(_: &Project) -> Vec<Vec<String>> {
    vec![
        step(&[]),
        step(&["upgrade", "+2"]),
        step(&["upgrade", "head"]),
        step(&["downgrade", "-1"]),
        step(&["downgrade", "base"]),
    ]
}

fn branchy_steps(p: &Project) -> Vec<Vec<String>> {
    vec![
        step(&[]),
        step(&["upgrade", p.id_of("create tasks")]),
        // a second current head on the side branch
        step(&["upgrade", p.id_of("side table")]),
        // a third, on a separate base
        step(&["upgrade", "lib@head"]),
        // k depends on l and y on c: rows are consumed by the dependency
        step(&["upgrade", "other@head"]),
        step(&["upgrade", "heads"]),
        step(&["downgrade", &format!("{}@-1", p.id_of("after the merge"))]),
    ]
}

fn api_steps(p: &Project) -> Vec<Vec<String>> {
    vec![
        step(&[]),
        step(&["upgrade", p.id_of("add sessions")]),
        step(&["upgrade", "head"]),
        step(&["downgrade", "keys@base"]),
        step(&["downgrade", "base"]),
    ]
}

fn version_locations_steps(_: &Project) -> Vec<Vec<String>> {
    vec![
        step(&[]),
        step(&["upgrade", "core@head"]),
        step(&["upgrade", "c10000000002"]),
        step(&["upgrade", "heads"]),
        step(&["downgrade", "billing@base"]),
    ]
}

fn annotated_steps(p: &Project) -> Vec<Vec<String>> {
    vec![
        step(&[]),
        step(&["upgrade", p.id_of("add profiles")]),
        step(&["upgrade", p.id_of("annotated branch")]),
        step(&["upgrade", "heads"]),
        step(&["downgrade", "-2"]),
    ]
}

#[test]
fn linear_sqlite() {
    check_project(
        Dialect::Sqlite,
        |al, db| support::linear(al, &db.url),
        linear_steps,
    );
}

#[test]
fn linear_postgresql() {
    check_project(
        Dialect::Postgresql,
        |al, db| support::linear(al, &db.url),
        linear_steps,
    );
}

#[test]
fn branchy_sqlite() {
    check_project(
        Dialect::Sqlite,
        |_, db| support::branchy(&db.url),
        branchy_steps,
    );
}

#[test]
fn branchy_postgresql() {
    check_project(
        Dialect::Postgresql,
        |_, db| support::branchy(&db.url),
        branchy_steps,
    );
}

/// SQLite with a relative URL in api/alembic.ini: alembic runs in api/, retort in the root
/// with `-c api` and must resolve the path against the ini's folder, not its own.
#[test]
fn api_layout_sqlite() {
    check_project(
        Dialect::Sqlite,
        |_, db| {
            assert_eq!(db.sqlite_path(), db.dir.join("test.db"));
            support::api_layout(&db.dir, "sqlite:///../test.db")
        },
        api_steps,
    );
}

#[test]
fn api_layout_postgresql() {
    check_project(
        Dialect::Postgresql,
        |_, db| support::api_layout(&db.dir, &db.url),
        api_steps,
    );
}

#[test]
fn version_locations_sqlite() {
    check_project(
        Dialect::Sqlite,
        |_, db| support::version_locations(&db.url),
        version_locations_steps,
    );
}

#[test]
fn version_locations_postgresql() {
    check_project(
        Dialect::Postgresql,
        |_, db| support::version_locations(&db.url),
        version_locations_steps,
    );
}

#[test]
fn annotated_sqlite() {
    check_project(
        Dialect::Sqlite,
        |_, db| support::annotated(&db.url),
        annotated_steps,
    );
}

#[test]
fn annotated_postgresql() {
    check_project(
        Dialect::Postgresql,
        |_, db| support::annotated(&db.url),
        annotated_steps,
    );
}

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
    let plain_text =
        support::module_text(&bad.clone().at("alembic/versions"), Style::Plain, 0);
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
