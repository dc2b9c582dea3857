//! A tiny tokenizer for the `CREATE …` text SQLite keeps in `sqlite_master`: SQLite's pragmas do
//! not give CHECK constraints, generated-column expressions, constraint names, index expressions
//! or view bodies, so those are read back from the statement text. Every token keeps its byte
//! span, so expressions are cut from the original text exactly as written.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    /// `"…"`, `` `…` `` or `[…]`.
    QuotedIdent,
    /// `'…'`.
    Str,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    pub kind: Kind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Tok<'_> {
    /// A bare keyword, case-insensitively.
    pub fn is(&self, keyword: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// The identifier this token names, quotes removed (doubled quotes undone).
    pub fn ident(&self) -> String {
        match self.kind {
            Kind::QuotedIdent | Kind::Str => {
                let mut chars = self.text.chars();
                let (Some(_), Some(close)) = (chars.next(), chars.next_back()) else {
                    return String::new();
                };
                let inner = chars.as_str();
                if close == ']' {
                    return inner.to_string();
                }
                inner.replace(&format!("{close}{close}"), &close.to_string())
            }
            _ => self.text.to_string(),
        }
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// Tokens of `src`, comments and whitespace dropped. An unterminated quote or comment runs to
/// the end of the text: SQLite accepted the statement, so that never happens in practice.
pub(super) fn tokenize(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = match c {
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |p| i + p);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
                continue;
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                loop {
                    match b.get(i) {
                        None => break,
                        Some(&x) if x == close => {
                            // A doubled quote is an escaped quote, except for `[…]`.
                            if close != b']' && b.get(i + 1) == Some(&close) {
                                i += 2;
                                continue;
                            }
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                if c == b'\'' {
                    Kind::Str
                } else {
                    Kind::QuotedIdent
                }
            }
            _ if is_word(c) => {
                while i < b.len() && is_word(b[i]) {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                Kind::Punct
            }
        };
        out.push(Tok {
            kind,
            text: &src[start..i],
            start,
            end: i,
        });
    }
    out
}

/// Index of the `)` matching the `(` at `open`, or the last token when unbalanced.
pub(super) fn matching_paren(toks: &[Tok<'_>], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i;
            }
        }
    }
    toks.len().saturating_sub(1)
}

/// Splits `toks[from..to]` at commas outside parentheses into index ranges.
pub(super) fn split_commas(toks: &[Tok<'_>], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = from;
    for (i, t) in toks.iter().enumerate().take(to).skip(from) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if t.is_punct(',') && depth == 0 {
            parts.push((start, i));
            start = i + 1;
        }
    }
    if start < to {
        parts.push((start, to));
    }
    parts
}

/// The source text from token `first` through token `last`, both included.
pub(super) fn text_between<'a>(
    src: &'a str,
    toks: &[Tok<'_>],
    first: usize,
    last: usize,
) -> &'a str {
    match (toks.get(first), toks.get(last)) {
        (Some(a), Some(b)) if a.start <= b.end => src[a.start..b.end].trim(),
        _ => "",
    }
}
