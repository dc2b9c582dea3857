//! The bundled demo project: its `schema.sql` matches what its 13 revisions produce on every
//! dialect (`check` exits 0), and `schema` prints the same DDL run after run.

use super::{ok, Project};
use crate::common::DIALECTS;
use std::path::Path;

/// A project like [`Project::new`] holding a copy of `migrations/` (versions and schema.sql).
fn demo(dialect: retort::Dialect) -> Option<Project> {
    let p = Project::new(dialect)?;
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(source.join("versions")).expect("demo versions") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            p.path().join("versions").join(entry.file_name()),
        )
        .expect("copy revision");
    }
    std::fs::copy(source.join("schema.sql"), p.path().join("schema.sql")).expect("schema.sql");
    Some(p)
}

#[test]
fn the_demo_schema_sql_matches_its_revisions_on_every_dialect() {
    for dialect in DIALECTS {
        let Some(p) = demo(dialect) else {
            continue;
        };
        let out = ok(p.run(&["check"]), "check on the demo");
        assert!(out.contains("No changes"), "{dialect}: {out}");
        let first = ok(p.run(&["schema"]), "schema on the demo");
        assert!(first.contains("order_items"), "{dialect}: {first}");
        assert_eq!(first, ok(p.run(&["schema"]), "schema again"), "{dialect}");
        // The live database after upgrade head matches too.
        ok(p.run(&["upgrade", "head"]), "upgrade the demo");
        let live = format!("--against-url={}", p.db.url);
        ok(p.run(&["check", &live]), "check --against-url on the demo");
    }
}

/// The demo as shipped, `retort -c migrations check`, its own SQLite url untouched (check only
/// uses the server for scratch databases, which SQLite makes as temporary files).
#[test]
fn retort_c_migrations_check_passes() {
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let out = crate::common::retort_command(&migrations, None, &["check"])
        .output()
        .expect("run");
    ok(out, "retort -c migrations check");
}
