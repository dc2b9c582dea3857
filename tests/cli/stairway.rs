//! The stairway test: every revision of the demo and of the branchy project, one at a time in
//! upgrade order, goes up, down and up again on each dialect; the catalog snapshot and the applied
//! set must be exactly what they were before the step after each down, and what the first up left
//! after each re-up. So every downgrade really undoes its upgrade, and every upgrade can be redone.

use crate::common::*;
use retort::Dialect;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// One revision as `history --json` describes it.
#[derive(Debug, Clone)]
struct Rev {
    id: String,
    parents: Vec<String>,
    depends_on: Vec<String>,
    /// The branch labels the revision belongs to (declared or inherited).
    labels: Vec<String>,
}

/// The project's revisions in upgrade order (`history` lists newest first), with just enough of the
/// graph to choose how to step down. It is the test's own model, not the engine's code.
struct Model {
    revs: Vec<Rev>,
}

type Set = BTreeSet<String>;

impl Model {
    fn read(project: &Path) -> Model {
        let text = ok(retort(project, None, &["history", "--json"]));
        let items: Vec<serde_json::Value> = serde_json::from_str(&text).expect("history --json");
        let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
            v[key]
                .as_array()
                .unwrap_or_else(|| panic!("{key} in {v}"))
                .iter()
                .map(|s| s.as_str().expect("string").to_string())
                .collect()
        };
        let mut revs: Vec<Rev> = items
            .iter()
            .map(|v| Rev {
                id: v["id"].as_str().expect("id").to_string(),
                parents: strings(v, "parents"),
                depends_on: strings(v, "depends_on"),
                labels: strings(v, "branch_labels"),
            })
            .collect();
        revs.reverse();
        Model { revs }
    }

    /// `id` and every revision that needs it, through `down_revision` and `depends_on`.
    fn dependants(&self, id: &str) -> Set {
        let mut seen = Set::new();
        let mut stack = vec![id.to_string()];
        while let Some(at) = stack.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            for r in &self.revs {
                if r.parents.contains(&at) || r.depends_on.contains(&at) {
                    stack.push(r.id.clone());
                }
            }
        }
        seen
    }

    /// Applied revisions that no applied revision names as a parent.
    fn current_heads(&self, applied: &Set) -> Set {
        applied
            .iter()
            .filter(|id| {
                !self
                    .revs
                    .iter()
                    .any(|r| applied.contains(&r.id) && r.parents.contains(id))
            })
            .cloned()
            .collect()
    }

    /// The commands that take the database from `before + rev` back to exactly `before`.
    ///
    /// `downgrade X` removes everything applied above X, which is more than `rev` when a sibling
    /// branch is applied too, and `-N` refuses to choose between several current heads. So, in
    /// order of preference:
    /// 1. `rev` is the only current head: `downgrade -1` peels exactly it (a merge point too: both
    ///    of its parents become current again).
    /// 2. `rev` is the only current head of one of its branches: `downgrade LABEL@-1` peels it
    ///    (the side branch, the second base with its own label).
    /// 3. `rev` has one parent P and, of what is applied, only `rev` sits above P:
    ///    `downgrade P` removes exactly `rev`.
    /// 4. No single target removes only `rev` (e.g. the demo's "Create genres": its parent is a
    ///    branch point whose other branch is applied and it has no label of its own): downgrade to
    ///    its parent (or to base for a base revision), which removes `rev` and the applied
    ///    revisions of the sibling branch, then `upgrade` each head of `before` that went with it.
    ///    Since `before` is closed under parents and dependencies, that restores exactly `before`
    ///    (the re-upgraded siblings' drop and re-create are covered by the same snapshot check).
    ///
    /// Nothing here stamps: every state is reached by running the revisions' own SQL. Returns a
    /// short name of the method used, for the log, and the argument lists.
    fn way_down(&self, rev: &Rev, before: &Set) -> (&'static str, Vec<Vec<String>>) {
        let mut after = before.clone();
        after.insert(rev.id.clone());
        let heads = self.current_heads(&after);
        let one = |args: &[&str]| vec![args.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        if heads.len() == 1 && heads.contains(&rev.id) {
            return ("-1", one(&["downgrade", "-1"]));
        }
        for label in &rev.labels {
            let in_branch: Vec<&Rev> = self
                .revs
                .iter()
                .filter(|r| heads.contains(&r.id) && r.labels.contains(label))
                .collect();
            if in_branch.len() == 1 && in_branch[0].id == rev.id {
                return ("label@-1", one(&["downgrade", &format!("{label}@-1")]));
            }
        }
        let anchor = match &rev.parents[..] {
            [parent] => {
                let mut above: Set = self
                    .dependants(parent)
                    .intersection(&after)
                    .cloned()
                    .collect();
                above.remove(parent);
                if above.len() == 1 && above.contains(&rev.id) {
                    return ("parent", one(&["downgrade", parent]));
                }
                parent.clone()
            }
            _ => "base".to_string(),
        };
        let mut commands = one(&["downgrade", &anchor]);
        for head in self.current_heads(before) {
            commands.push(vec!["upgrade".into(), head]);
        }
        ("down+re-up", commands)
    }
}

fn sorted(set: &Set) -> Vec<String> {
    set.iter().cloned().collect()
}

/// The current heads `current --json` reports, as a set.
fn current(project: &Path, db: &TestDb) -> Set {
    let text = ok(retort(project, Some(&db.url), &["--json", "current"]));
    let v: serde_json::Value = serde_json::from_str(&text).expect("current --json");
    v["current"]
        .as_array()
        .unwrap_or_else(|| panic!("current in {v}"))
        .iter()
        .map(|s| s.as_str().expect("id").to_string())
        .collect()
}

fn run(project: &Path, db: &TestDb, args: &[String]) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = retort(project, Some(&db.url), &args);
    assert!(
        out.status.success(),
        "retort {args:?} failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
}

fn stairway(dialect: Dialect, project: tempfile::TempDir) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = project.path();
    let model = Model::read(p);
    assert!(!model.revs.is_empty());
    let mut applied = Set::new();
    let mut methods = Vec::new();
    for rev in &model.revs {
        let id = &rev.id;
        let before = applied.clone();
        let schema_before = db.schema();
        let up = vec!["upgrade".to_string(), id.clone()];

        run(p, &db, &up);
        applied.insert(id.clone());
        assert_eq!(
            db.applied(),
            sorted(&applied),
            "upgrade {id} must apply exactly {id} (history order is an upgrade order)"
        );
        assert_eq!(
            current(p, &db),
            model.current_heads(&applied),
            "current after upgrade {id}"
        );
        let schema_up = db.schema();

        let (method, commands) = model.way_down(rev, &before);
        methods.push(format!("{id}:{method}"));
        for command in &commands {
            run(p, &db, command);
        }
        assert_eq!(
            db.applied(),
            sorted(&before),
            "applied set after stepping down from {id} with {commands:?}"
        );
        assert_eq!(
            db.schema(),
            schema_before,
            "schema after stepping down from {id} with {commands:?}"
        );

        run(p, &db, &up);
        assert_eq!(
            db.applied(),
            sorted(&applied),
            "applied set after re-upgrade {id}"
        );
        assert_eq!(db.schema(), schema_up, "schema after re-upgrade {id}");
    }
    eprintln!("{dialect}: stepped down with {}", methods.join(", "));
    ok(retort(p, Some(&db.url), &["downgrade", "base"]));
    assert!(db.applied().is_empty(), "{:?}", db.applied());
    assert_eq!(db.schema(), "");
    assert!(current(p, &db).is_empty());
}

#[test]
fn demo_stairway_sqlite() {
    stairway(Dialect::Sqlite, demo_project());
}

#[test]
fn demo_stairway_postgresql() {
    stairway(Dialect::Postgresql, demo_project());
}

#[test]
fn demo_stairway_mysql() {
    stairway(Dialect::Mysql, demo_project());
}

#[test]
fn branchy_stairway_sqlite() {
    stairway(Dialect::Sqlite, branchy_project());
}

#[test]
fn branchy_stairway_postgresql() {
    stairway(Dialect::Postgresql, branchy_project());
}

#[test]
fn branchy_stairway_mysql() {
    stairway(Dialect::Mysql, branchy_project());
}

/// The model's choices on the branchy project, checked without a database: each method is used
/// where the comment on [`Model::way_down`] says it is needed.
#[test]
fn branchy_way_down_choices() {
    let project = branchy_project();
    let model = Model::read(project.path());
    let order: Vec<&str> = model.revs.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        order,
        // `history` newest first (Alembic's walk order), reversed.
        ["r01", "r02", "r04", "r06", "r03", "s01", "s02", "r05", "m07", "r08"]
    );
    let mut before = Set::new();
    let mut got = HashMap::new();
    for rev in &model.revs {
        let (_, commands) = model.way_down(rev, &before);
        got.insert(rev.id.clone(), commands);
        before.insert(rev.id.clone());
    }
    let single = |a: &str| vec![vec!["downgrade".to_string(), a.to_string()]];
    assert_eq!(got["r01"], single("-1"));
    assert_eq!(got["r04"], single("-1"));
    // r05 comes after the other branch and s01/s02 in this order, so it needs the fallback.
    assert_eq!(got["r05"][0], single("r03")[0]);
    // The "other" branch is applied by then, so only the label names m07's line.
    assert_eq!(got["m07"], single("side@-1"));
    assert_eq!(got["s01"], single("other@-1"));
    assert_eq!(got["s02"], single("other@-1"));
}

/// On the demo project only "Seed genres" needs the fallback: in this order the reporting branch
/// (whose monthly sales table depends on genres) is applied beside it before it.
#[test]
fn demo_way_down_choices() {
    let project = demo_project();
    let model = Model::read(project.path());
    let mut before = Set::new();
    let mut fallback = Vec::new();
    for rev in &model.revs {
        let (method, commands) = model.way_down(rev, &before);
        if method == "down+re-up" {
            fallback.push((rev.id.clone(), commands));
        }
        before.insert(rev.id.clone());
    }
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        fallback,
        [(
            "03f46c9c257f".to_string(),
            vec![
                args(&["downgrade", "f6f38661b9f5"]),
                args(&["upgrade", "31c9dce36229"]),
                args(&["upgrade", "f6f38661b9f5"])
            ]
        )]
    );
}
