//! Single-pass, byte-level tokenizer that finds statement boundaries the way each database's own
//! client does (psql, sqlite3, mysql), so `;` inside strings, comments, dollar quotes and
//! trigger/routine bodies never splits a statement.

use crate::dialect::Dialect;
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

/// What the first words of the current statement say about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Header {
    /// No word seen yet.
    Start,
    /// `CREATE`/`ALTER` seen, only modifiers (`OR REPLACE`, `TEMP`, ...) since.
    AfterCreate,
    /// MySQL `DEFINER = user@host` clause: any words until the object kind.
    Definer,
    /// A trigger/routine/event that may contain a `BEGIN ... END` body: track blocks.
    Compound,
    /// Anything else: only quoting matters.
    Plain,
}

/// The keywords that matter for finding statement ends; `Expr` is any word after which an
/// expression follows (`SELECT`, `WHERE`, `RETURN`, ...).
#[rustfmt::skip]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kw {
    Create, Alter, Or, Modifier, Definer, View, Trigger, Routine, Event, Begin, Atomic, Not,
    Exists, Case, End, If, Loop, While, Repeat, Then, Else, Do, Expr, Other,
}

impl Kw {
    /// Whether `IF`/`CASE`/`REPEAT` right after this word is part of an expression.
    fn starts_expr(self) -> bool {
        matches!(
            self,
            Kw::Expr | Kw::Or | Kw::Not | Kw::Exists | Kw::If | Kw::Case | Kw::While
        )
    }
}

fn classify(word: &[u8]) -> Kw {
    let mut buf = [0u8; 10];
    if word.len() < 2 || word.len() > buf.len() {
        return Kw::Other;
    }
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_uppercase();
    }
    match &buf[..word.len()] {
        b"CREATE" => Kw::Create,
        b"ALTER" => Kw::Alter,
        b"OR" => Kw::Or,
        b"REPLACE" | b"TEMP" | b"TEMPORARY" | b"AGGREGATE" => Kw::Modifier,
        b"DEFINER" => Kw::Definer,
        b"VIEW" => Kw::View,
        b"TRIGGER" => Kw::Trigger,
        b"PROCEDURE" | b"FUNCTION" => Kw::Routine,
        b"EVENT" => Kw::Event,
        b"BEGIN" => Kw::Begin,
        b"ATOMIC" => Kw::Atomic,
        b"NOT" => Kw::Not,
        b"EXISTS" => Kw::Exists,
        b"CASE" => Kw::Case,
        b"END" => Kw::End,
        b"IF" => Kw::If,
        b"LOOP" => Kw::Loop,
        b"WHILE" => Kw::While,
        b"REPEAT" => Kw::Repeat,
        b"THEN" => Kw::Then,
        b"ELSE" => Kw::Else,
        b"DO" => Kw::Do,
        b"SELECT" | b"WHERE" | b"AND" | b"XOR" | b"WHEN" | b"RETURN" | b"VALUES" | b"ON"
        | b"BY" | b"HAVING" | b"IN" | b"AS" | b"LIKE" | b"BETWEEN" | b"IS" | b"DIV" | b"MOD"
        | b"DEFAULT" | b"DISTINCT" | b"ALL" | b"ANY" | b"SOME" | b"INTERVAL" | b"UNTIL"
        | b"ELSEIF" | b"LIMIT" | b"REGEXP" | b"RLIKE" => Kw::Expr,
        _ => Kw::Other,
    }
}

/// The previous significant token of the current statement (comments are skipped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    None,
    Punct(u8),
    Word(Kw),
    Literal,
}

/// An open block; `Case { stmt }` tells a MySQL `CASE` statement from a `CASE` expression.
#[rustfmt::skip]
#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Begin, Case { stmt: bool }, If, Loop, While, Repeat,
}

#[derive(Clone, Copy)]
struct Block {
    kind: BlockKind,
    line: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Identifier/number characters; every non-ASCII byte counts, so tokens never end mid-character.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn is_tag(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

struct Splitter<'a> {
    src: &'a str,
    b: &'a [u8],
    dialect: Dialect,
    first_line: usize,
    /// Where the text proper starts (after a byte-order mark).
    body: usize,
    pos: usize,
    /// Lazy line counter: `newlines` newlines occur before byte `line_pos`.
    line_pos: usize,
    newlines: usize,
    /// MySQL `DELIMITER` in force; empty means the default `;` (with block tracking).
    delim: &'a [u8],
    out: Vec<Statement>,
    /// Byte offset and line of the current statement's first significant character.
    start: Option<(usize, usize)>,
    /// End of the current statement's last significant token.
    sig_end: usize,
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

    fn mysql(&self) -> bool {
        self.dialect == Dialect::Mysql
    }

    fn pg(&self) -> bool {
        self.dialect == Dialect::Postgresql
    }

    /// The byte at `i`, or 0 past the end.
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn line_at(&mut self, pos: usize) -> usize {
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

    fn err(&mut self, pos: usize, message: impl Into<String>) -> SplitError {
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
                let message = match block.kind {
                    BlockKind::Begin => "BEGIN without matching END",
                    BlockKind::Case { .. } => "CASE without matching END",
                    BlockKind::If => "IF without matching END IF",
                    BlockKind::Loop => "LOOP without matching END LOOP",
                    BlockKind::While => "WHILE without matching END WHILE",
                    BlockKind::Repeat => "REPEAT without matching END REPEAT",
                };
                return Err(SplitError {
                    line: block.line,
                    message: message.into(),
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

    fn literal(&mut self, p: usize, end: usize) {
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

    /// Index of the `\n` ending the line that contains `p` (or the end of input).
    fn line_end(&self, p: usize) -> usize {
        self.b[p..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |o| p + o)
    }

    /// If a comment starts at `p`: where it ends and whether it was terminated.
    fn comment_at(&self, p: usize) -> Option<(usize, bool)> {
        match self.at(p) {
            // MySQL needs whitespace or a control character after `--`; `1--1` is arithmetic.
            b'-' if self.at(p + 1) == b'-' && (!self.mysql() || self.at(p + 2) <= b' ') => {
                Some((self.line_end(p), true))
            }
            b'#' if self.mysql() => Some((self.line_end(p), true)),
            b'/' if self.at(p + 1) == b'*' => {
                let b = self.b;
                let mut depth = 1usize;
                let mut i = p + 2;
                while i + 1 < b.len() {
                    if b[i] == b'*' && b[i + 1] == b'/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            return Some((i, true));
                        }
                    } else if b[i] == b'/' && b[i + 1] == b'*' && self.pg() {
                        depth += 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                Some((b.len(), false))
            }
            _ => None,
        }
    }

    /// End (past the closing quote) of the quoted token whose opening quote `q` is at `open`;
    /// a doubled quote is an escape, and so is a backslash when `backslash`.
    fn quoted(
        &mut self,
        open: usize,
        q: u8,
        backslash: bool,
        what: &str,
    ) -> Result<usize, SplitError> {
        let b = self.b;
        let mut i = open + 1;
        while i < b.len() {
            let c = b[i];
            if c == q {
                if self.at(i + 1) != q {
                    return Ok(i + 1);
                }
                i += 2;
            } else if backslash && c == b'\\' {
                i += 2;
            } else {
                i += 1;
            }
        }
        Err(self.err(open, what))
    }

    /// PostgreSQL: end of the `$tag$` opener at `p`, if one starts there (`$1` is a parameter).
    fn dollar_tag_end(&self, p: usize) -> Option<usize> {
        let mut i = p + 1;
        if self.at(i).is_ascii_digit() {
            return None;
        }
        while i < self.b.len() && is_tag(self.b[i]) {
            i += 1;
        }
        (self.at(i) == b'$').then_some(i + 1)
    }

    fn dollar(&mut self, p: usize) -> Result<(), SplitError> {
        let src = self.src;
        let open_end = self.dollar_tag_end(p).unwrap_or(p + 1);
        let tag = &src[p..open_end];
        match src[open_end..].find(tag) {
            Some(off) => {
                self.literal(p, open_end + off + tag.len());
                Ok(())
            }
            None => Err(self.err(p, format!("unterminated dollar-quoted string {tag}"))),
        }
    }

    /// End of the word starting at `p`; stops before a custom delimiter (`END$$`).
    fn word_end(&self, p: usize) -> usize {
        let b = self.b;
        let mut i = p + 1;
        while i < b.len() && is_word(b[i]) {
            if !self.delim.is_empty() && b[i] == self.delim[0] && b[i..].starts_with(self.delim) {
                break;
            }
            i += 1;
        }
        i
    }

    /// The next word after `p`, skipping whitespace and comments.
    fn peek_word(&self, mut p: usize) -> Option<(usize, usize)> {
        while p < self.b.len() {
            let c = self.b[p];
            if is_space(c) {
                p += 1;
            } else if let Some((end, _)) = self.comment_at(p) {
                p = end;
            } else if is_word(c) && c != b'$' {
                return Some((p, self.word_end(p)));
            } else {
                return None;
            }
        }
        None
    }

    fn peek_kw(&self, p: usize) -> Option<(Kw, usize)> {
        self.peek_word(p).map(|(s, e)| (classify(&self.b[s..e]), e))
    }

    fn at_line_start(&self, p: usize) -> bool {
        let mut i = p;
        while i > self.body && matches!(self.b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i == self.body || self.b[i - 1] == b'\n'
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
        if self.header == Header::Plain {
            self.prev = Prev::Word(Kw::Other);
            return Ok(());
        }
        let kw = if self.prev == Prev::Punct(b'.') {
            Kw::Other
        } else {
            classify(w)
        };
        match (self.header, kw) {
            (Header::Start, Kw::Create) => self.header = Header::AfterCreate,
            (Header::Start, Kw::Alter) if self.mysql() => self.header = Header::AfterCreate,
            // MariaDB anonymous block; a plain `BEGIN [WORK]` starts a transaction.
            (Header::Start, Kw::Begin)
                if self.mysql() && matches!(self.peek_kw(end), Some((Kw::Not, _))) =>
            {
                self.header = Header::Compound;
                self.push(BlockKind::Begin, p);
            }
            (Header::Start, _) => self.header = Header::Plain,
            (Header::AfterCreate | Header::Definer, Kw::Trigger | Kw::Routine | Kw::Event) => {
                self.header = match (self.dialect, kw) {
                    (Dialect::Sqlite, Kw::Trigger)
                    | (Dialect::Postgresql, Kw::Routine)
                    | (Dialect::Mysql, _) => Header::Compound,
                    _ => Header::Plain,
                }
            }
            (Header::AfterCreate, Kw::Or | Kw::Modifier) | (Header::Definer, _)
                if kw != Kw::View => {}
            (Header::AfterCreate, Kw::Definer) if self.mysql() => self.header = Header::Definer,
            (Header::AfterCreate | Header::Definer, _) => self.header = Header::Plain,
            (Header::Compound, _) => {
                self.block_word(p, end, kw);
                return Ok(());
            }
            (Header::Plain, _) => {}
        }
        self.prev = Prev::Word(kw);
        Ok(())
    }

    fn push(&mut self, kind: BlockKind, p: usize) {
        let line = self.line_at(p);
        self.blocks.push(Block { kind, line });
    }

    /// Whether the token after `prev` begins a statement inside a compound body (so `IF`, `CASE`
    /// and `REPEAT` are control flow rather than functions/expressions).
    fn at_statement(&self, end: usize, is_if: bool) -> bool {
        if let Some(top) = self.blocks.last() {
            return match self.prev {
                Prev::Punct(b';' | b':') => true,
                Prev::Word(Kw::Begin | Kw::Atomic | Kw::Do | Kw::Loop | Kw::Repeat) => true,
                Prev::Word(Kw::Then | Kw::Else) => top.kind != BlockKind::Case { stmt: false },
                _ => false,
            };
        }
        // Before any block: the header is over unless an expression or `IF [NOT] EXISTS` follows.
        let expr = match self.prev {
            Prev::Punct(c) => b"=(,+-*/%<>!&|^~.@".contains(&c),
            Prev::Word(kw) => {
                kw.starts_expr() || matches!(kw, Kw::Trigger | Kw::Routine | Kw::Event)
            }
            Prev::None | Prev::Literal => false,
        };
        !(expr || is_if && matches!(self.peek_kw(end), Some((Kw::Not | Kw::Exists, _))))
    }

    /// A word inside a trigger/routine: open and close `BEGIN`/`CASE`/`IF`/loop blocks.
    fn block_word(&mut self, p: usize, end: usize, kw: Kw) {
        let mysql = self.mysql();
        // `t.end`, `f(begin, ...)`: identifiers, not keywords.
        let ident_ctx = matches!(self.prev, Prev::Punct(b',' | b'(' | b'.'));
        match kw {
            Kw::Begin if !ident_ctx => {
                if !self.pg() {
                    self.push(BlockKind::Begin, p);
                } else if let Some((Kw::Atomic, atomic_end)) = self.peek_kw(end) {
                    self.push(BlockKind::Begin, p);
                    self.pos = atomic_end;
                    self.sig_end = atomic_end;
                }
            }
            Kw::Case => {
                let stmt = mysql && self.at_statement(end, false);
                self.push(BlockKind::Case { stmt }, p);
            }
            Kw::End if !ident_ctx && !self.blocks.is_empty() => {
                self.blocks.pop();
                if mysql {
                    if let Some((Kw::If | Kw::Loop | Kw::While | Kw::Repeat | Kw::Case, e)) =
                        self.peek_kw(end)
                    {
                        self.pos = e;
                        self.sig_end = e;
                    }
                }
            }
            Kw::If if mysql && self.at_statement(end, true) => self.push(BlockKind::If, p),
            Kw::Repeat if mysql && self.at_statement(end, false) => self.push(BlockKind::Repeat, p),
            Kw::Loop if mysql => self.push(BlockKind::Loop, p),
            Kw::While if mysql => self.push(BlockKind::While, p),
            _ => {}
        }
        self.prev = Prev::Word(kw);
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
