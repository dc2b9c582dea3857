//! The shell's project commands called as the UI calls them, on the bundled demo project and on
//! a generated Alembic project (no window needed: these commands take plain arguments).

use retort_app::commands::projects::{open_project, revision_details};
use retort_app::ProjectKind;
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .display()
        .to_string()
}

#[tokio::test]
async fn the_demo_opens_with_its_graph_laid_out() {
    let view = open_project(demo()).await.expect("open the demo");
    assert_eq!(view.kind, ProjectKind::Retort);
    assert_eq!(view.revisions.len(), 13);
    assert_eq!(view.layout.rows.len(), 13);
    assert_eq!(view.heads, ["891d90252aca"]);
    let newest = &view.revisions[view.layout.rows[0].node];
    assert_eq!(newest.id, "891d90252aca");
    assert!(newest.is_head);
    assert!(view.revisions.iter().any(|r| r.is_merge));
    assert!(
        view.layout.width >= 2,
        "the reporting branch has its own lane"
    );
}

#[tokio::test]
async fn details_carry_the_sql_and_errors_carry_codes() {
    let details = revision_details(demo(), "891d9".into())
        .await
        .expect("details by prefix");
    assert_eq!(details.header.id, "891d90252aca");
    assert!(details
        .upgrade_sql
        .as_deref()
        .is_some_and(|s| s.contains("ADD COLUMN phone")));
    assert!(details.checksum.is_some() && details.source.is_none());
    let err = revision_details(demo(), "nope".into())
        .await
        .expect_err("unknown revision");
    assert_eq!(err.code, "target_unknown_revision", "{}", err.message);
    let err = open_project("/nonexistent/project".into())
        .await
        .expect_err("no project");
    assert_eq!(err.code, "project_not_found", "{}", err.message);
}

#[tokio::test]
async fn an_alembic_project_opens_with_its_python_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("alembic.ini"),
        "[alembic]\nscript_location = alembic\n",
    )
    .expect("ini");
    std::fs::create_dir_all(root.join("alembic/versions")).expect("versions");
    std::fs::write(root.join("alembic/env.py"), "").expect("env.py");
    let module = |id: &str, down: &str| {
        format!("\"\"\"{id} message\n\"\"\"\nrevision = '{id}'\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\ndef upgrade():\n    op.create_table('t_{id}')\n")
    };
    std::fs::write(root.join("alembic/versions/a1.py"), module("a1", "None")).expect("a1");
    std::fs::write(root.join("alembic/versions/b2.py"), module("b2", "'a1'")).expect("b2");
    let path = root.display().to_string();
    let view = open_project(path.clone()).await.expect("open");
    assert_eq!(view.kind, ProjectKind::Alembic);
    assert_eq!(view.heads, ["b2"]);
    let b2 = view.revisions.iter().find(|r| r.id == "b2").expect("b2");
    assert_eq!(
        b2.tables,
        ["t_b2"],
        "searchable by the table its op call names"
    );
    let details = revision_details(path, "b2".into()).await.expect("details");
    assert!(details
        .source
        .as_deref()
        .is_some_and(|s| s.contains("def upgrade")));
    assert!(details.upgrade_sql.is_none());
}
