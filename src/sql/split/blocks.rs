//! Keyword tracking for the splitter: recognising statements (triggers, routines, events,
//! anonymous blocks) whose bodies hold `;`, and following their `BEGIN ... END`, `CASE`, `IF` and
//! loop blocks so the statement only ends once every block is closed.

use super::Splitter;
use crate::dialect::Dialect;

/// What the first words of the current statement say about it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Header {
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
pub(super) enum Kw {
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
pub(super) enum Prev {
    None,
    Punct(u8),
    Word(Kw),
    Literal,
}

/// An open block; `Case { stmt }` tells a MySQL `CASE` statement from a `CASE` expression.
#[rustfmt::skip]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Begin, Case { stmt: bool }, If, Loop, While, Repeat,
}

impl BlockKind {
    /// The error reported when a statement ends with this block still open.
    pub(super) fn unclosed_message(self) -> &'static str {
        match self {
            BlockKind::Begin => "BEGIN without matching END",
            BlockKind::Case { .. } => "CASE without matching END",
            BlockKind::If => "IF without matching END IF",
            BlockKind::Loop => "LOOP without matching END LOOP",
            BlockKind::While => "WHILE without matching END WHILE",
            BlockKind::Repeat => "REPEAT without matching END REPEAT",
        }
    }
}

#[derive(Clone, Copy)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    pub(super) line: usize,
}

impl Splitter<'_> {
    fn peek_kw(&self, p: usize) -> Option<(Kw, usize)> {
        self.peek_word(p).map(|(s, e)| (classify(&self.b[s..e]), e))
    }

    /// A word `p..end` of the current statement (already marked significant): advances the
    /// header, and inside a trigger/routine body tracks blocks.
    pub(super) fn keyword(&mut self, p: usize, end: usize) {
        if self.header == Header::Plain {
            self.prev = Prev::Word(Kw::Other);
            return;
        }
        let kw = if self.prev == Prev::Punct(b'.') {
            Kw::Other
        } else {
            classify(&self.b[p..end])
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
                return;
            }
            (Header::Plain, _) => {}
        }
        self.prev = Prev::Word(kw);
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
}
