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

mod graph;
mod projects;
mod special_cases;
mod state;

use graph::compare_graph;
use state::compare_state;

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
