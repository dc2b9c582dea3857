//! The demo project end to end through the real binary on each dialect: upgrade, history with
//! the current marker, status, downgrade to base.

use crate::common::*;

fn demo_round_trip(dialect: retort::Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = demo_project();
    let p = project.path();
    ok(retort(p, Some(&db.url), &["upgrade", "head"]));
    assert_eq!(db.applied().len(), 13);
    let history = ok(retort(p, Some(&db.url), &["history", "-i"]));
    assert!(
        history
            .lines()
            .next()
            .unwrap()
            .contains("891d90252aca (reporting) (head) (current)"),
        "{history}"
    );
    let status = ok(retort(p, Some(&db.url), &["status"]));
    assert!(status.contains("none, up to date"), "{status}");
    ok(retort(p, Some(&db.url), &["downgrade", "base"]));
    assert!(db.applied().is_empty());
    assert_eq!(db.schema(), "");
}

#[test]
fn demo_round_trip_sqlite() {
    demo_round_trip(retort::Dialect::Sqlite);
}

#[test]
fn demo_round_trip_postgresql() {
    demo_round_trip(retort::Dialect::Postgresql);
}

#[test]
fn demo_round_trip_mysql() {
    demo_round_trip(retort::Dialect::Mysql);
}
