//! The values Retort accepts for Alembic's header variables: Python literals only (None,
//! strings, tuples, lists and sets of strings), read from tokens, never evaluated. Anything else
//! is computed when Python imports the file, which Retort does not do, so it is an error that
//! names the variable and the line.

use super::pytoken::{Tok, Token};

/// The value of a header variable, as Alembic's `util.to_tuple` sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    None,
    Str(String),
    Seq(Vec<Literal>),
}

const NOT_LITERAL: &str = "is not a literal Retort can read without running Python (use None, a string, or a tuple or list of strings)";

/// A line and a message without the variable's name, which the caller prefixes.
pub type Failure = (usize, String);

/// The literal `tokens` spell; `line` is where the value starts, for errors at its end.
pub fn parse_literal(tokens: &[Token], line: usize) -> std::result::Result<Literal, Failure> {
    Parser {
        tokens,
        at: 0,
        line,
    }
    .whole()
}

/// Literals only: None, strings, and tuples, lists or sets of them. Errors carry the line of
/// the offending token, which matters in multi-line tuples.
struct Parser<'t, 'a> {
    tokens: &'t [Token<'a>],
    at: usize,
    /// The line of the value's first token, for errors at its end.
    line: usize,
}

impl Parser<'_, '_> {
    fn whole(mut self) -> std::result::Result<Literal, Failure> {
        let (mut items, comma) = self.items(None)?;
        match items.len() {
            0 => Err((self.line, "has no value".into())),
            1 if !comma => Ok(items.remove(0)),
            _ => Ok(Literal::Seq(items)),
        }
    }

    fn unexpected(&self, what: String) -> Failure {
        let line = self.tokens.get(self.at).map_or(self.line, |t| t.line);
        (line, format!("{NOT_LITERAL}: {what}"))
    }

    /// Comma-separated items up to `close` (or the end), and whether there was a comma: `('a')`
    /// is a string, `('a',)` a tuple.
    fn items(&mut self, close: Option<&str>) -> std::result::Result<(Vec<Literal>, bool), Failure> {
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            match (self.tokens.get(self.at).map(|t| &t.tok), close) {
                (None, None) => break,
                (None, Some(c)) => return Err(self.unexpected(format!("missing `{c}`"))),
                (Some(Tok::Op(op)), Some(c)) if *op == c => {
                    self.at += 1;
                    break;
                }
                _ => {}
            }
            items.push(self.item()?);
            match (self.tokens.get(self.at).map(|t| &t.tok), close) {
                (Some(Tok::Op(",")), _) => {
                    comma = true;
                    self.at += 1;
                }
                (Some(Tok::Op(op)), Some(c)) if *op == c => {}
                (None, None) => {}
                (None, Some(c)) => return Err(self.unexpected(format!("missing `{c}`"))),
                (Some(other), _) => {
                    return Err(self.unexpected(format!("unexpected {}", describe_token(other))))
                }
            }
        }
        Ok((items, comma))
    }

    fn item(&mut self) -> std::result::Result<Literal, Failure> {
        let Some(token) = self.tokens.get(self.at) else {
            return Err((self.line, "has no value".into()));
        };
        let line = token.line;
        self.at += 1;
        match &token.tok {
            Tok::Name("None") => Ok(Literal::None),
            Tok::Str(s) if s.bytes => Err((
                line,
                "is a bytes literal (b'...'); Alembic needs str".into(),
            )),
            Tok::Str(s) if s.format && s.value.contains('{') => Err((
                line,
                format!("{NOT_LITERAL}: an f-string with a replacement field"),
            )),
            Tok::Str(s) => {
                let mut text = s.value.clone();
                while let Some(Token {
                    tok: Tok::Str(next),
                    ..
                }) = self.tokens.get(self.at)
                {
                    text.push_str(&next.value);
                    self.at += 1;
                }
                Ok(Literal::Str(text))
            }
            Tok::Op("(") => {
                let (mut items, comma) = self.items(Some(")"))?;
                Ok(if items.len() == 1 && !comma {
                    items.remove(0)
                } else {
                    Literal::Seq(items)
                })
            }
            Tok::Op("[") => Ok(Literal::Seq(self.items(Some("]"))?.0)),
            Tok::Op("{") => Ok(Literal::Seq(self.items(Some("}"))?.0)),
            other => {
                let next = self.tokens.get(self.at).map(|t| &t.tok);
                let computed = matches!(next, Some(Tok::Op("(" | ".")));
                let why = if computed {
                    " (a call or attribute, computed when Python imports the file)"
                } else {
                    ""
                };
                Err((
                    line,
                    format!("{NOT_LITERAL}: found {}{why}", describe_token(other)),
                ))
            }
        }
    }
}

fn describe_token(tok: &Tok) -> String {
    match tok {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Op(o) => format!("`{o}`"),
        Tok::Number => "a number".into(),
        Tok::Str(_) => "a string".into(),
    }
}

/// `revision` must be one string.
pub fn single(value: Literal) -> std::result::Result<String, String> {
    match value {
        Literal::Str(s) => Ok(s),
        _ => Err("must be a single string".into()),
    }
}

/// Alembic's `util.to_tuple`: None is empty, a string is one item, a sequence is its items.
pub fn strings(value: Literal) -> std::result::Result<Vec<String>, String> {
    match value {
        Literal::None => Ok(Vec::new()),
        Literal::Str(s) => Ok(vec![s]),
        Literal::Seq(items) => items
            .into_iter()
            .map(|item| match item {
                Literal::Str(s) => Ok(s),
                _ => Err("must hold only strings (found None or a nested tuple)".to_string()),
            })
            .collect(),
    }
}
