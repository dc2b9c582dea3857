//! The three schema sources: `schema.sql` in a scratch database (with errors naming the
//! statement), a project's revisions replayed into one, and a live database read as it is.

use super::{server_databases, strings, table, table_keys};
use crate::common::{demo_project, runtime, TestDb, DIALECTS};
use retort::autogen::load::{self, Source};
use retort::autogen::scratch::with_scratch;
use retort::db::DatabaseUrl;
use retort::project::Project;
use retort::schema::introspect::IntrospectOptions;
use retort::{Dialect, Error};
use std::path::Path;
use std::sync::Mutex;

const BAD_SCHEMA: &str = "CREATE TABLE a (id INTEGER PRIMARY KEY);\n\n-- seed\nINSERT INTO a (id) VALUES (1);\nINSERT INTO nope (id)\n  VALUES (2);\n";

#[test]
fn a_failing_schema_file_names_file_line_statement_and_database_message() {
    for dialect in DIALECTS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let path = db.dir.join("schema.sql");
        std::fs::write(&path, BAD_SCHEMA).unwrap();
        let options = IntrospectOptions::default();
        let err = runtime()
            .block_on(load::load(
                Source::SchemaFile(&path),
                &db.parsed(),
                &options,
            ))
            .expect_err("fails");
        assert_eq!(err.code(), "schema_file_failed", "{dialect}: {err}");
        let Error::SchemaFile {
            path: file,
            line,
            statement,
            text,
            message,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(
            (file.as_path(), *line, *statement, text.as_str()),
            (path.as_path(), 5, 3, "INSERT INTO nope (id)\n  VALUES (2)"),
            "{dialect}"
        );
        let expected = match dialect {
            Dialect::Sqlite => "no such table: nope",
            Dialect::Postgresql => "relation \"nope\" does not exist",
            Dialect::Mysql => "nope' doesn't exist",
        };
        assert!(message.contains(expected), "{dialect}: {message}");
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{}:5: statement 3 failed: ", path.display())),
            "{shown}"
        );
        assert!(shown.ends_with("\n  INSERT INTO nope (id) …"), "{shown}");
    }
}

#[test]
fn the_scratch_database_is_dropped_after_a_failing_schema_file() {
    for dialect in [Dialect::Postgresql, Dialect::Mysql] {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let path = db.dir.join("schema.sql");
        std::fs::write(&path, BAD_SCHEMA).unwrap();
        let used = Mutex::new(String::new());
        let options = IntrospectOptions::default();
        let err = runtime()
            .block_on(with_scratch(&db.parsed(), async |url: &DatabaseUrl| {
                *used.lock().unwrap() = url.database_name();
                load::schema_file_into(&path, url, &options).await
            }))
            .expect_err("fails");
        assert_eq!(err.code(), "schema_file_failed");
        let used = used.into_inner().unwrap();
        assert!(used.starts_with("retort_scratch_"), "{used}");
        assert_eq!(server_databases(&db, &used), Vec::<String>::new());
    }
}

#[test]
fn a_schema_file_that_cannot_be_split_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sql");
    std::fs::write(
        &path,
        "CREATE TABLE a (id INTEGER);\nSELECT 'never closed;\n",
    )
    .unwrap();
    let server = DatabaseUrl::parse("sqlite:///app.db", dir.path()).unwrap();
    let err = runtime()
        .block_on(load::load(
            Source::SchemaFile(&path),
            &server,
            &IntrospectOptions::default(),
        ))
        .expect_err("fails");
    assert_eq!(err.code(), "script_invalid");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2: ", path.display())),
        "{err}"
    );
}

fn demo() -> (tempfile::TempDir, Project) {
    // Keep the revision cache out of the user's cache folder.
    std::env::set_var("RETORT_NO_CACHE", "1");
    let dir = demo_project();
    let project = Project::open(&dir.path().join("retort.toml")).expect("demo project");
    (dir, project)
}

const DEMO_TABLES: [&str; 9] = [
    "authors",
    "books",
    "customers",
    "genres",
    "monthly_genre_sales",
    "order_items",
    "orders",
    "reviews",
    "stock_levels",
];

#[test]
fn the_demo_revisions_replayed_give_the_tables_of_schema_sql() {
    let (_dir, project) = demo();
    let schema_sql = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/schema.sql");
    for dialect in DIALECTS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let server = db.parsed();
        let options = IntrospectOptions::default();
        let source = Source::Revisions {
            project: &project,
            target: "heads",
        };
        let (replayed, desired) = runtime().block_on(async {
            let replayed = load::load(source, &server, &options).await.expect("replay");
            let desired = load::load(Source::SchemaFile(&schema_sql), &server, &options)
                .await
                .expect("schema.sql");
            (replayed, desired)
        });
        // No bookkeeping tables, every table the revisions made, and the view.
        assert_eq!(table_keys(&replayed), strings(&DEMO_TABLES), "{dialect}");
        assert_eq!(
            replayed.views.iter().map(|v| v.key()).collect::<Vec<_>>(),
            strings(&["book_sales"])
        );
        let customers = table(&replayed, "customers");
        assert_eq!(
            customers.columns.last().map(|c| c.name.as_str()),
            Some("phone")
        );
        let stock = table(&replayed, "stock_levels");
        assert_eq!(stock.indexes.len(), 1, "{dialect}");
        assert_eq!(stock.indexes[0].name, "ix_stock_levels_warehouse");
        // schema.sql is kept equal to the revisions at head: the models agree table by table.
        for (a, b) in replayed.tables.iter().zip(&desired.tables) {
            assert_eq!(a, b, "{dialect}");
        }
        assert_eq!(replayed.tables.len(), desired.tables.len());
        // The replay's own database was dropped with its bookkeeping.
        assert!(db.tables().is_empty(), "{dialect}: {:?}", db.tables());
    }
}

#[test]
fn revisions_replay_up_to_a_given_revision() {
    let (_dir, project) = demo();
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let source = Source::Revisions {
        project: &project,
        target: "1916b6b63bc2",
    };
    let schema = runtime()
        .block_on(load::load(
            source,
            &db.parsed(),
            &IntrospectOptions::default(),
        ))
        .expect("replay");
    assert_eq!(
        table_keys(&schema),
        strings(&["authors", "books", "customers", "orders"])
    );
    assert!(table(&schema, "books").column("genre_id").is_none());
}

#[test]
fn a_live_database_is_read_as_it_is_and_never_created() {
    for dialect in DIALECTS {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        db.exec("CREATE TABLE live_t (id INTEGER PRIMARY KEY, note VARCHAR(20) NOT NULL)")
            .expect("create");
        let url = db.parsed();
        let options = IntrospectOptions::default();
        let schema = runtime()
            .block_on(load::load(Source::Live(&url), &url, &options))
            .expect("live");
        assert_eq!(table_keys(&schema), strings(&["live_t"]), "{dialect}");
        assert_eq!(table(&schema, "live_t").columns.len(), 2);
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = DatabaseUrl::parse("sqlite:///missing.db", dir.path()).unwrap();
    let err = runtime()
        .block_on(load::live(&missing, &IntrospectOptions::default()))
        .expect_err("missing file");
    assert_eq!(err.code(), "connect_failed", "{err}");
    assert!(!dir.path().join("missing.db").exists());
}
