//! Which table (and schema) env.py tells Alembic to record the version in, guessed without
//! running it: `context.configure(version_table="...", version_table_schema="...")` literals.
//! Anything computed (a variable, a setting, `**kwargs`) makes the guess unsure, and says so.

use super::pytoken::{universal_newlines, Lexer, Statement, Tok, Token};
use std::path::Path;

/// Alembic's default `version_table`.
pub const DEFAULT_VERSION_TABLE: &str = "alembic_version";

/// A value read from env.py, and whether it can be trusted without running it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess<T> {
    pub value: T,
    /// True only when every `configure()` call passes the same plain literal (or none passes
    /// anything, leaving Alembic's default), with no other way for the value to come in.
    pub certain: bool,
    /// Where the value comes from, or why it is unsure, for the user.
    pub reason: String,
}

/// The version table and its schema (None: the connection's default schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionTableGuess {
    pub table: Guess<String>,
    pub schema: Guess<Option<String>>,
}

/// Everything env.py says that bears on the version table.
struct Scan {
    table: Findings,
    schema: Findings,
    /// Lines of `configure(**kwargs)`: the keywords could hide in there.
    splats: Vec<usize>,
    /// How many `configure(` calls there are.
    calls: usize,
}

/// What env.py says about one keyword across its `configure(...)` calls.
#[derive(Debug, Default)]
struct Findings {
    literals: Vec<String>,
    /// Source lines where the keyword gets a computed value.
    computed: Vec<usize>,
    /// Lines that mention the name outside a `configure(...)` keyword (a dict, a variable).
    elsewhere: Vec<usize>,
}

/// Reads env.py at `path`; a missing or unreadable env.py gives Alembic's defaults, unsure.
pub fn guess_version_table(path: &Path) -> VersionTableGuess {
    match std::fs::read(path) {
        Ok(bytes) => guess_from_source(path, &String::from_utf8_lossy(&bytes)),
        Err(e) => {
            let reason = format!(
                "{} could not be read ({e}): Alembic's default",
                path.display()
            );
            VersionTableGuess {
                table: Guess {
                    value: DEFAULT_VERSION_TABLE.into(),
                    certain: false,
                    reason: reason.clone(),
                },
                schema: Guess {
                    value: None,
                    certain: false,
                    reason,
                },
            }
        }
    }
}

pub fn guess_from_source(path: &Path, source: &str) -> VersionTableGuess {
    let text = universal_newlines(source);
    let found = scan(path, &text);
    let table = decide(&found.table, &found.splats, found.calls, "version_table")
        .map_value(|v| v.unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_string()));
    let schema = decide(
        &found.schema,
        &found.splats,
        found.calls,
        "version_table_schema",
    );
    VersionTableGuess { table, schema }
}

/// Scans every statement (function bodies included: configure() is called inside them). A file
/// that does not tokenize is scanned up to the problem.
fn scan(path: &Path, text: &str) -> Scan {
    let mut lexer = Lexer::new(path, text);
    let mut statement = Statement::default();
    let (mut table, mut schema) = (Findings::default(), Findings::default());
    let mut splats = Vec::new();
    let mut calls = 0;
    while let Ok(true) = lexer.statement(&mut statement) {
        let tokens = &statement.tokens;
        let mut in_configure = vec![false; tokens.len()];
        for (i, token) in tokens.iter().enumerate() {
            let call = token.tok == Tok::Name("configure")
                && tokens.get(i + 1).is_some_and(|t| t.tok == Tok::Op("("));
            if !call {
                continue;
            }
            calls += 1;
            for (at, arg) in arguments(tokens, i + 2) {
                in_configure[at] = true;
                match arg {
                    [Token {
                        tok: Tok::Op("**"),
                        line,
                    }, ..] => splats.push(*line),
                    [Token {
                        tok: Tok::Name(name),
                        ..
                    }, Token {
                        tok: Tok::Op("="), ..
                    }, value @ ..] => {
                        let findings = match *name {
                            "version_table" => &mut table,
                            "version_table_schema" => &mut schema,
                            _ => continue,
                        };
                        match value {
                            [Token {
                                tok: Tok::Str(s), ..
                            }] if !s.bytes && !s.format => findings.literals.push(s.value.clone()),
                            _ => findings.computed.push(arg[0].line),
                        }
                    }
                    _ => {}
                }
            }
        }
        for (i, token) in tokens.iter().enumerate() {
            let name = match &token.tok {
                Tok::Name(n) => *n,
                Tok::Str(s) => s.value.as_str(),
                _ => continue,
            };
            if in_configure[i] {
                continue;
            }
            match name {
                "version_table" => table.elsewhere.push(token.line),
                "version_table_schema" => schema.elsewhere.push(token.line),
                _ => {}
            }
        }
    }
    Scan {
        table,
        schema,
        splats,
        calls,
    }
}

/// The arguments of a call whose `(` is just before `start`: (index of the argument's first
/// token, its tokens), split on top-level commas.
fn arguments<'t, 'a>(tokens: &'t [Token<'a>], start: usize) -> Vec<(usize, &'t [Token<'a>])> {
    let mut args = Vec::new();
    let (mut depth, mut from) = (0usize, start);
    for (i, token) in tokens.iter().enumerate().skip(start) {
        match token.tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") if depth == 0 => {
                if i > from {
                    args.push((from, &tokens[from..i]));
                }
                break;
            }
            Tok::Op(")" | "]" | "}") => depth -= 1,
            Tok::Op(",") if depth == 0 => {
                args.push((from, &tokens[from..i]));
                from = i + 1;
            }
            _ => {}
        }
    }
    args
}

fn decide(found: &Findings, splats: &[usize], calls: usize, key: &str) -> Guess<Option<String>> {
    let lines = |l: &[usize]| {
        l.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut doubts = Vec::new();
    if !found.computed.is_empty() {
        doubts.push(format!(
            "env.py computes {key} (line {})",
            lines(&found.computed)
        ));
    }
    if !splats.is_empty() {
        doubts.push(format!(
            "configure() gets **keyword arguments (line {})",
            lines(splats)
        ));
    }
    if !found.elsewhere.is_empty() {
        doubts.push(format!(
            "{key} also appears outside configure() (line {})",
            lines(&found.elsewhere)
        ));
    }
    let mut distinct = found.literals.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() > 1 {
        doubts.push(format!(
            "configure() calls disagree: {}",
            distinct.join(", ")
        ));
    } else if !found.literals.is_empty() && found.literals.len() < calls {
        // Typically set online but not offline: `--sql` output would use the default.
        doubts.push(format!(
            "only {} of {calls} configure() calls set it",
            found.literals.len()
        ));
    }
    if calls == 0 {
        doubts.push("env.py has no context.configure() call".into());
    }
    // env.py templates define the offline function first: the last call is the online one,
    // the one that touches the database.
    let value = found.literals.last().cloned();
    let source = match &value {
        Some(v) => format!("{key}={v:?} in env.py's context.configure()"),
        None => format!("env.py does not set {key}: Alembic's default"),
    };
    let certain = doubts.is_empty();
    let reason = if certain {
        source
    } else {
        format!("{source}; unsure: {}", doubts.join("; "))
    };
    Guess {
        value,
        certain,
        reason,
    }
}

impl<T> Guess<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Guess<U> {
        Guess {
            value: f(self.value),
            certain: self.certain,
            reason: self.reason,
        }
    }
}
