//! Introspection, scratch databases and the schema loaders against real SQLite files, PostgreSQL
//! and MariaDB: per dialect, a schema with every feature the dialect has (fixtures under
//! `tests/fixtures/schemas/`) is created, read back and checked field by field.

mod common;

#[path = "introspect/loaders.rs"]
mod loaders;
#[path = "introspect/mysql.rs"]
mod mysql;
#[path = "introspect/postgres.rs"]
mod postgres;
#[path = "introspect/scratch.rs"]
mod scratch;
#[path = "introspect/sqlite.rs"]
mod sqlite;

use common::{runtime, TestDb};
use retort::db::{ConnectOptions, DatabaseUrl, Db};
use retort::schema::introspect::{introspect_counted, IntrospectOptions};
use retort::schema::{load, Column, Schema, Table};
use retort::Dialect;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn fixture(dialect: Dialect) -> PathBuf {
    let file = match dialect {
        Dialect::Sqlite => "sqlite.sql",
        Dialect::Postgresql => "postgres.sql",
        Dialect::Mysql => "mysql.sql",
    };
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas")
        .join(file)
}

pub async fn connect(url: &DatabaseUrl) -> Db {
    Db::connect(
        url,
        ConnectOptions {
            create_sqlite: true,
            timeout: Duration::from_secs(10),
        },
    )
    .await
    .expect("connect")
}

/// Introspects the database at `url` twice on one connection; both must be equal. Returns the
/// schema and the number of catalog queries one introspection took.
pub async fn read_twice(url: &DatabaseUrl, options: &IntrospectOptions) -> (Schema, usize) {
    let mut db = connect(url).await;
    let (first, queries) = introspect_counted(&mut db, options)
        .await
        .expect("introspect");
    let (second, again) = introspect_counted(&mut db, options).await.expect("again");
    db.close().await;
    assert_eq!(first, second, "two introspections differ");
    assert_eq!(queries, again);
    (first, queries)
}

/// A fresh database with the dialect's fixture applied, and its introspection.
pub fn fixture_schema(dialect: Dialect, options: &IntrospectOptions) -> Option<(TestDb, Schema)> {
    let db = TestDb::new(dialect)?;
    let url = db.parsed();
    let schema = runtime().block_on(async {
        load::schema_file_into(&fixture(dialect), &url, options)
            .await
            .expect("fixture applies");
        read_twice(&url, options).await.0
    });
    Some((db, schema))
}

pub fn table<'a>(schema: &'a Schema, key: &str) -> &'a Table {
    schema
        .table(key)
        .unwrap_or_else(|| panic!("no table {key} in {:?}", table_keys(schema)))
}

pub fn table_keys(schema: &Schema) -> Vec<String> {
    schema.tables.iter().map(Table::key).collect()
}

/// A column as introspection reports it with no default, identity, generation or comment.
pub fn col(name: &str, type_name: &str, normalized: &str, nullable: bool) -> Column {
    Column {
        name: name.into(),
        type_name: type_name.into(),
        normalized_type: normalized.into(),
        nullable,
        ..Column::default()
    }
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Database names on the server of `db` that start with `prefix`.
pub fn server_databases(db: &TestDb, prefix: &str) -> Vec<String> {
    let sql = match db.dialect {
        Dialect::Postgresql => {
            format!("SELECT datname::text FROM pg_database WHERE datname LIKE '{prefix}%'")
        }
        _ => format!(
            "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{prefix}%'"
        ),
    };
    let mut names: Vec<String> = db
        .query(&sql)
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect();
    names.sort();
    names
}

#[test]
fn every_dialect_takes_a_fixed_number_of_catalog_queries() {
    for (dialect, expected) in [
        (Dialect::Sqlite, 4),
        (Dialect::Postgresql, 10),
        (Dialect::Mysql, 9),
    ] {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let url = db.parsed();
        let options = IntrospectOptions::default();
        let few = runtime().block_on(read_twice(&url, &options)).1;
        let ddl: String = (0..25)
            .map(|i| {
                format!(
                    "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, v VARCHAR(10) UNIQUE, \
                     p INTEGER REFERENCES t0 (id));\nCREATE INDEX ix_t{i} ON t{i} (v, p);\n"
                )
            })
            .collect();
        for statement in ddl.split(";\n").filter(|s| !s.trim().is_empty()) {
            db.exec(statement).expect("create table");
        }
        let (schema, many) = runtime().block_on(read_twice(&url, &options));
        assert_eq!(schema.tables.len(), 25, "{dialect}");
        assert_eq!((few, many), (expected, expected), "{dialect}");
    }
}

#[test]
fn bookkeeping_tables_are_left_out_and_the_names_are_a_parameter() {
    for dialect in common::DIALECTS {
        let Some((db, schema)) = fixture_schema(dialect, &IntrospectOptions::default()) else {
            continue;
        };
        assert_eq!(
            table_keys(&schema),
            strings(&["authors", "book_tags", "bookings", "books"])
                .into_iter()
                .filter(|t| dialect == Dialect::Postgresql || t != "bookings")
                .collect::<Vec<_>>(),
            "{dialect}"
        );
        let options = IntrospectOptions {
            schemas: Vec::new(),
            exclude_tables: strings(&["books", "book_tags"]),
        };
        let (schema, _) = runtime().block_on(read_twice(&db.parsed(), &options));
        let mut expected = strings(&["alembic_version", "authors", "bookings", "retort_revisions"]);
        expected.retain(|t| dialect == Dialect::Postgresql || t != "bookings");
        assert_eq!(table_keys(&schema), expected, "{dialect}");
        // The excluded table's triggers go with it.
        assert!(
            schema.tables.iter().all(|t| t.triggers.is_empty()),
            "{dialect}"
        );
    }
}
