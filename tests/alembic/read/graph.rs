//! What is compared without a database: heads, branches, history (plain, verbose, ranges) and
//! show, each as data.

use super::*;

/// What is compared without a database: heads, branches, history (plain, verbose, ranges) and
/// show, each as data.
pub(super) fn compare_graph(al: &Alembic, p: &Project, d: &mut Diffs, full: bool) {
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
        let children = |e: &support::LogEntry| e.fields.get("Branches into").map(|v| comma_set(v));
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
