//! SQLite: the fixture read back field by field, where half of it comes from the CREATE text.

use super::{col, fixture_schema, strings, table};
use retort::schema::introspect::IntrospectOptions;
use retort::schema::*;
use retort::Dialect;

#[test]
fn sqlite_schema_is_read_field_by_field() {
    let Some((_db, schema)) = fixture_schema(Dialect::Sqlite, &IntrospectOptions::default()) else {
        return;
    };

    let authors = table(&schema, "authors");
    assert_eq!(
        authors.columns,
        vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                ..col("id", "INTEGER", "integer", false)
            },
            col("name", "VARCHAR(200)", "varchar(200)", false),
            col("email", "TEXT", "text", false),
            col("born_on", "DATE", "date", true),
            Column {
                default: Some("'NL'".into()),
                ..col("country", "CHAR(2)", "char(2)", true)
            },
            Column {
                default: Some("current_timestamp".into()),
                ..col("created_at", "TIMESTAMP", "timestamp", false)
            },
        ]
    );
    assert_eq!(
        authors.primary_key,
        Some(PrimaryKey {
            name: None,
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
    assert_eq!(
        authors.indexes,
        vec![Index {
            name: "ux_authors_lower_name".into(),
            unique: true,
            parts: vec![IndexPart {
                key: IndexKey::Expression("lower(name)".into()),
                descending: false
            }],
            predicate: None,
        }]
    );

    let books = table(&schema, "books");
    assert_eq!(
        books.columns,
        vec![
            col("id", "INTEGER", "integer", false),
            col("author_id", "INTEGER", "integer", false),
            col("title", "TEXT", "text", false),
            col("isbn", "VARCHAR(13)", "varchar(13)", true),
            Column {
                default: Some("0".into()),
                ..col("price", "NUMERIC(10,2)", "numeric(10,2)", false)
            },
            col("pages", "INT", "int", true),
            Column {
                generated: Some(Generated {
                    expression: "CAST(price * 100 AS INTEGER)".into(),
                    stored: true
                }),
                ..col("price_cents", "INTEGER", "integer", true)
            },
            Column {
                generated: Some(Generated {
                    expression: "lower(title)".into(),
                    stored: false
                }),
                ..col("title_lower", "TEXT", "text", true)
            },
        ]
    );
    // A column UNIQUE without a name: SQLite's autoindex name is not the constraint's.
    assert_eq!(
        books.uniques,
        vec![Unique {
            name: None,
            columns: strings(&["isbn"])
        }]
    );
    assert_eq!(
        books.indexes,
        vec![
            Index {
                name: "ix_books_author_title".into(),
                unique: false,
                parts: vec![
                    IndexPart {
                        key: IndexKey::Column("author_id".into()),
                        descending: false
                    },
                    IndexPart {
                        key: IndexKey::Column("title".into()),
                        descending: true
                    },
                ],
                predicate: None,
            },
            Index {
                name: "ix_books_cheap".into(),
                unique: false,
                parts: vec![IndexPart {
                    key: IndexKey::Column("price".into()),
                    descending: false
                }],
                predicate: Some("price < 10".into()),
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
            on_update: FkAction::Restrict,
        }]
    );
    assert_eq!(
        books.checks,
        vec![
            Check {
                name: None,
                expression: "price >= 0".into()
            },
            Check {
                name: Some("ck_books_pages".into()),
                expression: "pages IS NULL OR pages > 0".into()
            },
        ]
    );
    assert_eq!(books.triggers.len(), 1);
    assert_eq!(books.triggers[0].name, "tr_books_touch");
    assert!(books.triggers[0]
        .sql
        .starts_with("CREATE TRIGGER tr_books_touch AFTER UPDATE ON books"));

    // `REFERENCES books` without columns means the parent's primary key.
    let tags = table(&schema, "book_tags");
    assert_eq!(
        tags.primary_key.as_ref().map(|pk| pk.columns.clone()),
        Some(strings(&["tag", "book_id"]))
    );
    assert_eq!(
        tags.foreign_keys,
        vec![ForeignKey {
            name: None,
            columns: strings(&["book_id"]),
            ref_schema: None,
            ref_table: "books".into(),
            ref_columns: strings(&["id"]),
            on_delete: FkAction::SetDefault,
            on_update: FkAction::NoAction,
        }]
    );

    assert_eq!(
        schema.views,
        vec![View {
            schema: None,
            name: "book_list".into(),
            definition:
                "SELECT b.id, b.title, a.name AS author FROM books b JOIN authors a ON a.id = b.author_id"
                    .into(),
            depends_on: None,
            comment: None,
        }]
    );
    assert!(schema.enums.is_empty() && schema.sequences.is_empty());
    assert_eq!(
        schema.not_compared,
        vec![NotCompared {
            kind: "triggers".into(),
            count: 1,
            names: strings(&["tr_books_touch on books"])
        }]
    );
}
