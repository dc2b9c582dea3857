//! MariaDB: the fixture read back field by field, with MariaDB's catalog quirks smoothed over
//! (quoted defaults, tinyint(1) as boolean, database-qualified view bodies, foreign key indexes).

use super::{col, fixture_schema, strings, table, table_keys};
use retort::schema::introspect::IntrospectOptions;
use retort::schema::*;
use retort::Dialect;

#[test]
fn mariadb_schema_is_read_field_by_field() {
    let Some((_db, schema)) = fixture_schema(Dialect::Mysql, &IntrospectOptions::default()) else {
        return;
    };
    assert_eq!(
        table_keys(&schema),
        strings(&["authors", "book_tags", "books"])
    );

    let authors = table(&schema, "authors");
    assert_eq!(authors.comment.as_deref(), Some("People who write"));
    assert_eq!(
        authors.columns,
        vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                ..col("id", "int(11)", "int", false)
            },
            col("name", "varchar(200)", "varchar(200)", false),
            col("email", "varchar(255)", "varchar(255)", false),
            Column {
                default: Some("1".into()),
                ..col("active", "tinyint(1)", "boolean", false)
            },
            Column {
                default: Some("'ok'".into()),
                ..col(
                    "mood",
                    "enum('sad','ok','happy')",
                    "enum('sad','ok','happy')",
                    false
                )
            },
            Column {
                default: Some("current_timestamp".into()),
                ..col("created_at", "timestamp", "timestamp", false)
            },
        ]
    );
    // MariaDB names every primary key PRIMARY: no name worth keeping.
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
    assert!(authors.indexes.is_empty());

    let books = table(&schema, "books");
    assert_eq!(
        books.columns,
        vec![
            Column {
                identity: Some(Identity::AutoIncrement),
                ..col("id", "bigint(20)", "bigint", false)
            },
            col("author_id", "int(11)", "int", false),
            Column {
                comment: Some("Shown title".into()),
                ..col("title", "varchar(300)", "varchar(300)", false)
            },
            col("isbn", "varchar(13)", "varchar(13)", true),
            Column {
                default: Some("0.00".into()),
                ..col("price", "decimal(10,2)", "decimal(10,2)", false)
            },
            col("pages", "int(11)", "int", true),
            Column {
                generated: Some(Generated {
                    expression: "`price` * 100".into(),
                    stored: true
                }),
                ..col("price_cents", "bigint(20)", "bigint", true)
            },
            Column {
                generated: Some(Generated {
                    expression: "ucase(`title`)".into(),
                    stored: false
                }),
                ..col("title_upper", "varchar(300)", "varchar(300)", true)
            },
        ]
    );
    assert_eq!(
        books.uniques,
        vec![Unique {
            name: Some("uq_books_isbn".into()),
            columns: strings(&["isbn"])
        }]
    );
    // The index InnoDB made for fk_books_author is not listed; the FULLTEXT one is counted.
    assert_eq!(
        books.indexes,
        vec![Index {
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
        }]
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
            on_update: FkAction::Cascade,
        }]
    );
    assert_eq!(
        books.checks,
        vec![Check {
            name: Some("ck_books_price".into()),
            expression: "`price` >= 0".into()
        }]
    );
    assert_eq!(
        books.triggers,
        vec![Trigger {
            name: "tr_books_touch".into(),
            sql: "CREATE TRIGGER `tr_books_touch` BEFORE UPDATE ON `books` FOR EACH ROW SET NEW.title = TRIM(NEW.title)".into()
        }]
    );

    let tags = table(&schema, "book_tags");
    assert_eq!(
        tags.primary_key.as_ref().map(|pk| pk.columns.clone()),
        Some(strings(&["tag", "book_id"]))
    );
    assert!(tags.indexes.is_empty(), "{:?}", tags.indexes);
    assert_eq!(
        tags.foreign_keys,
        vec![ForeignKey {
            name: Some("book_tags_ibfk_1".into()),
            columns: strings(&["book_id"]),
            ref_schema: None,
            ref_table: "books".into(),
            ref_columns: strings(&["id"]),
            on_delete: FkAction::NoAction,
            on_update: FkAction::Restrict,
        }]
    );

    // The body without the scratch-specific database name.
    assert_eq!(
        schema.views,
        vec![View {
            schema: None,
            name: "book_list".into(),
            definition: "select `b`.`id` AS `id`,`b`.`title` AS `title`,`a`.`name` AS `author` from (`books` `b` join `authors` `a` on(`a`.`id` = `b`.`author_id`))".into(),
            depends_on: None,
            comment: None,
        }]
    );
    assert!(schema.enums.is_empty() && schema.sequences.is_empty());
    let counts: Vec<(String, usize, Vec<String>)> = schema
        .not_compared
        .iter()
        .map(|n| (n.kind.clone(), n.count, n.names.clone()))
        .collect();
    assert_eq!(
        counts,
        vec![
            (
                "fulltext indexes".into(),
                1,
                strings(&["ft_books_title on books"])
            ),
            ("functions".into(), 1, strings(&["f_double"])),
            ("procedures".into(), 1, strings(&["p_noop"])),
            ("sequences".into(), 1, strings(&["s_invoice"])),
            ("triggers".into(), 1, strings(&["tr_books_touch on books"])),
        ]
    );
}
