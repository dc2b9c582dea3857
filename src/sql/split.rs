//! Single-pass, byte-level tokenizer that finds statement boundaries the way each database's own
//! client does (psql, sqlite3, mysql), so `;` inside strings, comments, dollar quotes and
//! trigger/routine bodies never splits a statement. This file holds the public API and the
//! scanning loop; `lexemes` finds where tokens end and `blocks` tracks compound-statement bodies.

mod blocks;
mod lexemes;

use crate::dialect::Dialect;
use blocks::{Block, Header, Prev};
use lexemes::{is_space, is_word};
use std::fmt;

/// One statement of a migration section, ready to send to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement without its terminator, leading and trailing comments, or surrounding
    /// whitespace; comments inside it are kept as written.
    pub text: String,
    /// Absolute 1-based line of the statement's first significant character.
    pub line: usize,
}

/// Why a section could not be split, with the absolute line where the offending construct began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SplitError {}

/// Splits `sql` into statements. `first_line` is the 1-based line of the file where `sql` starts.
pub fn split_statements(
    sql: &str,
    dialect: Dialect,
    first_line: usize,
) -> Result<Vec<Statement>, SplitError> {
    Splitter::new(sql, dialect, first_line).run()
}

pub(super) struct Splitter<'a> {
    pub(super) src: &'a str,
    pub(super) b: &'a [u8],
    pub(super) dialect: Dialect,
    first_line: usize,
    /// Where the text proper starts (after a byte-order mark).
    pub(super) body: usize,
    pub(super) pos: usize,
    /// Lazy line counter: `newlines` newlines occur before byte `line_pos`.
    line_pos: usize,
    newlines: usize,
    /// MySQL `DELIMITER` in force; empty means the default `;` (with block tracking).
    pub(super) delim: &'a [u8],
    out: Vec<Statement>,
    /// Byte offset and line of the current statement's first significant character.
    start: Option<(usize, usize)>,
    /// End of the current statement's last significant token.
    pub(super) sig_end: usize,
    header: Header,
    prev: Prev,
    blocks: Vec<Block>,
    /// PostgreSQL: like psql, `;` inside parentheses (e.g. `CREATE RULE ... DO (a; b)`) does not split.
    parens: usize,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, dialect: Dialect, first_line: usize) -> Self {
        let body = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Splitter {
            src,
            b: src.as_bytes(),
            dialect,
            first_line,
            body,
            pos: body,
            line_pos: 0,
            newlines: 0,
            delim: &[],
            out: Vec::new(),
            start: None,
            sig_end: 0,
            header: Header::Plain,
            prev: Prev::None,
            blocks: Vec::new(),
            parens: 0,
        }
    }

    pub(super) fn mysql(&self) -> bool {
        self.dialect == Dialect::Mysql
    }

    pub(super) fn pg(&self) -> bool {
        self.dialect == Dialect::Postgresql
    }

    /// The byte at `i`, or 0 past the end.
    pub(super) fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    pub(super) fn line_at(&mut self, pos: usize) -> usize {
        if pos < self.line_pos {
            self.line_pos = 0;
            self.newlines = 0;
        }
        let pos = pos.min(self.b.len());
        self.newlines += self.b[self.line_pos..pos]
            .iter()
            .filter(|&&c| c == b'\n')
            .count();
        self.line_pos = pos;
        self.first_line + self.newlines
    }

    pub(super) fn err(&mut self, pos: usize, message: impl Into<String>) -> SplitError {
        SplitError {
            line: self.line_at(pos),
            message: message.into(),
        }
    }

    fn run(mut self) -> Result<Vec<Statement>, SplitError> {
        while self.pos < self.b.len() {
            let p = self.pos;
            let c = self.b[p];
            if !self.delim.is_empty() && self.b[p..].starts_with(self.delim) {
                self.finish()?;
                self.pos = p + self.delim.len();
                continue;
            }
            match c {
                _ if is_space(c) => self.pos += 1,
                b';' if self.delim.is_empty() && self.blocks.is_empty() && self.parens == 0 => {
                    self.finish()?;
                    self.pos = p + 1;
                }
                b'-' | b'#' | b'/' => match self.comment_at(p) {
                    Some((_, false)) => return Err(self.err(p, "unterminated block comment")),
                    Some((end, true)) => {
                        // MySQL/MariaDB executable comments (`/*!40101 ... */`) are code.
                        let b = &self.b[p..end];
                        if self.mysql() && (b.starts_with(b"/*!") || b.starts_with(b"/*M!")) {
                            self.literal(p, end);
                        } else {
                            self.pos = end;
                        }
                    }
                    None => self.punct(p, c),
                },
                // MySQL: "..." is a string (unless ANSI_QUOTES) and backslash escapes apply.
                b'\'' | b'"' | b'`' if c != b'`' || !self.pg() => {
                    let what = match c {
                        b'\'' => "unterminated string literal",
                        b'"' if self.mysql() => "unterminated string literal",
                        _ => "unterminated quoted identifier",
                    };
                    let end = self.quoted(p, c, self.mysql() && c != b'`', what)?;
                    self.literal(p, end);
                }
                b'[' if self.dialect == Dialect::Sqlite => {
                    match self.b[p..].iter().position(|&c| c == b']') {
                        Some(off) => self.literal(p, p + off + 1),
                        None => return Err(self.err(p, "unterminated quoted identifier")),
                    }
                }
                b'$' if self.pg() && self.dollar_tag_end(p).is_some() => self.dollar(p)?,
                _ if is_word(c) => self.word(p)?,
                _ => self.punct(p, c),
            }
        }
        self.finish()?;
        Ok(self.out)
    }

    /// Ends the current statement (at a delimiter, a `DELIMITER` line or the end of input).
    fn finish(&mut self) -> Result<(), SplitError> {
        if let Some((start, line)) = self.start.take() {
            if let Some(block) = self.blocks.first().copied() {
                return Err(SplitError {
                    line: block.line,
                    message: block.kind.unclosed_message().into(),
                });
            }
            let text = self.src[start..self.sig_end].to_string();
            self.out.push(Statement { text, line });
        }
        self.parens = 0;
        Ok(())
    }

    /// Records a significant token starting at `p`, opening a statement if none is open.
    fn mark(&mut self, p: usize) {
        if self.start.is_none() {
            let line = self.line_at(p);
            self.start = Some((p, line));
            self.header = if self.delim.is_empty() {
                Header::Start
            } else {
                Header::Plain
            };
            self.prev = Prev::None;
            self.blocks.clear();
        }
    }

    pub(super) fn literal(&mut self, p: usize, end: usize) {
        self.mark(p);
        if self.header == Header::Start {
            self.header = Header::Plain;
        }
        self.prev = Prev::Literal;
        self.sig_end = end;
        self.pos = end;
    }

    fn punct(&mut self, p: usize, c: u8) {
        self.mark(p);
        if self.header == Header::Start {
            self.header = Header::Plain;
        }
        if self.pg() {
            match c {
                b'(' => self.parens += 1,
                b')' => self.parens = self.parens.saturating_sub(1),
                _ => {}
            }
        }
        self.prev = Prev::Punct(c);
        self.sig_end = p + 1;
        self.pos = p + 1;
    }

    fn word(&mut self, p: usize) -> Result<(), SplitError> {
        let b = self.b;
        let end = self.word_end(p);
        let w = &b[p..end];
        if self.pg() && end - p == 1 && (w[0] == b'E' || w[0] == b'e') && self.at(end) == b'\'' {
            let close = self.quoted(end, b'\'', true, "unterminated string literal")?;
            self.literal(p, close);
            return Ok(());
        }
        if self.mysql()
            && w.eq_ignore_ascii_case(b"DELIMITER")
            && matches!(self.at(end), b' ' | b'\t' | b'\r' | b'\n' | 0)
            && self.at_line_start(p)
        {
            return self.delimiter_directive(p, end);
        }
        self.mark(p);
        self.sig_end = end;
        self.pos = end;
        self.keyword(p, end);
        Ok(())
    }

    /// MySQL client `DELIMITER xx` line: flushes any pending statement and changes the terminator.
    fn delimiter_directive(&mut self, p: usize, end: usize) -> Result<(), SplitError> {
        self.finish()?;
        let b = self.b;
        let mut i = end;
        while matches!(self.at(i), b' ' | b'\t') {
            i += 1;
        }
        let arg = i;
        while i < b.len() && !is_space(b[i]) {
            i += 1;
        }
        let d = &b[arg..i];
        if d.is_empty() {
            return Err(self.err(p, "DELIMITER must be followed by a delimiter"));
        }
        if d.contains(&b'\\') {
            return Err(self.err(p, "DELIMITER must not contain a backslash"));
        }
        self.delim = if d == b";" { &[] } else { d };
        self.pos = self.line_end(i);
        Ok(())
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
