//! URL text before it is parsed: where its user name and password lie, masking them in any text,
//! and percent-encoding what goes into them. Passwords arrive unencoded (SQLAlchemy reads
//! `postgresql://u:a/b#c@h/db` as password `a/b#c`; `${VAR}` values and `DATABASE_PASSWORD` hold
//! any character), so the userinfo is not cut at the first `/`, `?` or `#` as WHATWG does.

/// The user name and password of a URL text: `text[start..end]`, `text[end]` being the `@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Userinfo {
    pub start: usize,
    pub end: usize,
    /// An `@` both before the first `/`, `?` or `#` and after it, with a `user:` before them:
    /// either a password holding `@` and `/` unencoded, or an `@` in the path or query. The
    /// standard reading is in `end`; the other one is not guessed.
    pub ambiguous: bool,
}

/// Finds the userinfo of `scheme://userinfo@host…`. Up to the last `@` when the part before
/// it reads as `user:password` (a user name has no `/`, `?`, `#`); else WHATWG's reading.
pub(crate) fn userinfo(text: &str) -> Option<Userinfo> {
    let start = text.find("://")? + 3;
    let body = &text[start..];
    let last_at = body.rfind('@')?;
    let authority_end = body.find(['/', '?', '#']).unwrap_or(body.len());
    let found = |at: usize, ambiguous| {
        Some(Userinfo {
            start,
            end: start + at,
            ambiguous,
        })
    };
    if last_at < authority_end {
        return found(last_at, false);
    }
    let has_password = body[..last_at]
        .split_once(':')
        .is_some_and(|(user, _)| !user.contains(['/', '?', '#']));
    match (body[..authority_end].rfind('@'), has_password) {
        (Some(at), ambiguous) => found(at, ambiguous),
        (None, true) => found(last_at, false),
        (None, false) => None,
    }
}

/// `//user@host:port/path…` with the host left out: `//user@:port/path…`.
pub(crate) fn without_host(rest: &str) -> String {
    let Some(after) = rest.strip_prefix("//") else {
        return rest.to_string();
    };
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host_start = after[..authority_end].rfind('@').map_or(0, |at| at + 1);
    // The port's `:` comes after an IPv6 address's `]`.
    let host = &after[host_start..authority_end];
    let port_from = host.rfind(']').unwrap_or(0);
    let host_end = host[port_from..]
        .rfind(':')
        .map_or(authority_end, |colon| host_start + port_from + colon);
    format!("//{}{}", &after[..host_start], &after[host_end..])
}

/// Percent-encodes all but RFC 3986's unreserved characters: for values put into a user
/// name, password or database name, which then decode to exactly themselves.
pub fn encode_component(text: &str) -> String {
    encode(text, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
    })
}

/// Encodes a user name or password written into a URL by hand: `%` is kept, so what was
/// already encoded stays so.
pub(crate) fn encode_written(text: &str) -> String {
    encode(text, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')
    })
}

fn encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Masks the password in a URL that may not even parse, for error messages: everything
/// between `://` and the last `@` becomes `***` when a `:` is there (the user name is kept
/// when it is one), and so does a `password=` parameter.
pub fn mask_url_text(text: &str) -> String {
    let masked = match text.find("://").map(|i| i + 3) {
        Some(start) => {
            let body = &text[start..];
            match body.rfind('@') {
                Some(at) => match body[..at].find(':') {
                    Some(colon) => {
                        let user = &body[..colon];
                        let kept = if user.contains(['/', '?', '#']) {
                            String::new()
                        } else {
                            format!("{user}:")
                        };
                        format!("{}{kept}***{}", &text[..start], &body[at..])
                    }
                    None => text.to_string(),
                },
                None => text.to_string(),
            }
        }
        None => text.to_string(),
    };
    mask_password_parameter(&masked)
}

/// `…?password=x&…` (libpq's and sqlx's parameter) with the value masked.
pub(crate) fn mask_password_parameter(text: &str) -> String {
    let Some(query_start) = text.find('?') else {
        return text.to_string();
    };
    let (head, query) = text.split_at(query_start + 1);
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{head}{}", pairs.join("&"))
}

/// Masks every URL in free text (a driver's or alembic's message): each `scheme://…` up to the
/// next blank or quote.
pub fn mask_urls_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(sep) = rest.find("://") {
        let scheme_start = rest[..sep]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |i| i + 1);
        let end = rest[sep..]
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '<' | '>' | '`'))
            .map_or(rest.len(), |i| sep + i);
        out.push_str(&rest[..scheme_start]);
        out.push_str(&mask_url_text(&rest[scheme_start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_runs_to_the_last_at_when_it_reads_as_user_and_password() {
        fn span(t: &str) -> Option<(&str, bool)> {
            userinfo(t).map(|u| (&t[u.start..u.end], u.ambiguous))
        }
        assert_eq!(span("mysql://u:p@h/db"), Some(("u:p", false)));
        assert_eq!(span("mysql://u:a/b?c#d@h/db"), Some(("u:a/b?c#d", false)));
        assert_eq!(span("mysql://u:a@b@h/db"), Some(("u:a@b", false)));
        assert_eq!(span("mysql://u@h/db?x=a@b"), Some(("u", false)));
        assert_eq!(span("mysql://u:p@h/db?x=a@b"), Some(("u:p", true)));
        assert_eq!(span("mysql://h/db?x=u:p@y"), None);
        assert_eq!(span("mysql://h/db"), None);
    }

    #[test]
    fn the_host_alone_is_left_out() {
        for (text, expected) in [
            ("//u:p@h:5432/db?host=/x", "//u:p@:5432/db?host=/x"),
            ("//u@localhost/db", "//u@/db"),
            ("//[::1]/db", "///db"),
            ("//u@[::1]:5/db", "//u@:5/db"),
            ("//h", "//"),
        ] {
            assert_eq!(without_host(text), expected, "{text}");
        }
    }

    #[test]
    fn every_special_character_is_masked() {
        for c in " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é€".chars() {
            let password = format!("pw{c}x{c}");
            let secret = format!("pw{c}");
            for url in [
                format!("mysql://bob:{password}@h/db"),
                format!("postgresql://bob:{password}@h:5432/db?sslmode=disable"),
                format!("postgresql://bob:{}@h/db", encode_component(&password)),
            ] {
                let masked = mask_url_text(&url);
                assert!(!masked.contains(&secret), "{url} -> {masked}");
                assert!(
                    masked.ends_with("db") || masked.contains("/db?"),
                    "{masked}"
                );
                // In free text a URL ends at a blank or quote: a password holding one is cut.
                if !" '\"<>`".contains(c) {
                    let in_text = mask_urls_in(&format!("cannot reach '{url}': refused"));
                    assert!(!in_text.contains(&secret), "{url} -> {in_text}");
                }
            }
        }
        assert_eq!(
            mask_url_text("postgresql://h/db?user=u&password=s3cret"),
            "postgresql://h/db?user=u&password=***"
        );
    }

    #[test]
    fn components_decode_to_themselves() {
        let all: String = (0x20u8..0x7f).map(char::from).chain("é€".chars()).collect();
        let encoded = encode_component(&all);
        assert!(encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        assert_eq!(super::super::percent_decode(&encoded), all);
    }
}
