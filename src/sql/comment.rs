//! Text that Retort writes inside a `-- ` comment of generated SQL (`--sql` scripts, new revision
//! files, autogenerate drafts). Messages, ids and summaries come from users and schemas; a line
//! terminator inside them would end the comment early (PostgreSQL's lexer ends `--` comments at
//! `\r` as well as `\n`) and turn the rest into SQL that runs. So every control character and
//! Unicode line or paragraph separator becomes a space: the comment stays one line.

use std::borrow::Cow;

/// `text` made safe to follow `-- ` on one line.
pub fn comment_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(breaks_comment) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if breaks_comment(c) { ' ' } else { c })
            .collect(),
    )
}

/// C0 and C1 controls (CR, LF, VT, FF, NUL, NEL U+0085, ...), DEL, and U+2028 / U+2029.
pub fn breaks_comment(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_breaker_becomes_a_space() {
        let nasty = "a\rb\nc\u{b}d\u{c}e\0f\u{85}g\u{2028}h\u{2029}i\u{7f}j\tk";
        assert_eq!(comment_text(nasty), "a b c d e f g h i j k");
        assert!(matches!(comment_text("plain -- */ text"), Cow::Borrowed(_)));
    }
}
