//! The header of an Alembic revision module, read without running Python: the module docstring
//! and the top-level `revision`, `down_revision`, `branch_labels` and `depends_on` literals.
//! Reading stops at the first top-level `def`/`class` once the two required names are known,
//! which keeps 10,000-file projects fast; the bodies of upgrade()/downgrade() are never lexed.

use super::pyliteral::{parse_literal, single, strings, Literal};
use super::pytoken::{universal_newlines, Lexer, Statement, Tok, Token};
use crate::error::{Error, Result};
use crate::script::Header;
use std::path::Path;

const NAMES: [&str; 4] = ["revision", "down_revision", "branch_labels", "depends_on"];
const REVISION: usize = 0;
const DOWN_REVISION: usize = 1;
const BRANCH_LABELS: usize = 2;
const DEPENDS_ON: usize = 3;
/// Alembic's `_revision_illegal_chars`: they are operators in revision arguments (`a@b`, `+1`).
const ILLEGAL_ID_CHARS: [char; 4] = ['@', '-', '+', ':'];

/// Reads a revision module's header. `path` names the file in errors and in the header.
pub fn parse_header(path: &Path, bytes: &[u8]) -> Result<Header> {
    let fail = |line: usize, message: String| Error::Script {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = decode(bytes).map_err(|(line, m)| fail(line, m))?;
    let text = universal_newlines(text.strip_prefix('\u{feff}').unwrap_or(&text)).into_owned();
    let mut lexer = Lexer::new(path, &text);
    let mut statement = Statement::default();
    let mut values: [Option<(Literal, usize)>; 4] = Default::default();
    let mut docstring: Option<String> = None;
    let mut first = true;
    let mut previous: Option<Indent> = None;
    while lexer.statement(&mut statement)? {
        let tokens = &statement.tokens;
        if tokens.is_empty() {
            continue;
        }
        let indent = Indent::check(previous, &statement).map_err(|(line, m)| fail(line, m))?;
        previous = Some(indent);
        if statement.column > 0 {
            continue;
        }
        if std::mem::take(&mut first) {
            docstring = as_docstring(tokens);
            if docstring.is_some() {
                continue;
            }
        }
        let opens_block = matches!(
            tokens[0].tok,
            Tok::Name("def" | "class" | "async") | Tok::Op("@")
        );
        if opens_block && values[REVISION].is_some() && values[DOWN_REVISION].is_some() {
            break;
        }
        assignment(tokens, &mut values).map_err(|(line, m)| fail(line, m))?;
    }

    let id = match values[REVISION].take() {
        Some((value, line)) => {
            let id = single(value).map_err(|m| fail(line, format!("revision {m}")))?;
            if let Some(c) = id.chars().find(|c| ILLEGAL_ID_CHARS.contains(c)) {
                return Err(fail(
                    line,
                    format!("revision {id:?} contains {c:?}, which Alembic does not allow in an id (nor '@', '-', '+', ':')"),
                ));
            }
            id
        }
        None => legacy_id(path).ok_or_else(|| {
            fail(
                1,
                "no `revision = \"...\"` at the top level: is this an Alembic revision file?"
                    .into(),
            )
        })?,
    };
    let Some((down, line)) = values[DOWN_REVISION].take() else {
        return Err(fail(
            1,
            "no `down_revision = ...` at the top level (Alembic requires it; None for a base)"
                .into(),
        ));
    };
    let mut parents = strings(down).map_err(|m| fail(line, format!("down_revision {m}")))?;
    let mut seen = std::collections::HashSet::new();
    parents.retain(|p| seen.insert(p.clone()));
    let mut list = |index: usize| -> Result<Vec<String>> {
        match values[index].take() {
            Some((value, line)) => {
                strings(value).map_err(|m| fail(line, format!("{} {m}", NAMES[index])))
            }
            None => Ok(Vec::new()),
        }
    };
    let branch_labels = list(BRANCH_LABELS)?;
    let depends_on = list(DEPENDS_ON)?;
    let (message, created) = describe(docstring.as_deref().unwrap_or(""));
    Ok(Header {
        id,
        parents,
        message,
        created,
        branch_labels,
        depends_on,
        path: path.to_path_buf(),
    })
}

/// UTF-8, or Latin-1 when a PEP 263 `coding:` line says so; anything else would not import.
fn decode(bytes: &[u8]) -> std::result::Result<std::borrow::Cow<'_, str>, (usize, String)> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.into()),
        Err(e) => {
            let head: Vec<&[u8]> = bytes.split(|b| *b == b'\n').take(2).collect();
            let latin = head.iter().any(|l| {
                let l = String::from_utf8_lossy(l).to_ascii_lowercase();
                l.trim_start().starts_with('#')
                    && ["latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252"]
                        .iter()
                        .any(|c| l.contains(c))
            });
            if latin {
                return Ok(bytes.iter().map(|b| *b as char).collect::<String>().into());
            }
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            Err((
                line,
                "not valid UTF-8, and no `# coding:` line names another encoding".into(),
            ))
        }
    }
}

/// Where a statement starts and whether it opens a block (ends with `:`), to catch what
/// Python's parser rejects before anything runs: indentation that no block header allows, and a
/// block header with nothing indented under it.
#[derive(Clone, Copy)]
struct Indent {
    column: usize,
    opens_block: bool,
    line: usize,
}

impl Indent {
    fn check(
        previous: Option<Indent>,
        statement: &Statement,
    ) -> std::result::Result<Indent, (usize, String)> {
        let line = statement.tokens.first().map_or(1, |t| t.line);
        let this = Indent {
            column: statement.column,
            opens_block: matches!(statement.tokens.last(), Some(t) if t.tok == Tok::Op(":")),
            line,
        };
        let (column, opens_block, at) =
            previous.map_or((0, false, 0), |p| (p.column, p.opens_block, p.line));
        if this.column > column && !opens_block {
            return Err((line, "unexpected indent".into()));
        }
        if this.column <= column && opens_block {
            return Err((line, format!("expected an indented block after line {at}")));
        }
        Ok(this)
    }
}

/// A statement made only of (implicitly concatenated) plain strings is the module docstring.
fn as_docstring(tokens: &[Token]) -> Option<String> {
    let mut doc = String::new();
    for token in tokens {
        match &token.tok {
            Tok::Str(s) if !s.bytes && !s.format => doc.push_str(&s.value),
            _ => return None,
        }
    }
    Some(doc)
}

/// Records `name = value`, `name: annotation = value` and chains (`a = b = value`) for the
/// header names; any other statement is none of our business.
fn assignment(
    tokens: &[Token],
    values: &mut [Option<(Literal, usize)>; 4],
) -> std::result::Result<(), (usize, String)> {
    let parts = split_top_level(tokens, "=");
    let Some((value, targets)) = parts.split_last() else {
        return Ok(());
    };
    if targets.iter().any(|target| target.is_empty()) {
        let line = tokens.first().map_or(1, |t| t.line);
        return Err((line, "invalid syntax: `=` with nothing on one side".into()));
    }
    for target in targets {
        let Some(Token {
            tok: Tok::Name(name),
            line,
        }) = target.first()
        else {
            continue;
        };
        let annotated = target.get(1).is_some_and(|t| t.tok == Tok::Op(":"));
        let Some(index) = NAMES.iter().position(|n| n == name) else {
            continue;
        };
        if target.len() > 1 && !annotated {
            continue; // `revision.x = ...`, `revision[0] = ...`
        }
        let line = value.first().map_or(*line, |t| t.line);
        let literal = parse_literal(value, line).map_err(|(at, m)| (at, format!("{name} {m}")))?;
        values[index] = Some((literal, line));
    }
    Ok(())
}

/// Splits on `sep` outside brackets; a statement without it comes back as one part.
fn split_top_level<'t, 'a>(tokens: &'t [Token<'a>], sep: &str) -> Vec<&'t [Token<'a>]> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, token) in tokens.iter().enumerate() {
        match token.tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            Tok::Op(op) if op == sep && depth == 0 => {
                parts.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// Alembic 0.1 files had no `revision` variable; Alembic then takes an all-hex file name.
fn legacy_id(path: &Path) -> Option<String> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".py")?;
    let hex = !stem.is_empty() && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    hex.then(|| stem.to_string())
}

/// The message is Alembic's `Script.doc`: the first paragraph of the stripped docstring. The
/// `Revision ID:` / `Revises:` / `Create Date:` lines are metadata: `Create Date` gives `created`,
/// and a first paragraph made only of them (a file written with an empty message) gives "".
fn describe(docstring: &str) -> (String, Option<String>) {
    let long = docstring.trim();
    let is_meta = |line: &str| {
        let line = line.trim_start();
        ["Revision ID:", "Revises:", "Create Date:"]
            .iter()
            .any(|k| line.starts_with(k))
    };
    let created = long
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("Create Date:"))
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    let first = long.split("\n\n").next().unwrap_or("");
    let message = if !first.is_empty() && first.lines().all(is_meta) {
        String::new()
    } else {
        first.to_string()
    };
    (message, created)
}
