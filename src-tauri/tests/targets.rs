//! The shell's status, preview and apply, called as the commands call them but without a
//! window: a profile on the demo project, against a real SQLite file and a real PostgreSQL
//! database (skipped outside CI when no server answers).

use retort::error::Direction;
use retort::profile::{Profile, TlsMode};
use retort::Dialect;
use retort_app::commands::apply::{apply_to, preview_of};
use retort_app::commands::databases::status_of;
use retort_app::target::Target;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

const HEAD: &str = "891d90252aca";

fn demo_copy(dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let target = dir.join("demo");
    std::fs::create_dir_all(target.join("versions")).expect("mkdir");
    for name in ["retort.toml", "schema.sql"] {
        std::fs::copy(source.join(name), target.join(name)).expect("copy");
    }
    for entry in std::fs::read_dir(source.join("versions")).expect("versions") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            target.join("versions").join(entry.file_name()),
        )
        .expect("copy");
    }
    target
}

fn profile(project: &Path, dialect: Dialect) -> Profile {
    Profile {
        name: "test".into(),
        project: project.to_path_buf(),
        dialect,
        host: None,
        port: None,
        database: None,
        user: None,
        sqlite_file: None,
        tls: TlsMode::Prefer,
        environment: Default::default(),
        colour: None,
        protected: false,
        has_password: false,
        alembic_command: None,
        password_variable: None,
        extra_env: Default::default(),
    }
}

/// Upgrade to head through preview and apply, a protected refusal, then downgrade -1.
async fn round_trip(mut profile: Profile, database_name: &str) {
    let target = Target::of(profile.clone()).expect("target");
    let status = status_of(&target).await.expect("status");
    assert_eq!(status.pending.len(), 13);
    assert!(status.current.is_empty());

    let preview = preview_of(&target, Direction::Upgrade, "head")
        .await
        .expect("preview");
    assert_eq!(preview.plan.steps.len(), 13);
    assert!(preview.sql.contains("CREATE TABLE"), "{}", preview.sql);
    let down_preview_before = preview_of(&target, Direction::Downgrade, "base")
        .await
        .expect("nothing to downgrade");
    assert!(down_preview_before.plan.steps.is_empty());

    profile.protected = true;
    let protected = Target::of(profile.clone()).expect("target");
    let refused = apply_to(
        &protected,
        Direction::Upgrade,
        "head",
        Some("wrong"),
        Arc::new(AtomicBool::new(false)),
        &|_| {},
    )
    .await
    .expect_err("a protected profile needs the name");
    assert_eq!(refused.code, "confirmation_required");
    assert!(
        status_of(&target).await.expect("status").current.is_empty(),
        "nothing ran"
    );

    let events = Mutex::new(Vec::new());
    let record =
        |event: retort::apply::Progress| events.lock().expect("lock").push(format!("{event:?}"));
    let report = apply_to(
        &protected,
        Direction::Upgrade,
        "head",
        Some(database_name),
        Arc::new(AtomicBool::new(false)),
        &record,
    )
    .await
    .expect("upgrade");
    assert_eq!(report.current, [HEAD]);
    assert_eq!(report.steps.len(), 13);
    let events = events.into_inner().expect("events");
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("RevisionDone"))
            .count(),
        13,
        "{events:?}"
    );

    let down = preview_of(&target, Direction::Downgrade, "-1")
        .await
        .expect("preview -1");
    assert_eq!(down.plan.steps.len(), 1);
    assert!(
        !down.destructive_lines.is_empty(),
        "dropping a column is flagged: {}",
        down.sql
    );
    let report = apply_to(
        &target,
        Direction::Downgrade,
        "-1",
        None,
        Arc::new(AtomicBool::new(false)),
        &|_| {},
    )
    .await
    .expect("downgrade");
    assert_eq!(report.current, ["07c9f652c98c"]);
    assert_eq!(status_of(&target).await.expect("status").pending, [HEAD]);

    // A cancel set before the run stops it after the first revision at most.
    let cancelled = apply_to(
        &target,
        Direction::Downgrade,
        "base",
        None,
        Arc::new(AtomicBool::new(true)),
        &|_| {},
    )
    .await
    .expect("cancelled run");
    assert!(cancelled.cancelled);
    assert!(cancelled.steps.len() <= 1, "{:?}", cancelled.steps);
}

#[tokio::test]
async fn sqlite_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = demo_copy(dir.path());
    let mut profile = profile(&project, Dialect::Sqlite);
    profile.sqlite_file = Some(dir.path().join("shop.db"));
    round_trip(profile, "shop.db").await;
}

#[tokio::test]
async fn postgresql_round_trip() {
    let name = format!("retort_app_t_{}", std::process::id());
    let psql = |sql: &str| {
        Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-qc", sql])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !psql(&format!("CREATE DATABASE {name}")) {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "PostgreSQL is needed under CI"
        );
        eprintln!("SKIPPED: no PostgreSQL at 127.0.0.1:5432");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let project = demo_copy(dir.path());
    let mut profile = profile(&project, Dialect::Postgresql);
    profile.host = Some("127.0.0.1".into());
    profile.port = Some(5432);
    profile.database = Some(name.clone());
    profile.user = Some("postgres".into());
    round_trip(profile, &name).await;
    psql(&format!("DROP DATABASE {name}"));
}
