//! Normalization cases: catalog spellings against schema-file spellings, per dialect.

use super::expr::{mentions_identifier, normalize_expr};
use super::{normalize_default, normalize_type};
use crate::Dialect::{self, Mysql, Postgresql, Sqlite};

#[test]
fn equal_types() {
    let cases: &[(Dialect, &str, &str)] = &[
        (Postgresql, "int4", "integer"),
        (Postgresql, "INT", "integer"),
        (Postgresql, "int8", "bigint"),
        (Postgresql, "serial", "integer"),
        (Postgresql, "varchar(50)", "character varying(50)"),
        (Postgresql, "VARCHAR ( 50 )", "character varying(50)"),
        (Postgresql, "bool", "boolean"),
        (Postgresql, "timestamp without time zone", "timestamp"),
        (Postgresql, "timestamp with time zone", "timestamptz"),
        (Postgresql, "timestamp(3) with time zone", "timestamptz(3)"),
        (Postgresql, "float8", "double precision"),
        (Postgresql, "decimal(10,2)", "numeric(10, 2)"),
        (Postgresql, "_int4", "integer[]"),
        (Postgresql, "int4[]", "integer[]"),
        (Postgresql, "character", "char(1)"),
        (Mysql, "tinyint(1)", "boolean"),
        (Mysql, "bool", "boolean"),
        (Mysql, "int(11)", "int"),
        (Mysql, "integer", "int"),
        (Mysql, "int(10) unsigned", "int unsigned"),
        (Mysql, "bigint(20)", "bigint"),
        (Mysql, "decimal", "decimal(10,0)"),
        (Mysql, "VARCHAR(255)", "varchar(255)"),
        (Sqlite, "VARCHAR(50)", "varchar(50)"),
        (Sqlite, "unsigned   big  int", "UNSIGNED BIG INT"),
    ];
    for (dialect, a, b) in cases {
        let (na, nb) = (normalize_type(*dialect, a), normalize_type(*dialect, b));
        assert_eq!(na, nb, "{dialect}: {a} vs {b}");
        assert_eq!(
            normalize_type(*dialect, &na),
            na,
            "{dialect}: idempotent {a}"
        );
    }
}

#[test]
fn different_types() {
    let cases: &[(Dialect, &str, &str)] = &[
        (Postgresql, "varchar(50)", "varchar(100)"),
        (Postgresql, "integer", "bigint"),
        (Postgresql, "timestamp", "timestamptz"),
        (Mysql, "tinyint(4)", "boolean"),
        (Mysql, "int", "int unsigned"),
        // SQLite compares declared types as written: INT and INTEGER differ in rowid aliasing.
        (Sqlite, "int", "integer"),
    ];
    for (dialect, a, b) in cases {
        assert_ne!(normalize_type(*dialect, a), normalize_type(*dialect, b));
    }
}

#[test]
fn defaults() {
    let cases: &[(Dialect, Option<&str>, Option<&str>)] = &[
        (Postgresql, Some("'x'::text"), Some("'x'")),
        (
            Postgresql,
            Some("'draft'::character varying"),
            Some("'draft'"),
        ),
        (Postgresql, Some("NULL::character varying"), None),
        (
            Postgresql,
            Some("'2020-01-01 00:00:00'::timestamp without time zone"),
            Some("'2020-01-01 00:00:00'"),
        ),
        (
            Postgresql,
            Some("CURRENT_TIMESTAMP"),
            Some("current_timestamp"),
        ),
        (Postgresql, Some("(-1)"), Some("-1")),
        (Postgresql, Some("'It''s'::text"), Some("'It''s'")),
        (Mysql, Some("'0'"), Some("0")),
        (
            Mysql,
            Some("current_timestamp()"),
            Some("CURRENT_TIMESTAMP"),
        ),
        (Mysql, Some("NULL"), None),
        (Mysql, Some("true"), Some("1")),
        (Sqlite, Some("(0)"), Some("0")),
        (Sqlite, Some("NULL"), None),
        (Sqlite, Some("'A b'"), Some("'A b'")),
    ];
    for (dialect, a, b) in cases {
        let na = normalize_default(*dialect, *a);
        assert_eq!(
            na,
            normalize_default(*dialect, *b),
            "{dialect}: {a:?} vs {b:?}"
        );
        assert_eq!(
            normalize_default(*dialect, na.as_deref()),
            na,
            "idempotent {a:?}"
        );
    }
    // Literal case is meaning, not noise.
    assert_ne!(
        normalize_default(Sqlite, Some("'A'")),
        normalize_default(Sqlite, Some("'a'"))
    );
}

#[test]
fn expressions() {
    assert_eq!(normalize_expr("((price > 0))"), "price > 0");
    assert_eq!(normalize_expr("\"Price\" >  0"), "\"Price\" > 0");
    assert_eq!(normalize_expr("lower( \"email\" )"), "lower(email)");
    assert_eq!(normalize_expr("(a) + (b)"), "(a) + (b)");
    assert_eq!(
        normalize_expr("SELECT id FROM users;"),
        "select id from users"
    );
}

#[test]
fn identifier_mentions() {
    assert!(mentions_identifier("SELECT * FROM \"users\" u", "users"));
    assert!(mentions_identifier("select x from users", "users"));
    assert!(!mentions_identifier("select x from users_old", "users"));
    assert!(!mentions_identifier("select 'users' as t", "users"));
}
