//! The engine's autogenerate API as the app calls it: every step reported, and a cancel that
//! stops it (scratch databases dropped) with `interrupted`.

use crate::common;
use crate::common::TestDb;
use retort::autogen::{Autogen, AutogenStep, Side};
use retort::project::Project;
use retort::Dialect;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

fn steps_of(dialect: Dialect, cancel: bool) -> (Vec<String>, Result<usize, String>) {
    let Some(db) = TestDb::new(dialect) else {
        return (Vec::new(), Ok(0));
    };
    let demo = crate::common::demo_project();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/schema.sql");
    std::fs::copy(bundled, demo.path().join("schema.sql")).expect("schema.sql");
    let project = Project::open(&demo.path().join("retort.toml")).expect("demo");
    let seen = Mutex::new(Vec::new());
    let observe = |step: AutogenStep| {
        let text = match step {
            AutogenStep::Loading { side } => format!("loading {side}"),
            AutogenStep::Loaded { side } => format!("loaded {side}"),
            AutogenStep::Comparing => "comparing".into(),
        };
        seen.lock().expect("lock").push(text);
    };
    let flag = Arc::new(AtomicBool::new(cancel));
    let result = common::runtime().block_on(async {
        Autogen::new(Some(&project), db.parsed())
            .compare_observed(
                &Side::Revisions("heads".into()),
                &Side::SchemaFile(project.schema_path()),
                &[],
                &observe,
                Some(flag),
            )
            .await
    });
    let steps = seen.into_inner().expect("steps");
    (
        steps,
        result
            .map(|d| d.changes.len())
            .map_err(|e| format!("{}: {e}", e.code())),
    )
}

#[test]
fn every_step_is_reported() {
    for dialect in [Dialect::Sqlite, Dialect::Postgresql] {
        let (steps, result) = steps_of(dialect, false);
        assert_eq!(
            result,
            Ok(0),
            "{dialect}: the demo's schema.sql matches its revisions"
        );
        assert_eq!(
            steps.iter().filter(|s| s.starts_with("loading")).count(),
            2,
            "{steps:?}"
        );
        assert_eq!(
            steps.iter().filter(|s| s.starts_with("loaded")).count(),
            2,
            "{steps:?}"
        );
        assert_eq!(
            steps.last().map(String::as_str),
            Some("comparing"),
            "{steps:?}"
        );
    }
}

#[test]
fn a_cancel_stops_it_with_interrupted() {
    let (steps, result) = steps_of(Dialect::Postgresql, true);
    if steps.is_empty() && result == Ok(0) {
        return; // no server here
    }
    assert!(
        result
            .as_ref()
            .is_err_and(|e| e.starts_with("interrupted:")),
        "{result:?} {steps:?}"
    );
    assert!(!steps.iter().any(|s| s == "comparing"), "{steps:?}");
}
