//! The generated projects (linear, branchy, an API layout, several version locations, annotated
//! modules), each on SQLite and PostgreSQL, moved through their steps and compared after each.

use super::*;

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
