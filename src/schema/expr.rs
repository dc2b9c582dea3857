//! Light text handling for SQL expressions (defaults, checks, index expressions, view bodies):
//! enough to compare what two catalogs print for the same expression, never a parser. String
//! literals are always kept byte for byte.

/// Lowercases everything outside `'…'` literals and collapses runs of whitespace outside them.
/// Quoted identifiers that need no quoting (`"email"`, `` `email` ``) lose their quotes.
pub(crate) fn lower_outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                out.push(c);
                while let Some(q) = chars.next() {
                    out.push(q);
                    if q == '\'' {
                        if chars.peek() == Some(&'\'') {
                            out.push('\'');
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '"' | '`' => {
                let mut ident = String::new();
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    ident.push(q);
                }
                if is_plain_identifier(&ident) {
                    out.push_str(&ident);
                } else {
                    out.push(c);
                    out.push_str(&ident);
                    out.push(c);
                }
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                let next_closes = chars.peek().is_some_and(|&n| n == ')' || n == ',');
                if !out.ends_with('(') && !next_closes {
                    out.push(' ');
                }
            }
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

fn is_plain_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `((a > 0))` -> `a > 0`, but `(a) + (b)` stays: only parentheses that enclose everything go.
pub(crate) fn strip_outer_parens(text: &str) -> String {
    let mut text = text.trim();
    while text.starts_with('(') && text.ends_with(')') && encloses_all(text) {
        text = text[1..text.len() - 1].trim();
    }
    text.to_string()
}

fn encloses_all(text: &str) -> bool {
    let mut depth = 0i32;
    let mut in_quote = false;
    for (i, c) in text.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => {
                depth -= 1;
                if depth == 0 && i != text.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// PostgreSQL prints `'x'::text`, `NULL::character varying`, `'seq'::regclass`: the cast after
/// a literal is decoration. Casts after other expressions are meaning and stay.
pub(crate) fn strip_casts_after_literals(text: &str) -> String {
    const TYPE_WORDS: [&str; 6] = ["varying", "without", "with", "time", "zone", "precision"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("::") {
        let before = &rest[..pos];
        out.push_str(before);
        let after_literal = out.ends_with('\'') || out.ends_with("null");
        let mut tail = &rest[pos + 2..];
        if !after_literal {
            out.push_str("::");
            rest = tail;
            continue;
        }
        tail = skip_type_word(tail);
        while let Some(next) = tail.strip_prefix(' ') {
            match TYPE_WORDS.iter().find(|w| next.starts_with(*w)) {
                Some(_) => tail = skip_type_word(next),
                None => break,
            }
        }
        if tail.starts_with('(') {
            tail = tail.find(')').map_or("", |close| &tail[close + 1..]);
        }
        rest = tail.strip_prefix("[]").unwrap_or(tail);
    }
    out.push_str(rest);
    out
}

fn skip_type_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '"'))
        .unwrap_or(text.len());
    &text[end..]
}

/// The comparable form of a check, an index expression, a partial-index predicate or a view
/// body: lowercased outside literals, whitespace collapsed, outer parentheses and a trailing
/// semicolon dropped, literal casts dropped.
pub(crate) fn normalize_expr(text: &str) -> String {
    let text = text.trim().trim_end_matches(';');
    strip_outer_parens(&strip_casts_after_literals(&lower_outside_quotes(text)))
}

/// Whether `name` occurs in `text` as a whole identifier (quoted or not), outside literals.
/// Used when a catalog does not say what a view reads.
pub(crate) fn mentions_identifier(text: &str, name: &str) -> bool {
    let text = blank_literals(&lower_outside_quotes(text));
    let name = name.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = 0;
    while let Some(found) = text[start..].find(&name) {
        let at = start + found;
        let end = at + name.len();
        let left_ok = at == 0 || !is_word(bytes[at - 1]);
        let right_ok = end == bytes.len() || !is_word(bytes[end]);
        if left_ok && right_ok {
            return true;
        }
        start = at + 1;
    }
    false
}

/// The text with every `'…'` literal's content replaced by spaces, so searches skip literals.
fn blank_literals(text: &str) -> String {
    let mut in_quote = false;
    text.chars()
        .map(|c| {
            if c == '\'' {
                in_quote = !in_quote;
                c
            } else if in_quote {
                ' '
            } else {
                c
            }
        })
        .collect()
}
