//! The class test of "nothing from a header reaches generated SQL unescaped": seeded random
//! strings full of line terminators (`\r`, `\n`, VT, FF, NUL, NEL, U+2028, U+2029) and comment
//! syntax (`*/`, `--`, `/*`) go through every header field that Retort writes into SQL (the
//! `--sql` script, a new revision file, an autogenerate draft), and every comment Retort emits
//! must stay one comment: no line terminator of any lexer inside it, and no extra SQL line.

use crate::dialect::{Actor, Book, Tables};
use crate::plan::{build, render_sql};
use crate::schema::{Change, ChangeKind, Diff};
use crate::script::{parse_revision, render_revision, NewRevision};
use crate::sql::breaks_comment;
use crate::Dialect;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

const PIECES: &[&str] = &[
    "a",
    "Z",
    " ",
    "\r",
    "\n",
    "\r\n",
    "\u{b}",
    "\u{c}",
    "\0",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{1b}",
    "\t",
    "*/",
    "/*",
    "--",
    ";",
    "'",
    "\"",
    "\\",
    "é",
    "DROP TABLE victim; --",
    "-- upgrade",
    "-- downgrade",
    "-- revision: evil",
];

fn nasty(rng: &mut StdRng) -> String {
    (0..rng.gen_range(1..12))
        .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
        .collect()
}

/// Every line Retort wrote as a comment holds no line terminator of any dialect.
fn assert_comments_are_single_lines(sql: &str, what: &str) {
    for line in sql.split('\n') {
        if line.trim_start().starts_with("--") {
            assert!(
                !line.chars().any(breaks_comment),
                "{what}: a comment line holds a line terminator: {line:?}\nin\n{sql}"
            );
        }
    }
}

fn revision(message: &str) -> crate::script::Revision {
    let text = "-- revision: abc\n-- down_revision:\n-- message: M\n-- upgrade\nCREATE TABLE t (id INT);\n-- downgrade\nDROP TABLE t;\n";
    let mut rev = parse_revision(Path::new("abc.sql"), text.as_bytes()).expect("sample parses");
    rev.header.message = message.to_string();
    rev
}

#[test]
fn sql_scripts_keep_messages_inside_their_comments() {
    let mut rng = StdRng::seed_from_u64(8);
    let tables = Tables::default();
    let actor = Actor {
        host: "h".into(),
        user: "u".into(),
    };
    for _ in 0..300 {
        let message = nasty(&mut rng);
        for dialect in [Dialect::Postgresql, Dialect::Mysql, Dialect::Sqlite] {
            for direction in [
                crate::error::Direction::Upgrade,
                crate::error::Direction::Downgrade,
            ] {
                let render = |message: &str| {
                    let plan = build(&[revision(message)], &[0], direction, dialect)
                        .expect("sample plans");
                    let book = Book {
                        dialect,
                        tables: &tables,
                    };
                    render_sql(&plan, book, &actor, true)
                };
                let sql = render(&message);
                assert_comments_are_single_lines(&sql, &format!("{message:?}"));
                // The message adds no line: what runs is what runs with a plain message.
                assert_eq!(
                    sql.split('\n').count(),
                    render("M").split('\n').count(),
                    "{message:?}:\n{sql}"
                );
            }
        }
    }
}

#[test]
fn new_revision_files_keep_every_field_on_its_header_line() {
    let mut rng = StdRng::seed_from_u64(16);
    for _ in 0..300 {
        let rev = NewRevision {
            id: "abc123".into(),
            parents: vec![nasty(&mut rng)],
            message: nasty(&mut rng),
            created: chrono::Utc::now(),
            branch_labels: vec![nasty(&mut rng)],
            depends_on: vec![nasty(&mut rng)],
            transactional: true,
            upgrade: "CREATE TABLE t (id INT);".into(),
            downgrade: "DROP TABLE t;".into(),
            notes: vec![nasty(&mut rng), nasty(&mut rng)],
        };
        let text = render_revision(&rev);
        assert_comments_are_single_lines(&text, &format!("{rev:?}"));
        let upgrade = text.find("\n-- upgrade\n").expect("one upgrade marker");
        // Everything before the marker is header comments; the sections are exactly ours.
        assert!(
            text[..upgrade]
                .split('\n')
                .all(|l| l.is_empty() || l.starts_with("-- ")),
            "{text}"
        );
        assert!(
            text[upgrade..].ends_with(
                "\n-- upgrade\nCREATE TABLE t (id INT);\n\n-- downgrade\nDROP TABLE t;\n"
            ),
            "{text}"
        );
    }
}

#[test]
fn autogenerate_drafts_keep_schema_names_inside_their_comments() {
    let mut rng = StdRng::seed_from_u64(24);
    for _ in 0..200 {
        let change = Change {
            kind: ChangeKind::AddColumn,
            object: nasty(&mut rng),
            destructive: rng.gen_bool(0.5),
            reason: Some(nasty(&mut rng)),
            detail: nasty(&mut rng),
            upgrade: vec!["ALTER TABLE t ADD COLUMN c INT".into()],
            downgrade: vec!["ALTER TABLE t DROP COLUMN c".into()],
        };
        let diff = Diff {
            changes: vec![change],
            rename_proposals: Vec::new(),
            not_compared: Vec::new(),
        };
        let draft = crate::autogen::draft_revision(
            &diff,
            "abc123".into(),
            Vec::new(),
            &nasty(&mut rng),
            &nasty(&mut rng),
        );
        let text = render_revision(&draft);
        assert_comments_are_single_lines(&text, "draft");
        let statements: Vec<&str> = text
            .split('\n')
            .filter(|l| !l.is_empty() && !l.starts_with("--"))
            .collect();
        assert_eq!(
            statements,
            [
                "ALTER TABLE t ADD COLUMN c INT;",
                "ALTER TABLE t DROP COLUMN c;"
            ],
            "{text}"
        );
    }
}
