//! Round-trip pairs for the objects around tables: views (create, replace, drop, and a view over
//! a column whose type changes), PostgreSQL enums (create, add a value in position, drop a
//! value, drop the type) and sequences, comments, and renames asked for with `--rename`.

use crate::common::DIALECTS;
use crate::harness::{run, Pair};
use retort::Dialect;

#[test]
fn views_are_created_replaced_dropped_and_rebuilt_around_type_changes() {
    let base = |score: &str| {
        format!(
            "CREATE TABLE players (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, score {score} NOT NULL DEFAULT 0);\n"
        )
    };
    // `ranking` reads `score`, whose type changes beneath it; `names` is replaced, `old_view`
    // dropped and `top` created.
    let a = format!(
        "{}CREATE VIEW ranking AS SELECT id, score FROM players WHERE score > 0;
CREATE VIEW names AS SELECT id, name FROM players;
CREATE VIEW old_view AS SELECT name FROM players;",
        base("INTEGER")
    );
    let b = format!(
        "{}CREATE VIEW ranking AS SELECT id, score FROM players WHERE score > 0;
CREATE VIEW names AS SELECT id, name, score FROM players;
CREATE VIEW top AS SELECT name FROM players WHERE score > 100;",
        base("BIGINT")
    );
    let pair = Pair::new("views", &a, &b)
        .seed(&["INSERT INTO players (id, name, score) VALUES (1, 'ann', 120), (2, 'bob', 0)"])
        .keep(&["players: id, name, score", "ranking: id, score"]);
    run(&DIALECTS, &pair);
}

#[test]
fn postgres_enums_are_created_extended_shrunk_and_dropped() {
    let a = "CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE size AS ENUM ('s', 'm', 'l', 'xl');
CREATE TYPE legacy AS ENUM ('a', 'b');
CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL DEFAULT 'happy', size size);";
    // mood gains 'ok' between its values; size loses 'xl' (rebuilt type; no row uses it);
    // legacy is dropped, color created and used by a new column.
    let b = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TYPE color AS ENUM ('red', 'blue');
CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL DEFAULT 'happy', size size, color color);";
    let pair = Pair::new("enums", a, b)
        .seed(&["INSERT INTO people (id, mood, size) VALUES (1, 'sad', 's'), (2, 'happy', 'l'), (3, 'happy', NULL)"])
        .keep(&["people: id, mood, size"]);
    run(&[Dialect::Postgresql], &pair);
}

#[test]
fn postgres_sequences_are_created_changed_and_dropped() {
    let a = "CREATE SEQUENCE ticket_numbers START 100 INCREMENT 1;
CREATE SEQUENCE old_numbers;
CREATE TABLE tickets (id integer PRIMARY KEY, number integer NOT NULL DEFAULT nextval('ticket_numbers'));";
    let b = "CREATE SEQUENCE ticket_numbers START 100 INCREMENT 5 MAXVALUE 100000 CYCLE;
CREATE SEQUENCE order_numbers START 1000;
CREATE TABLE tickets (id integer PRIMARY KEY, number integer NOT NULL DEFAULT nextval('ticket_numbers'));";
    let pair = Pair::new("sequences", a, b)
        .seed(&["INSERT INTO tickets (id) VALUES (1), (2)"])
        .keep(&["tickets: id, number"]);
    run(&[Dialect::Postgresql], &pair);
}

#[test]
fn comments_are_added_changed_and_removed() {
    for dialect in [Dialect::Postgresql, Dialect::Mysql] {
        let (a, b) = match dialect {
            Dialect::Postgresql => (
                "CREATE TABLE notes (id integer PRIMARY KEY, body text, author text);
COMMENT ON TABLE notes IS 'Notes';
COMMENT ON COLUMN notes.body IS 'Markdown';
CREATE VIEW note_bodies AS SELECT body FROM notes;",
                "CREATE TABLE notes (id integer PRIMARY KEY, body text, author text);
COMMENT ON TABLE notes IS 'Notes people write';
COMMENT ON COLUMN notes.author IS 'Who wrote it';
CREATE VIEW note_bodies AS SELECT body FROM notes;
COMMENT ON VIEW note_bodies IS 'Just the text';",
            ),
            _ => (
                "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT COMMENT 'Markdown', author TEXT) COMMENT 'Notes';",
                "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT, author TEXT COMMENT 'Who wrote it') COMMENT 'Notes people write';",
            ),
        };
        let pair = Pair::new("comments", a, b)
            .seed(&["INSERT INTO notes (id, body, author) VALUES (1, 'hi', 'ann')"])
            .keep(&["notes: id, body, author"]);
        run(&[dialect], &pair);
    }
}

/// MySQL reads backslash escapes in string literals: a comment holding `\` (or ending in one,
/// which used to end the literal early and turn the rest of the line into SQL) comes out as
/// written.
#[test]
fn mysql_comments_with_backslashes_and_quotes_round_trip() {
    let a = "CREATE TABLE paths (id INT PRIMARY KEY, dir TEXT) COMMENT 'plain';";
    let b = r"CREATE TABLE paths (id INT PRIMARY KEY, dir TEXT COMMENT 'C:\\temp\\') COMMENT 'it''s \\'' ; DROP TABLE paths; -- \\n';";
    let pair = Pair::new("comment_escapes", a, b)
        .seed(&["INSERT INTO paths (id, dir) VALUES (1, 'x')"])
        .keep(&["paths: id, dir"]);
    run(&[Dialect::Mysql], &pair);
}

#[test]
fn renames_keep_the_data() {
    // The constraints are named: PostgreSQL keeps the names it implied from the old table name
    // (`notes_pkey`) through a rename, see `postgres_table_rename_keeps_implied_names`.
    let a = "CREATE TABLE customers (id INTEGER PRIMARY KEY, fullname VARCHAR(80) NOT NULL, city VARCHAR(40));
CREATE TABLE notes (id INTEGER, customer_id INTEGER, body VARCHAR(200),
    CONSTRAINT pk_note PRIMARY KEY (id),
    CONSTRAINT fk_note_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE);
CREATE INDEX ix_customers_name ON customers (fullname);";
    let b = "CREATE TABLE customers (id INTEGER PRIMARY KEY, display_name VARCHAR(80) NOT NULL, city VARCHAR(40));
CREATE TABLE memos (id INTEGER, customer_id INTEGER, body VARCHAR(200),
    CONSTRAINT pk_note PRIMARY KEY (id),
    CONSTRAINT fk_note_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE);
CREATE INDEX ix_customers_name ON customers (display_name);";
    for dialect in DIALECTS {
        let pair = Pair::new("renames", a, b)
            .rename("customers.fullname=display_name")
            .rename("notes=memos")
            .seed(&[
                "INSERT INTO customers (id, fullname, city) VALUES (1, 'Ann Lee', 'Oslo'), (2, 'Bob Ray', NULL)",
                "INSERT INTO notes (id, customer_id, body) VALUES (1, 1, 'call back'), (2, 2, 'vip')",
            ])
            .keep(&["customers: id, city"])
            .moved("customers: id, fullname", "customers: id, display_name")
            .moved("notes: id, customer_id, body", "memos: id, customer_id, body");
        run(&[dialect], &pair);
    }
}

/// KNOWN BUG (not fixed): after `--rename notes=memos` PostgreSQL still calls the primary key
/// and foreign key `notes_pkey` and `notes_customer_id_fkey`, while a database built from B
/// calls them `memos_…`. The differ treats implied names as equal, so `check` passes, but the
/// catalogs of the two databases differ. Run with `--ignored` to see it.
#[test]
#[ignore]
fn postgres_table_rename_keeps_implied_names() {
    let a = "CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE notes (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id));";
    let b = "CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE memos (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id));";
    run(
        &[Dialect::Postgresql],
        &Pair::new("implied names", a, b).rename("notes=memos"),
    );
}
