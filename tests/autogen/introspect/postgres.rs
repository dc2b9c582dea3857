//! PostgreSQL: the fixture read back field by field, including identity and serial columns,
//! enums, sequences, view dependencies from pg_depend, comments and a second schema.

use super::{col, fixture_schema, strings, table, table_keys};
use retort::schema::introspect::IntrospectOptions;
use retort::schema::*;
use retort::Dialect;

fn with_audit() -> IntrospectOptions {
    IntrospectOptions {
        schemas: strings(&["audit"]),
        ..IntrospectOptions::default()
    }
}

fn part(column: &str, descending: bool) -> IndexPart {
    IndexPart {
        key: IndexKey::Column(column.into()),
        descending,
    }
}

#[test]
fn postgres_tables_are_read_field_by_field() {
    let Some((_db, schema)) = fixture_schema(Dialect::Postgresql, &with_audit()) else {
        return;
    };
    assert_eq!(
        table_keys(&schema),
        strings(&["audit.events", "authors", "book_tags", "bookings", "books"])
    );

    let authors = table(&schema, "authors");
    assert_eq!(authors.comment.as_deref(), Some("People who write"));
    assert_eq!(
        authors.columns,
        vec![
            Column {
                identity: Some(Identity::Always),
                ..col("id", "integer", "integer", false)
            },
            col("name", "character varying(200)", "varchar(200)", false),
            Column {
                comment: Some("Login".into()),
                ..col("email", "text", "text", false)
            },
            Column {
                default: Some("'ok'".into()),
                ..col("mood", "mood", "mood", false)
            },
            Column {
                default: Some("now()".into()),
                ..col(
                    "created_at",
                    "timestamp with time zone",
                    "timestamptz",
                    false
                )
            },
        ]
    );
    assert_eq!(
        authors.primary_key,
        Some(PrimaryKey {
            name: Some("authors_pkey".into()),
            columns: strings(&["id"])
        })
    );
    assert_eq!(
        authors.uniques,
        vec![Unique {
            name: Some("uq_authors_email".into()),
            columns: strings(&["email"])
        }]
    );
    // The unique constraint's own index is not listed again; the expression index is.
    assert_eq!(
        authors.indexes,
        vec![Index {
            name: "ux_authors_lower_email".into(),
            unique: true,
            parts: vec![IndexPart {
                key: IndexKey::Expression("lower(email)".into()),
                descending: false
            }],
            predicate: None,
        }]
    );

    let books = table(&schema, "books");
    assert_eq!(
        books.columns,
        vec![
            Column {
                identity: Some(Identity::Serial),
                ..col("id", "bigint", "bigint", false)
            },
            col("author_id", "integer", "integer", false),
            col("title", "text", "text", false),
            col("isbn", "character varying(13)", "varchar(13)", true),
            Column {
                default: Some("0".into()),
                ..col("price", "numeric(10,2)", "numeric(10,2)", false)
            },
            col("pages", "integer", "integer", true),
            Column {
                generated: Some(Generated {
                    expression: "((price * (100)::numeric))::bigint".into(),
                    stored: true
                }),
                ..col("price_cents", "bigint", "bigint", true)
            },
            Column {
                default: Some("'{}'".into()),
                ..col("tags", "text[]", "text[]", true)
            },
            // A free-standing sequence's nextval is a plain default, not serial.
            Column {
                default: Some("nextval('invoice_numbers')".into()),
                ..col("invoice", "integer", "integer", true)
            },
        ]
    );
    assert_eq!(
        books.indexes,
        vec![
            Index {
                name: "ix_books_author_title".into(),
                unique: false,
                parts: vec![part("author_id", false), part("title", true)],
                predicate: None,
            },
            Index {
                name: "ix_books_cheap".into(),
                unique: false,
                parts: vec![part("price", false)],
                predicate: Some("price < (10)::numeric".into()),
            },
        ]
    );
    assert_eq!(
        books.foreign_keys,
        vec![ForeignKey {
            name: Some("fk_books_author".into()),
            columns: strings(&["author_id"]),
            ref_schema: None,
            ref_table: "authors".into(),
            ref_columns: strings(&["id"]),
            on_delete: FkAction::Cascade,
            on_update: FkAction::SetDefault,
        }]
    );
    assert_eq!(
        books.checks,
        vec![Check {
            name: Some("ck_books_price".into()),
            expression: "price >= (0)::numeric".into()
        }]
    );
    assert_eq!(
        books.uniques,
        vec![Unique {
            name: Some("uq_books_isbn".into()),
            columns: strings(&["isbn"])
        }]
    );
    assert_eq!(
        books.triggers,
        vec![Trigger {
            name: "tr_books_touch".into(),
            sql: "CREATE TRIGGER tr_books_touch BEFORE UPDATE ON books FOR EACH ROW EXECUTE FUNCTION touch()".into()
        }]
    );

    let tags = table(&schema, "book_tags");
    assert_eq!(
        tags.columns[2],
        Column {
            identity: Some(Identity::ByDefault),
            ..col("position", "smallint", "smallint", false)
        }
    );
    assert_eq!(
        tags.primary_key.as_ref().map(|pk| pk.columns.clone()),
        Some(strings(&["tag", "book_id"]))
    );
    assert_eq!(tags.foreign_keys[0].on_delete, FkAction::Restrict);
    assert_eq!(tags.foreign_keys[0].on_update, FkAction::NoAction);

    // The exclusion constraint's gist index is the constraint's: neither is an index here.
    let bookings = table(&schema, "bookings");
    assert!(bookings.indexes.is_empty() && bookings.checks.is_empty());

    let events = table(&schema, "audit.events");
    assert_eq!(events.schema.as_deref(), Some("audit"));
    assert_eq!(
        events.columns,
        vec![
            Column {
                identity: Some(Identity::Serial),
                ..col("id", "integer", "integer", false)
            },
            col("level", "audit.level", "audit.level", false),
            col("author_id", "integer", "integer", true),
            col("at", "timestamp(3) without time zone", "timestamp(3)", true),
        ]
    );
    assert_eq!(events.foreign_keys[0].ref_key(), "authors");
}

#[test]
fn postgres_views_enums_sequences_and_uncompared_objects() {
    let Some((_db, schema)) = fixture_schema(Dialect::Postgresql, &with_audit()) else {
        return;
    };
    let dep = |relation: &str, column: &str| ViewDependency {
        relation: relation.into(),
        column: Some(column.into()),
    };
    assert_eq!(
        schema.views,
        vec![View {
            schema: None,
            name: "book_list".into(),
            definition: "SELECT b.id,\n    b.title,\n    a.name AS author\n   FROM books b\n     JOIN authors a ON a.id = b.author_id".into(),
            depends_on: Some(vec![
                dep("authors", "id"),
                dep("authors", "name"),
                dep("books", "author_id"),
                dep("books", "id"),
                dep("books", "title"),
            ]),
            comment: Some("Books with author names".into()),
        }]
    );
    assert_eq!(
        schema.enums,
        vec![
            Enum {
                schema: Some("audit".into()),
                name: "level".into(),
                values: strings(&["info", "warn"])
            },
            Enum {
                schema: None,
                name: "mood".into(),
                values: strings(&["sad", "ok", "happy"])
            },
        ]
    );
    // The serial, bigserial and identity columns' own sequences are not listed.
    assert_eq!(
        schema.sequences,
        vec![Sequence {
            schema: None,
            name: "invoice_numbers".into(),
            start: Some(1000),
            increment: Some(10),
            min_value: Some(1000),
            max_value: Some(999999),
            cycle: true,
            owned_by: None,
        }]
    );
    let counts: Vec<(String, usize, Vec<String>)> = schema
        .not_compared
        .iter()
        .map(|n| (n.kind.clone(), n.count, n.names.clone()))
        .collect();
    assert_eq!(
        counts,
        vec![
            (
                "exclusion constraints".into(),
                1,
                strings(&["bookings.bookings_during_excl"])
            ),
            ("functions".into(), 1, strings(&["touch()"])),
            (
                "gin indexes".into(),
                1,
                strings(&["ix_books_tags on books"])
            ),
            ("materialized views".into(), 1, strings(&["book_counts"])),
            ("policies".into(), 1, strings(&["p_authors on authors"])),
            ("triggers".into(), 1, strings(&["tr_books_touch on books"])),
        ]
    );
}

#[test]
fn postgres_other_schemas_are_read_only_when_listed() {
    let Some((_db, schema)) = fixture_schema(Dialect::Postgresql, &IntrospectOptions::default())
    else {
        return;
    };
    assert_eq!(
        table_keys(&schema),
        strings(&["authors", "book_tags", "bookings", "books"])
    );
    assert_eq!(
        schema.enums.iter().map(Enum::key).collect::<Vec<_>>(),
        strings(&["mood"])
    );
}
