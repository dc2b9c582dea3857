//! Reading one revision file. Strict on purpose: a file that is not a revision is an error naming
//! the file and the line, never skipped, so a typo cannot silently drop a revision from the graph.

use super::header_key::{closest_key, header_line, HeaderLine};
use super::{checksum, Header, Revision, Section};
use crate::error::{Error, Result};
use std::path::Path;

/// Characters Alembic reserves in target expressions; a revision id or label may not use them.
const RESERVED: &[char] = &['@', '-', '+', ':', ',', ' ', '\t'];

/// Characters a file name cannot hold (on Windows, or anywhere for the separators).
const NOT_IN_FILE_NAMES: &[char] = &['/', '\\', '*', '?', '"', '<', '>', '|'];

/// The width of the bookkeeping tables' revision column.
const MAX_ID_LEN: usize = 64;

#[derive(PartialEq)]
enum Part {
    Header,
    Upgrade,
    Downgrade,
}

/// Parses the bytes of a revision file. `path` is only used in errors and stored in the header.
pub fn parse_revision(path: &Path, bytes: &[u8]) -> Result<Revision> {
    let fail = |line: usize, message: String| Error::Script {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        fail(
            line,
            "the file is not valid UTF-8 (save it as UTF-8)".to_string(),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(fail(
            1,
            "empty file: a revision starts with a `-- revision:` header".into(),
        ));
    }

    let mut id: Option<String> = None;
    let mut parents: Option<Vec<String>> = None;
    let mut message = String::new();
    let mut created = None;
    let mut branch_labels = Vec::new();
    let mut depends_on = Vec::new();
    let mut transactional = true;
    let mut part = Part::Header;
    let mut upgrade = (String::new(), 0usize);
    let mut downgrade = (String::new(), 0usize);
    // Alembic docstring labels seen (`Revises:`), to explain a key that is then missing.
    let mut docstring: Vec<(usize, &str, &str)> = Vec::new();

    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let marker = section_marker(line);
        match (marker, &part) {
            (Some(Part::Upgrade), Part::Header) => {
                part = Part::Upgrade;
                upgrade.1 = line_no + 1;
                continue;
            }
            (Some(Part::Downgrade), Part::Upgrade) => {
                part = Part::Downgrade;
                downgrade.1 = line_no + 1;
                continue;
            }
            (Some(Part::Downgrade), Part::Header) => {
                return Err(fail(
                    line_no,
                    "`-- downgrade` comes before `-- upgrade`".into(),
                ))
            }
            (Some(_), _) => {
                return Err(fail(line_no, format!("a second `{}` marker", line.trim())))
            }
            (None, _) => {}
        }
        match part {
            Part::Upgrade => {
                upgrade.0.push_str(line);
                upgrade.0.push('\n');
            }
            Part::Downgrade => {
                downgrade.0.push_str(line);
                downgrade.0.push('\n');
            }
            Part::Header => {
                let trimmed = line.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let Some(comment) = trimmed.strip_prefix("--") else {
                    return Err(fail(
                        line_no,
                        "SQL before the `-- upgrade` marker (the header holds only `-- key: value` comments)".into(),
                    ));
                };
                let (key, value) = match header_line(comment).map_err(|m| fail(line_no, m))? {
                    HeaderLine::Key(key, value) => (key, value),
                    HeaderLine::AlembicLabel { label, means } => {
                        docstring.push((line_no, label, means));
                        continue;
                    }
                    HeaderLine::Comment => continue,
                };
                let value = value.trim();
                match key {
                    "revision" => {
                        check_revision_id(value).map_err(|m| fail(line_no, m))?;
                        id = Some(value.to_string());
                    }
                    "down_revision" | "revises" => {
                        let items = list(value);
                        no_repeats(&items, key).map_err(|m| fail(line_no, m))?;
                        parents = Some(items);
                    }
                    "message" => message = value.to_string(),
                    "created" | "create_date" => created = Some(value.to_string()),
                    "branch_labels" => {
                        branch_labels = list(value);
                        for label in &branch_labels {
                            check_label(label).map_err(|m| fail(line_no, m))?;
                        }
                    }
                    "depends_on" => {
                        depends_on = list(value);
                        no_repeats(&depends_on, key).map_err(|m| fail(line_no, m))?;
                    }
                    "transactional" => {
                        transactional = match value.to_ascii_lowercase().as_str() {
                            "true" | "yes" | "1" => true,
                            "false" | "no" | "0" => false,
                            other => {
                                return Err(fail(
                                    line_no,
                                    format!("transactional must be true or false, not {other:?}"),
                                ))
                            }
                        }
                    }
                    other => {
                        let hint = closest_key(other)
                            .map(|k| format!("did you mean `{k}`? "))
                            .unwrap_or_default();
                        return Err(fail(
                            line_no,
                            format!("unknown header key {other:?} ({hint}expected revision, down_revision, message, created, branch_labels, depends_on, transactional)"),
                        ));
                    }
                }
            }
        }
    }

    let pasted = |key: &str| match docstring.iter().find(|(_, _, means)| *means == key) {
        Some((line, label, _)) => {
            format!("; line {line}'s `{label}:` is Alembic's docstring wording, a comment here")
        }
        None => String::new(),
    };
    let id = id.ok_or_else(|| {
        fail(
            1,
            format!("missing `-- revision: <id>` header{}", pasted("revision")),
        )
    })?;
    let parents = parents.ok_or_else(|| {
        fail(
            1,
            format!(
                "missing `-- down_revision:` header (leave it empty for a base revision){}",
                pasted("down_revision")
            ),
        )
    })?;
    if part == Part::Header {
        return Err(fail(
            text.lines().count(),
            "missing `-- upgrade` section".into(),
        ));
    }
    if part == Part::Upgrade {
        return Err(fail(
            text.lines().count(),
            "missing `-- downgrade` section (write it even when it is only a comment)".into(),
        ));
    }
    if parents.contains(&id) {
        return Err(fail(
            1,
            format!("revision {id} names itself as down_revision"),
        ));
    }
    Ok(Revision {
        checksum: checksum(&upgrade.0),
        header: Header {
            id,
            parents,
            message,
            created,
            branch_labels,
            depends_on,
            path: path.to_path_buf(),
        },
        transactional,
        upgrade: Section {
            sql: upgrade.0,
            first_line: upgrade.1,
        },
        downgrade: Section {
            sql: downgrade.0,
            first_line: downgrade.1,
        },
    })
}

/// `-- upgrade` / `-- downgrade` on a line of their own (case and spacing tolerated).
fn section_marker(line: &str) -> Option<Part> {
    let rest = line.trim().strip_prefix("--")?.trim();
    if rest.eq_ignore_ascii_case("upgrade") {
        Some(Part::Upgrade)
    } else if rest.eq_ignore_ascii_case("downgrade") {
        Some(Part::Downgrade)
    } else {
        None
    }
}

/// A revision named twice in one list is a typo, and the graph must not see the edge twice.
fn no_repeats(items: &[String], key: &str) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            return Err(format!("{key} names {item} twice"));
        }
    }
    Ok(())
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A revision id: 1 to 64 printable ASCII characters (64 is the bookkeeping column's width).
/// Ids become file names and appear in SQL comments and literals, so there are no control
/// characters or blanks, no path separators or characters Windows refuses in file names, no
/// target syntax, and no id made of dots only (`..`). Dots and the like stay allowed: projects
/// use ids such as `v1.2`, as Alembic allows.
pub fn check_revision_id(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("empty revision id".into());
    }
    let refused =
        |c: char| !c.is_ascii_graphic() || RESERVED.contains(&c) || NOT_IN_FILE_NAMES.contains(&c);
    if let Some(c) = value.chars().find(|c| refused(*c)) {
        return Err(format!(
            "revision id {:?} contains {c:?}: ids are printable ASCII without blanks, `/`, `\\`, `@ - + : ,` or `* ? \" < > |`",
            crate::sql::comment_text(value)
        ));
    }
    if value.chars().all(|c| c == '.') {
        return Err(format!("revision id {value:?} is not a file name"));
    }
    if value.len() > MAX_ID_LEN {
        return Err(format!(
            "revision id {value:?} is {} characters long; at most {MAX_ID_LEN} fit the bookkeeping table",
            value.len()
        ));
    }
    Ok(())
}

/// A branch label: no target syntax, no control characters, no path separators.
fn check_label(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("empty branch label".into());
    }
    if let Some(c) = value.chars().find(|c| RESERVED.contains(c)) {
        return Err(format!(
            "{value:?} contains {c:?}, which is reserved in target expressions"
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| crate::sql::breaks_comment(*c) || *c == '/' || *c == '\\')
    {
        return Err(format!(
            "branch label {:?} contains {c:?} (no control characters or path separators)",
            crate::sql::comment_text(value)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Revision> {
        parse_revision(Path::new("v/x.sql"), text.as_bytes())
    }

    fn message(err: Error) -> String {
        err.to_string()
    }

    const GOOD: &str = "-- revision: abc123def456\n-- down_revision: 111111111111, 222222222222\n-- message: Add things\n-- created: 2026-11-24T10:15:00Z\n-- branch_labels: auth\n-- depends_on: 333333333333\n-- transactional: false\n\n-- upgrade\nCREATE TABLE a (id INT);\n\n-- downgrade\nDROP TABLE a;\n";

    #[test]
    fn reads_every_header_key() {
        let rev = parse(GOOD).unwrap();
        assert_eq!(rev.header.id, "abc123def456");
        assert_eq!(rev.header.parents, ["111111111111", "222222222222"]);
        assert_eq!(rev.header.message, "Add things");
        assert_eq!(rev.header.branch_labels, ["auth"]);
        assert_eq!(rev.header.depends_on, ["333333333333"]);
        assert!(!rev.transactional);
        assert_eq!(rev.upgrade.first_line, 10);
        assert_eq!(rev.upgrade.sql.trim(), "CREATE TABLE a (id INT);");
        assert_eq!(rev.downgrade.first_line, 13);
    }

    #[test]
    fn crlf_and_bom_are_tolerated_and_keep_the_checksum() {
        let crlf = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let a = parse(GOOD).unwrap();
        let b = parse(&crlf).unwrap();
        assert_eq!(a.checksum, b.checksum);
        assert_eq!(b.header.id, "abc123def456");
    }

    #[test]
    fn downgrade_edits_do_not_change_the_checksum() {
        let a = parse(GOOD).unwrap();
        let b = parse(&GOOD.replace("DROP TABLE a;", "DROP TABLE IF EXISTS a;")).unwrap();
        assert_eq!(a.checksum, b.checksum);
    }

    #[test]
    fn empty_down_revision_is_a_base() {
        let rev = parse("-- revision: a1\n-- down_revision:\n-- upgrade\n-- downgrade\n").unwrap();
        assert!(rev.header.parents.is_empty());
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases: &[(&str, &str)] = &[
            ("", "x.sql:1: empty file"),
            ("   \n\n", "x.sql:1: empty file"),
            (
                "-- down_revision:\n-- upgrade\n-- downgrade\n",
                "missing `-- revision",
            ),
            (
                "-- revision: a1\n-- upgrade\n-- downgrade\n",
                "missing `-- down_revision",
            ),
            (
                "-- revision: a1\n-- down_revision:\n",
                "missing `-- upgrade",
            ),
            (
                "-- revision: a1\n-- down_revision:\n-- upgrade\nSELECT 1;\n",
                "missing `-- downgrade",
            ),
            (
                "-- revision: a1\n-- down_revison: b\n",
                "x.sql:2: unknown header key \"down_revison\"",
            ),
            (
                "-- revision: a1\nSELECT 1;\n",
                "x.sql:2: SQL before the `-- upgrade`",
            ),
            ("-- revision: a-1\n", "x.sql:1: revision id \"a-1\" contains '-'"),
            (
                "-- revision: a1\n-- down_revision:\n-- transactional: maybe\n",
                "x.sql:3: transactional must be",
            ),
            (
                "-- revision: a1\n-- down_revision:\n-- downgrade\n-- upgrade\n",
                "x.sql:3: `-- downgrade` comes before",
            ),
            (
                "-- revision: a1\n-- down_revision:\n-- upgrade\n-- upgrade\n",
                "x.sql:4: a second",
            ),
            (
                "-- revision: a1\n-- down_revision: a1\n-- upgrade\n-- downgrade\n",
                "names itself",
            ),
            (
                "-- revision: c1\n-- down_revision: a1, b1, a1\n-- upgrade\n-- downgrade\n",
                "x.sql:2: down_revision names a1 twice",
            ),
            (
                "-- revision: c1\n-- down_revision:\n-- depends_on: a1,a1\n-- upgrade\n-- downgrade\n",
                "x.sql:3: depends_on names a1 twice",
            ),
            (
                "-- revision: ../../etc/x\n",
                "x.sql:1: revision id \"../../etc/x\" contains '/'",
            ),
            ("-- revision: ..\n", "x.sql:1: revision id \"..\" is not a file name"),
            ("-- revision: a\u{b}b\n", "x.sql:1: revision id \"a b\" contains '\\u{b}'"),
            (
                "-- revision: a1\n-- down_revision:\n-- branch_labels: x/y\n",
                "x.sql:3: branch label \"x/y\" contains '/'",
            ),
        ];
        for (text, expected) in cases {
            let err = message(parse(text).unwrap_err());
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn ids_are_letters_digits_and_underscores_up_to_64() {
        assert!(check_revision_id(&"a".repeat(64)).is_ok());
        assert!(check_revision_id("Ab_09").is_ok());
        // Ids that loaded before ids were restricted keep loading.
        for fine in ["v1.2", "release.2024.1", "x~1", "a#b", "a%b"] {
            assert!(check_revision_id(fine).is_ok(), "{fine:?}");
        }
        let long = "a".repeat(65);
        let err = message(parse(&format!("-- revision: {long}\n")).unwrap_err());
        assert!(
            err.contains("x.sql:1: revision id") && err.contains("65 characters"),
            "{err}"
        );
        for bad in [
            "/tmp/x", "a\\b", ".", "..", "a\rb", "é", "a b", "a?b", "a:b", "a|b",
        ] {
            assert!(check_revision_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn misspelt_header_keys_are_errors_naming_the_key_meant() {
        let head = "-- revision: a1\n-- down_revision:\n";
        let cases = [
            ("-- depends-on: x", "depends_on"),
            ("-- Transactional: false", "transactional"),
            ("-- branch labels: foo", "branch_labels"),
            ("-- DOWN_REVISION: b1", "down_revision"),
            ("-- Depends On: x", "depends_on"),
            ("-- depend_on: x", "did you mean `depends_on`?"),
            ("-- transactonal: false", "did you mean `transactional`?"),
            (
                "-- transactional = false",
                "has no `:`: write `-- transactional: …`",
            ),
            ("-- depends_on a1", "has no `:`: write `-- depends_on: …`"),
        ];
        for (line, expected) in cases {
            let text = format!("{head}{line}\n-- upgrade\n-- downgrade\n");
            let err = message(parse(&text).unwrap_err());
            assert!(
                err.contains("x.sql:3: ") && err.contains(expected),
                "{line}: {err}"
            );
        }
        // Prose stays a comment, in the header and below it: Alembic's docstring lines as
        // people paste them, and words that are only near a short key.
        let alembic = "-- revision: a1\n-- Revision ID: a1\n-- Revises: b0\n-- Create Date: 2024-01-02 10:00:00\n-- down_revision:\n-- Author: x\n-- Date: 2024-01-02\n-- Creates: the users table\n-- Revised: by Bob\n-- Messages: none\n-- Created by Bob\n-- Transactional DDL follows\n-- upgrade\n-- downgrade\n";
        let rev = parse(alembic).unwrap_or_else(|e| panic!("{}", message(e)));
        assert!(rev.header.parents.is_empty());
        let err = message(
            parse("-- revision: a1\n-- Revises: b0\n-- upgrade\n-- downgrade\n").unwrap_err(),
        );
        assert!(
            err.contains("missing `-- down_revision:`") && err.contains("line 2's `Revises:`"),
            "{err}"
        );
        // Prose stays a comment, in the header and below it.
        let prose = format!("{head}-- Note: the index is built online.\n-- TODO: split later\n-- See https://example.com/x\n-- upgrade\n-- Transactional: not a header here\n-- downgrade\n");
        assert!(parse(&prose).unwrap().transactional);
    }

    #[test]
    fn non_utf8_names_the_line() {
        let err = parse_revision(
            Path::new("x.sql"),
            b"-- revision: a1\n-- message: caf\xe9\n",
        )
        .unwrap_err();
        assert_eq!(err.code(), "script_invalid");
        assert!(
            err.to_string()
                .contains("x.sql:2: the file is not valid UTF-8"),
            "{err}"
        );
    }
}
