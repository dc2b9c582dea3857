//! Just enough of Python's tokenizer to read the top of a module without running it: names,
//! strings (every quote and prefix form), operators and logical lines (brackets, `\` and `;`).
//! Strings are decoded as Python would, so ids and docstrings come out as Python sees them.

use crate::error::{Error, Result};
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok<'a> {
    Name(&'a str),
    Str(PyStr),
    Number,
    Op(&'a str),
}

/// A string literal, decoded (escapes applied unless raw).
#[derive(Debug, Clone, PartialEq)]
pub struct PyStr {
    pub value: String,
    pub bytes: bool,
    /// An f-string: its text is kept as written, `{...}` and all.
    pub format: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    pub tok: Tok<'a>,
    /// 1-based line where the token starts.
    pub line: usize,
}

/// One logical line (or `;`-separated statement), with the column it starts at: 0 is top level.
#[derive(Debug, Default)]
pub struct Statement<'a> {
    pub column: usize,
    pub tokens: Vec<Token<'a>>,
}

/// Longest first, so `==` is never read as `=` twice.
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=", ":=", "->", "**", "//", "<<", ">>",
];

pub struct Lexer<'a> {
    path: &'a Path,
    src: &'a str,
    pos: usize,
    line: usize,
    /// The brackets open in the current statement, with their lines: newlines inside them do
    /// not end it, and one never closed is reported where it opens, as Python does.
    open: Vec<(char, usize)>,
    /// Set after a `;`: the next statement shares its line, and so its indentation.
    shared_column: Option<usize>,
}

impl<'a> Lexer<'a> {
    pub fn new(path: &'a Path, src: &'a str) -> Lexer<'a> {
        Lexer {
            path,
            src,
            pos: 0,
            line: 1,
            open: Vec::new(),
            shared_column: None,
        }
    }

    fn fail(&self, line: usize, message: String) -> Error {
        Error::Script {
            path: self.path.to_path_buf(),
            line,
            message,
        }
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.src
            .as_bytes()
            .get(self.pos + ahead)
            .copied()
            .unwrap_or(0)
    }

    /// Fills `out` with the next statement; false at the end of the file.
    pub fn statement(&mut self, out: &mut Statement<'a>) -> Result<bool> {
        out.tokens.clear();
        // Blank lines, comment lines and indentation before the statement.
        let mut shared = self.shared_column.take();
        let mut column = 0;
        loop {
            match self.peek(0) {
                0 if self.pos >= self.src.len() => return Ok(false),
                b' ' | b'\t' | b'\x0c' => column += 1,
                b'\r' => {}
                b'\n' => {
                    self.line += 1;
                    column = 0;
                    shared = None;
                }
                b'#' => {
                    self.skip_comment();
                    continue;
                }
                _ => break,
            }
            self.pos += 1;
        }
        out.column = shared.unwrap_or(column);
        self.open.clear();
        loop {
            match self.peek(0) {
                0 if self.pos >= self.src.len() => {
                    return match self.open.last() {
                        Some((bracket, line)) => {
                            Err(self.fail(*line, format!("'{bracket}' was never closed")))
                        }
                        None => Ok(true),
                    };
                }
                b' ' | b'\t' | b'\x0c' | b'\r' => self.pos += 1,
                b'#' => self.skip_comment(),
                b'\\' if self.peek(1) == b'\n' => {
                    self.pos += 2;
                    self.line += 1;
                }
                b'\n' if !self.open.is_empty() => {
                    self.pos += 1;
                    self.line += 1;
                }
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    return Ok(true);
                }
                b';' if self.open.is_empty() => {
                    self.pos += 1;
                    self.shared_column = Some(out.column);
                    return Ok(true);
                }
                _ => {
                    let token = self.token()?;
                    out.tokens.push(token);
                }
            }
        }
    }

    fn skip_comment(&mut self) {
        let rest = &self.src.as_bytes()[self.pos..];
        self.pos += rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
    }

    fn token(&mut self) -> Result<Token<'a>> {
        let line = self.line;
        let start = self.pos;
        let c = self.peek(0);
        let tok = if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 {
            let bytes = self.src.as_bytes();
            let len = bytes[start..]
                .iter()
                .position(|b| !(*b == b'_' || b.is_ascii_alphanumeric() || *b >= 0x80))
                .unwrap_or(bytes.len() - start);
            self.pos += len;
            let word = &self.src[start..self.pos];
            if matches!(self.peek(0), b'\'' | b'"') && is_string_prefix(word) {
                Tok::Str(self.string(word)?)
            } else {
                Tok::Name(word)
            }
        } else if c == b'\'' || c == b'"' {
            Tok::Str(self.string("")?)
        } else if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.number();
            Tok::Number
        } else {
            let rest = &self.src[start..];
            let op = OPERATORS
                .iter()
                .find(|op| rest.starts_with(*op))
                .map_or_else(|| &rest[..char_len(rest)], |op| &rest[..op.len()]);
            self.bracket(op, line)?;
            self.pos += op.len();
            Tok::Op(op)
        };
        Ok(Token { tok, line })
    }

    /// Keeps the stack of open brackets; a closing one must match the last opened, as in Python.
    fn bracket(&mut self, op: &str, line: usize) -> Result<()> {
        let Some(c) = op.chars().next().filter(|_| op.len() == 1) else {
            return Ok(());
        };
        let opening = match c {
            '(' | '[' | '{' => {
                self.open.push((c, line));
                return Ok(());
            }
            ')' => '(',
            ']' => '[',
            '}' => '{',
            _ => return Ok(()),
        };
        match self.open.pop() {
            Some((open, _)) if open == opening => Ok(()),
            Some((open, at)) => {
                let place = if at == line {
                    String::new()
                } else {
                    format!(" on line {at}")
                };
                Err(self.fail(
                    line,
                    format!("closing '{c}' does not match opening '{open}'{place}"),
                ))
            }
            None => Err(self.fail(line, format!("unmatched '{c}'"))),
        }
    }

    fn number(&mut self) {
        loop {
            let c = self.peek(0);
            let exponent_sign = matches!(c, b'+' | b'-')
                && matches!(self.src.as_bytes()[self.pos - 1], b'e' | b'E');
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                return;
            }
        }
    }

    /// A string literal starting at the quote (the prefix is already consumed).
    fn string(&mut self, prefix: &str) -> Result<PyStr> {
        let line = self.line;
        let lower = prefix.to_ascii_lowercase();
        let (raw, bytes, format) = (
            lower.contains('r'),
            lower.contains('b'),
            lower.contains('f'),
        );
        let quote = self.peek(0);
        let triple = self.peek(1) == quote && self.peek(2) == quote;
        self.pos += if triple { 3 } else { 1 };
        let body_start = self.pos;
        let mut braces = 0usize;
        loop {
            let c = self.peek(0);
            if c == 0 && self.pos >= self.src.len() {
                let kind = if triple {
                    "triple-quoted string"
                } else {
                    "string"
                };
                return Err(self.fail(line, format!("unterminated {kind} (it starts here)")));
            }
            if c == b'\\' {
                if self.peek(1) == b'\n' {
                    self.line += 1;
                }
                self.pos += 1 + char_len(&self.src[self.pos + 1..]).max(1);
                continue;
            }
            if c == b'\n' {
                if !triple && braces == 0 {
                    return Err(self.fail(line, "unterminated string (it starts here)".into()));
                }
                self.line += 1;
            }
            if format && c == b'{' && self.peek(1) != b'{' {
                braces += 1;
            } else if format && c == b'{' {
                self.pos += 1;
            } else if format && c == b'}' && braces > 0 {
                braces -= 1;
            } else if braces > 0 && (c == b'\'' || c == b'"') {
                // Python 3.12 lets a replacement field hold strings with the same quotes.
                self.string("")?;
                continue;
            } else if c == quote && (!triple || (self.peek(1) == quote && self.peek(2) == quote)) {
                let body = &self.src[body_start..self.pos];
                self.pos += if triple { 3 } else { 1 };
                let value = if raw || format {
                    body.to_string()
                } else {
                    unescape(body)
                };
                return Ok(PyStr {
                    value,
                    bytes,
                    format,
                });
            }
            self.pos += char_len(&self.src[self.pos..]).max(1);
        }
    }
}

/// Python reads source with universal newlines; doing the same keeps `\` + CRLF a continuation.
pub fn universal_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

fn char_len(s: &str) -> usize {
    s.chars().next().map_or(0, char::len_utf8)
}

/// `r`, `u`, `b`, `f`, `rb`, `br`, `fr`, `rf` in any case (and 3.14's `t`, read like `f`).
fn is_string_prefix(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "r" | "u" | "b" | "f" | "t" | "rb" | "br" | "fr" | "rf" | "tr" | "rt"
    )
}

/// Python's escape sequences. Unknown escapes stay as written, as Python keeps them.
fn unescape(body: &str) -> String {
    if !body.contains('\\') {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let simple = match e {
            '\n' => Some(None),
            '\\' => Some(Some('\\')),
            '\'' => Some(Some('\'')),
            '"' => Some(Some('"')),
            'a' => Some(Some('\x07')),
            'b' => Some(Some('\x08')),
            'f' => Some(Some('\x0c')),
            'n' => Some(Some('\n')),
            'r' => Some(Some('\r')),
            't' => Some(Some('\t')),
            'v' => Some(Some('\x0b')),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.extend(decoded);
            continue;
        }
        let (radix, digits) = match e {
            '0'..='7' => (8, 3),
            'x' => (16, 2),
            'u' => (16, 4),
            'U' => (16, 8),
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        let mut code = if radix == 8 {
            e.to_digit(8).unwrap_or(0)
        } else {
            0
        };
        let mut taken = String::new();
        let wanted = if radix == 8 { digits - 1 } else { digits };
        while taken.len() < wanted {
            match chars.peek().filter(|d| d.is_digit(radix)) {
                Some(d) => {
                    code = code * radix + d.to_digit(radix).unwrap_or(0);
                    taken.push(*d);
                    chars.next();
                }
                None => break,
            }
        }
        match char::from_u32(code).filter(|_| radix == 8 || taken.len() == wanted) {
            Some(ch) => out.push(ch),
            None => {
                out.push('\\');
                out.push(e);
                out.push_str(&taken);
            }
        }
    }
    out
}
