//! Introspection, scratch databases and the schema loaders against real SQLite files, PostgreSQL
//! and MariaDB: per dialect, a schema with every feature the dialect has (fixtures under
//! `tests/fixtures/schemas/`) is created, read back and checked field by field.

mod loaders;
mod mysql;
mod postgres;
mod scratch;
mod sqlite;

use crate::common;
use crate::common::{runtime, TestDb};
use retort::autogen::load;
use retort::db::{DatabaseUrl, Db};
use retort::schema::introspect::{introspect_counted, IntrospectOptions};
use retort::schema::{Column, Schema, Table};
use retort::Dialect;
use std::path::{Path, PathBuf};

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
    common::connect(url).await.expect("connect")
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
    // 300 tables on SQLite and PostgreSQL (issue 5 asks it of PostgreSQL at 1,000 tables: the
    // benchmark's figure 6 runs that size); fewer on MariaDB, whose DDL is slow.
    for (dialect, expected, tables) in [
        (Dialect::Sqlite, 4, 300),
        (Dialect::Postgresql, 10, 300),
        (Dialect::Mysql, 9, 25),
    ] {
        let Some(db) = TestDb::new(dialect) else {
            continue;
        };
        let url = db.parsed();
        let options = IntrospectOptions::default();
        let few = runtime().block_on(read_twice(&url, &options)).1;
        let ten: Vec<String> = (0..10).map(create_table).collect();
        let rest: Vec<String> = (10..tables).map(create_table).collect();
        let counts: Vec<usize> = [ten, rest]
            .into_iter()
            .map(|statements| {
                runtime().block_on(async {
                    let mut conn = connect(&url).await;
                    for statement in statements.iter().flat_map(|s| s.split(";\n")) {
                        conn.execute(statement).await.expect("create table");
                    }
                    conn.close().await;
                });
                let (schema, queries) = runtime().block_on(read_twice(&url, &options));
                (schema.tables.len(), queries)
            })
            .map(|(n, queries)| {
                assert!(n == 10 || n == tables, "{dialect}: {n} tables");
                queries
            })
            .collect();
        assert_eq!(
            (few, counts[0], counts[1]),
            (expected, expected, expected),
            "{dialect}: catalog queries for 0, 10 and {tables} tables"
        );
    }
}

/// Table `t{i}`: a primary key, a unique constraint, a foreign key to `t0` and an index.
fn create_table(i: usize) -> String {
    format!(
        "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, v VARCHAR(10) UNIQUE, \
         p INTEGER REFERENCES t0 (id));\nCREATE INDEX ix_t{i} ON t{i} (v, p)"
    )
}

#[test]
fn postgres_introspection_reads_pg_catalog_not_information_schema() {
    // information_schema's views are slow joins over pg_catalog and hide identity/serial details.
    for (file, source) in [
        (
            "postgres.rs",
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/schema/introspect/postgres.rs"
            )),
        ),
        (
            "postgres_objects.rs",
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/schema/introspect/postgres_objects.rs"
            )),
        ),
    ] {
        let code: String = source
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !code.to_ascii_lowercase().contains("information_schema"),
            "{file} queries information_schema"
        );
        assert!(code.contains("pg_class"), "{file}");
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
