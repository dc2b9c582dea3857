//! What is compared with a database: current, `history -i`, pending and status, after alembic
//! moved the database (and, first, on the database nobody touched yet).

use super::*;

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
pub(super) fn compare_state(
    al: &Alembic,
    p: &Project,
    db: &TestDb,
    d: &mut Diffs,
    step: &[String],
) {
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
