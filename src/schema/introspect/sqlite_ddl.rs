//! What SQLite only keeps in a statement's text: CHECK constraints, generated-column expressions,
//! AUTOINCREMENT, constraint names (of primary keys, uniques, foreign keys), index expressions and
//! predicates, and view bodies. Read from `sqlite_master.sql` with the tokenizer next door.

use super::ddl_tokens::{matching_paren, split_commas, text_between, tokenize, Kind, Tok};
use crate::schema::{Check, Generated};

/// The parts of a `CREATE TABLE` text the pragmas do not give.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TableDdl {
    pub generated: Vec<(String, Generated)>,
    pub autoincrement: Option<String>,
    pub checks: Vec<Check>,
    pub primary_key_name: Option<String>,
    /// Named UNIQUE constraints by their columns.
    pub unique_names: Vec<(Vec<String>, String)>,
    /// Named FOREIGN KEY constraints by their columns.
    pub fk_names: Vec<(Vec<String>, String)>,
}

pub(super) fn parse_table(src: &str) -> TableDdl {
    let toks = tokenize(src);
    let mut ddl = TableDdl::default();
    let Some(open) = toks.iter().position(|t| t.is_punct('(')) else {
        return ddl; // CREATE TABLE … AS SELECT: nothing declared
    };
    let close = matching_paren(&toks, open);
    for (from, to) in split_commas(&toks, open + 1, close) {
        item(src, &toks[..to], from, &mut ddl);
    }
    ddl
}

/// One column definition or table constraint: `toks[from..]` (the slice ends with the item).
fn item(src: &str, toks: &[Tok<'_>], from: usize, ddl: &mut TableDdl) {
    let Some(first) = toks.get(from) else { return };
    let is_constraint = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
        .iter()
        .any(|k| first.is(k));
    let column = (!is_constraint).then(|| first.ident());
    let mut name: Option<String> = None;
    let mut i = if is_constraint { from } else { from + 1 };
    while i < toks.len() {
        let t = &toks[i];
        if t.is("CONSTRAINT") {
            name = toks.get(i + 1).map(Tok::ident);
            i += 2;
            continue;
        }
        if t.is("CHECK") && toks.get(i + 1).is_some_and(|n| n.is_punct('(')) {
            let close = matching_paren(toks, i + 1);
            ddl.checks.push(Check {
                name: name.take(),
                expression: text_between(src, toks, i + 2, close - 1).to_string(),
            });
            i = close + 1;
            continue;
        }
        if t.is("PRIMARY") {
            ddl.primary_key_name = name.take();
        } else if t.is("UNIQUE") {
            let (cols, next) = columns_or(toks, i + 1, column.as_ref());
            if let Some(n) = name.take() {
                ddl.unique_names.push((cols, n));
            }
            i = next;
            continue;
        } else if t.is("FOREIGN") || (t.is("REFERENCES") && column.is_some()) {
            let at = if t.is("FOREIGN") { i + 2 } else { i };
            let (cols, _) = columns_or(toks, at, column.as_ref());
            if let Some(n) = name.take() {
                ddl.fk_names.push((cols, n));
            }
            // The referenced table's column list must not be read as anything else.
            i = skip_to_after_references(toks, i);
            continue;
        } else if t.is("AUTOINCREMENT") {
            ddl.autoincrement.clone_from(&column);
        } else if t.is("AS") && toks.get(i + 1).is_some_and(|n| n.is_punct('(')) {
            let close = matching_paren(toks, i + 1);
            let stored = toks.get(close + 1).is_some_and(|n| n.is("STORED"));
            if let Some(col) = &column {
                let expression = text_between(src, toks, i + 2, close - 1).to_string();
                ddl.generated
                    .push((col.clone(), Generated { expression, stored }));
            }
            i = close + 1;
            continue;
        } else if t.is_punct('(') {
            i = matching_paren(toks, i) + 1;
            continue;
        }
        i += 1;
    }
}

/// A parenthesized column list at `at`, or the current column for column constraints.
fn columns_or(toks: &[Tok<'_>], at: usize, column: Option<&String>) -> (Vec<String>, usize) {
    if toks.get(at).is_some_and(|t| t.is_punct('(')) {
        let close = matching_paren(toks, at);
        let cols = split_commas(toks, at + 1, close)
            .into_iter()
            .filter_map(|(a, _)| toks.get(a).map(Tok::ident))
            .collect();
        return (cols, close + 1);
    }
    (column.into_iter().cloned().collect(), at)
}

fn skip_to_after_references(toks: &[Tok<'_>], from: usize) -> usize {
    let Some(refs) = (from..toks.len()).find(|&i| toks[i].is("REFERENCES")) else {
        return toks.len();
    };
    match toks.get(refs + 2) {
        Some(t) if t.is_punct('(') => matching_paren(toks, refs + 2) + 1,
        _ => refs + 2,
    }
}

/// One part of a `CREATE INDEX` column list, as written, without `ASC`/`DESC`/`COLLATE`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct IndexDdl {
    pub parts: Vec<String>,
    pub predicate: Option<String>,
}

pub(super) fn parse_index(src: &str) -> IndexDdl {
    let toks = tokenize(src);
    let mut ddl = IndexDdl {
        parts: Vec::new(),
        predicate: None,
    };
    let Some(on) = toks.iter().position(|t| t.is("ON")) else {
        return ddl;
    };
    let Some(open) = (on..toks.len()).find(|&i| toks[i].is_punct('(')) else {
        return ddl;
    };
    let close = matching_paren(&toks, open);
    for (from, to) in split_commas(&toks, open + 1, close) {
        let mut last = to.saturating_sub(1);
        if last > from && (toks[last].is("ASC") || toks[last].is("DESC")) {
            last -= 1;
        }
        if last > from + 1 && toks[last - 1].is("COLLATE") {
            last -= 2;
        }
        ddl.parts
            .push(strip_parens(text_between(src, &toks, from, last)).to_string());
    }
    if toks.get(close + 1).is_some_and(|t| t.is("WHERE")) {
        let text = src[toks[close + 1].end..]
            .trim()
            .trim_end_matches(';')
            .trim();
        ddl.predicate = Some(text.to_string());
    }
    ddl
}

/// `(expr)` -> `expr` when the parentheses enclose the whole text.
fn strip_parens(text: &str) -> &str {
    let toks = tokenize(text);
    if toks.len() >= 2 && toks[0].is_punct('(') && matching_paren(&toks, 0) == toks.len() - 1 {
        return text[toks[0].end..toks[toks.len() - 1].start].trim();
    }
    text
}

/// The `SELECT …` of a `CREATE VIEW … AS SELECT …`.
pub(super) fn view_body(src: &str) -> String {
    let toks = tokenize(src);
    let mut depth = 0usize;
    for t in &toks {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.kind == Kind::Word && t.is("AS") {
            return src[t.end..].trim().trim_end_matches(';').trim().to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_text_gives_checks_generated_names_and_autoincrement() {
        let ddl = parse_table(
            "CREATE TABLE \"t\" (id INTEGER PRIMARY KEY AUTOINCREMENT, \
             a INT NOT NULL DEFAULT (1 + 2) CHECK (a > 0), \
             b TEXT GENERATED ALWAYS AS (a * 2) STORED, c AS (lower(b)), \
             p INT CONSTRAINT fk_p REFERENCES parent (id, x) ON DELETE CASCADE, \
             CONSTRAINT u_ab UNIQUE (a, \"b\"), UNIQUE (c), \
             CONSTRAINT ck_pos CHECK (a < 100 AND b <> 'CHECK (x)'), \
             CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES other (x, y))",
        );
        assert_eq!(ddl.autoincrement.as_deref(), Some("id"));
        assert_eq!(
            ddl.checks,
            vec![
                Check {
                    name: None,
                    expression: "a > 0".into()
                },
                Check {
                    name: Some("ck_pos".into()),
                    expression: "a < 100 AND b <> 'CHECK (x)'".into()
                },
            ]
        );
        assert_eq!(
            ddl.generated,
            vec![
                (
                    "b".into(),
                    Generated {
                        expression: "a * 2".into(),
                        stored: true
                    }
                ),
                (
                    "c".into(),
                    Generated {
                        expression: "lower(b)".into(),
                        stored: false
                    }
                ),
            ]
        );
        assert_eq!(
            ddl.unique_names,
            vec![(vec!["a".into(), "b".into()], "u_ab".into())]
        );
        assert_eq!(
            ddl.fk_names,
            vec![
                (vec!["p".into()], "fk_p".into()),
                (vec!["a".into(), "b".into()], "fk_ab".into())
            ]
        );
    }

    #[test]
    fn index_text_gives_parts_and_predicate() {
        let ddl = parse_index(
            "CREATE UNIQUE INDEX ix ON t (lower(email) DESC, (a + b), c COLLATE NOCASE ASC) WHERE deleted_at IS NULL",
        );
        assert_eq!(ddl.parts, vec!["lower(email)", "a + b", "c"]);
        assert_eq!(ddl.predicate.as_deref(), Some("deleted_at IS NULL"));
    }

    #[test]
    fn view_body_after_top_level_as() {
        assert_eq!(
            view_body("CREATE VIEW v (x) AS SELECT a AS x FROM t;"),
            "SELECT a AS x FROM t"
        );
    }
}
