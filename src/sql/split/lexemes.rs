//! Token scanners for the splitter: where comments, quoted strings/identifiers, dollar quotes and
//! words end, so the main loop can skip over them without ever seeing a `;` inside one.

use super::{SplitError, Splitter};

pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Identifier/number characters; every non-ASCII byte counts, so tokens never end mid-character.
pub(super) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn is_tag(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

impl Splitter<'_> {
    /// Index of the `\n` ending the line that contains `p` (or the end of input).
    pub(super) fn line_end(&self, p: usize) -> usize {
        self.b[p..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |o| p + o)
    }

    /// If a comment starts at `p`: where it ends and whether it was terminated.
    pub(super) fn comment_at(&self, p: usize) -> Option<(usize, bool)> {
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
    pub(super) fn quoted(
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
    pub(super) fn dollar_tag_end(&self, p: usize) -> Option<usize> {
        let mut i = p + 1;
        if self.at(i).is_ascii_digit() {
            return None;
        }
        while i < self.b.len() && is_tag(self.b[i]) {
            i += 1;
        }
        (self.at(i) == b'$').then_some(i + 1)
    }

    pub(super) fn dollar(&mut self, p: usize) -> Result<(), SplitError> {
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
    pub(super) fn word_end(&self, p: usize) -> usize {
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
    pub(super) fn peek_word(&self, mut p: usize) -> Option<(usize, usize)> {
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

    pub(super) fn at_line_start(&self, p: usize) -> bool {
        let mut i = p;
        while i > self.body && matches!(self.b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i == self.body || self.b[i - 1] == b'\n'
    }
}
