//! Round-trip pairs for keys and constraints: primary key changes, uniques, every index kind
//! the dialect has (unique, multi-column, descending, partial, expression), foreign keys with
//! ON DELETE / ON UPDATE actions, and checks.

use super::pairs_columns::by;
use crate::common::DIALECTS;
use crate::harness::{run, Pair};
use retort::Dialect;

#[test]
fn primary_keys_change() {
    let a = "CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role VARCHAR(10), PRIMARY KEY (org_id));
CREATE TABLE codes (code VARCHAR(10) NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (code));
CREATE TABLE loose (id INTEGER NOT NULL, v VARCHAR(5));";
    let b = "CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role VARCHAR(10), PRIMARY KEY (org_id, user_id));
CREATE TABLE codes (code VARCHAR(10) NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (label));
CREATE TABLE loose (id INTEGER NOT NULL, v VARCHAR(5), PRIMARY KEY (id));";
    let pair = Pair::new("primary keys", a, b)
        .seed(&[
            "INSERT INTO memberships (org_id, user_id, role) VALUES (1, 1, 'owner'), (2, 1, 'member')",
            "INSERT INTO codes (code, label) VALUES ('a', 'A'), ('b', 'B')",
            "INSERT INTO loose (id, v) VALUES (1, 'x'), (2, 'y')",
        ])
        .keep(&[
            "memberships: org_id, user_id, role",
            "codes: code, label",
            "loose: id, v",
        ]);
    run(&DIALECTS, &pair);
}

#[test]
fn uniques_are_added_dropped_and_changed() {
    let a = "CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    phone VARCHAR(20),
    first_name VARCHAR(30),
    last_name VARCHAR(30),
    CONSTRAINT uq_people_phone UNIQUE (phone),
    CONSTRAINT uq_people_name UNIQUE (first_name)
);";
    let b = "CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    phone VARCHAR(20),
    first_name VARCHAR(30),
    last_name VARCHAR(30),
    CONSTRAINT uq_people_email UNIQUE (email),
    CONSTRAINT uq_people_name UNIQUE (first_name, last_name)
);";
    let pair = Pair::new("uniques", a, b)
        .seed(&["INSERT INTO people (id, email, phone, first_name, last_name) VALUES (1, 'a@x', '1', 'Ann', 'Lee'), (2, 'b@x', '2', 'Bob', 'Lee')"])
        .keep(&["people: id, email, phone, first_name, last_name"]);
    run(&DIALECTS, &pair);
}

#[test]
fn indexes_of_every_kind_change() {
    for dialect in DIALECTS {
        let table = "CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind VARCHAR(20) NOT NULL,
    at_ts INTEGER NOT NULL,
    email VARCHAR(100),
    done INTEGER NOT NULL DEFAULT 0
);\n";
        let a_indexes = by(
            dialect,
            "CREATE INDEX ix_kind ON events (kind);
CREATE INDEX ix_recent ON events (at_ts DESC);
CREATE INDEX ix_open ON events (at_ts) WHERE done = 0;
CREATE UNIQUE INDEX ux_email ON events (lower(email));
CREATE INDEX ix_gone ON events (email, kind);",
            "CREATE INDEX ix_kind ON events (kind);
CREATE INDEX ix_recent ON events (at_ts DESC);
CREATE INDEX ix_open ON events (at_ts) WHERE done = 0;
CREATE UNIQUE INDEX ux_email ON events (lower(email));
CREATE INDEX ix_gone ON events (email, kind);",
            "CREATE INDEX ix_kind ON events (kind);
CREATE INDEX ix_recent ON events (at_ts DESC);
CREATE UNIQUE INDEX ux_email ON events (email);
CREATE INDEX ix_gone ON events (email, kind);",
        );
        // Kind made multi-column, the descending one ascending, the partial one's predicate
        // and the expression changed, one dropped, a unique multi-column one added.
        let b_indexes = by(
            dialect,
            "CREATE INDEX ix_kind ON events (kind, at_ts DESC);
CREATE INDEX ix_recent ON events (at_ts);
CREATE INDEX ix_open ON events (at_ts) WHERE done = 0 AND kind <> 'noise';
CREATE UNIQUE INDEX ux_email ON events (lower(email), kind);
CREATE UNIQUE INDEX ux_kind_at ON events (kind, at_ts);",
            "CREATE INDEX ix_kind ON events (kind, at_ts DESC);
CREATE INDEX ix_recent ON events (at_ts);
CREATE INDEX ix_open ON events (at_ts) WHERE done = 0 AND kind <> 'noise';
CREATE UNIQUE INDEX ux_email ON events (lower(email), kind);
CREATE UNIQUE INDEX ux_kind_at ON events (kind, at_ts);",
            "CREATE INDEX ix_kind ON events (kind, at_ts DESC);
CREATE INDEX ix_recent ON events (at_ts);
CREATE UNIQUE INDEX ux_email ON events (email, kind);
CREATE UNIQUE INDEX ux_kind_at ON events (kind, at_ts);",
        );
        let pair = Pair::new(
            "indexes",
            &format!("{table}{a_indexes}"),
            &format!("{table}{b_indexes}"),
        )
        .seed(&["INSERT INTO events (id, kind, at_ts, email, done) VALUES (1, 'a', 10, 'x@y', 0), (2, 'b', 20, NULL, 1)"])
        .keep(&["events: id, kind, at_ts, email, done"]);
        run(&[dialect], &pair);
    }
}

#[test]
fn foreign_keys_with_actions_change() {
    let parents = "CREATE TABLE owners (id INTEGER PRIMARY KEY, name VARCHAR(20));
CREATE TABLE kinds (code VARCHAR(5) PRIMARY KEY);\n";
    // pets: ON DELETE CASCADE becomes SET NULL + ON UPDATE CASCADE; toys gains an FK; tags
    // loses its FK; vets' composite FK changes ON DELETE RESTRICT -> NO ACTION.
    let a = format!(
        "{parents}CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER, kind VARCHAR(5),
    CONSTRAINT fk_pets_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE);
CREATE TABLE toys (id INTEGER PRIMARY KEY, pet_id INTEGER);
CREATE TABLE tags (id INTEGER PRIMARY KEY, kind VARCHAR(5),
    CONSTRAINT fk_tags_kind FOREIGN KEY (kind) REFERENCES kinds (code) ON DELETE SET NULL);"
    );
    let b = format!(
        "{parents}CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER, kind VARCHAR(5),
    CONSTRAINT fk_pets_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_pets_kind FOREIGN KEY (kind) REFERENCES kinds (code) ON DELETE RESTRICT);
CREATE TABLE toys (id INTEGER PRIMARY KEY, pet_id INTEGER,
    CONSTRAINT fk_toys_pet FOREIGN KEY (pet_id) REFERENCES pets (id) ON DELETE CASCADE);
CREATE TABLE tags (id INTEGER PRIMARY KEY, kind VARCHAR(5));"
    );
    let pair = Pair::new("foreign keys", &a, &b)
        .seed(&[
            "INSERT INTO owners (id, name) VALUES (1, 'ann'), (2, 'bob')",
            "INSERT INTO kinds (code) VALUES ('cat'), ('dog')",
            "INSERT INTO pets (id, owner_id, kind) VALUES (1, 1, 'cat'), (2, 2, 'dog')",
            "INSERT INTO toys (id, pet_id) VALUES (1, 1), (2, 2)",
            "INSERT INTO tags (id, kind) VALUES (1, 'cat')",
        ])
        .keep(&[
            "pets: id, owner_id, kind",
            "toys: id, pet_id",
            "tags: id, kind",
        ]);
    run(&DIALECTS, &pair);
}

#[test]
fn checks_are_added_dropped_and_changed() {
    let a = "CREATE TABLE stock (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL,
    price INTEGER NOT NULL,
    CONSTRAINT ck_qty CHECK (qty >= 0),
    CONSTRAINT ck_price CHECK (price > 0)
);";
    let b = "CREATE TABLE stock (
    id INTEGER PRIMARY KEY,
    qty INTEGER NOT NULL,
    price INTEGER NOT NULL,
    CONSTRAINT ck_qty CHECK (qty >= 0 AND qty < 1000000),
    CONSTRAINT ck_order CHECK (price >= qty OR qty = 0)
);";
    let pair = Pair::new("checks", a, b)
        .seed(&["INSERT INTO stock (id, qty, price) VALUES (1, 5, 10), (2, 0, 3)"])
        .keep(&["stock: id, qty, price"]);
    let _ = Dialect::Sqlite;
    run(&DIALECTS, &pair);
}
