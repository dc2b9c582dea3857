//! Table-driven tests of the ini reader against Python configparser's rules: delimiters,
//! comments, continuation lines, case, DEFAULT, interpolation, and the errors Python raises.

use super::configparser::IniFile;
use crate::error::Error;
use std::path::Path;

fn parse(text: &str) -> Result<IniFile, Error> {
    IniFile::parse(Path::new("alembic.ini"), text, &[("here", "/proj")])
}

fn message(e: Error) -> String {
    match e {
        Error::Config { message, .. } => message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn configparser_values() {
    // (file, section, key, expected value)
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        ("[a]\nk = v\n", "a", "k", Some("v")),
        ("[a]\nk: v\n", "a", "k", Some("v")),
        ("[a]\nk=v\n", "a", "k", Some("v")),
        ("[a]\nk =\n", "a", "k", Some("")),
        ("[a]\nKey_Name = v\n", "a", "key_name", Some("v")),
        ("[a]\nkey_name = v\n", "a", "KEY_NAME", Some("v")),
        ("[a]\nurl = a://u:p@h/d\n", "a", "url", Some("a://u:p@h/d")),
        ("[a]\nk:x = v\n", "a", "k", Some("x = v")),
        (
            "[a]\nk = v # not a comment\n",
            "a",
            "k",
            Some("v # not a comment"),
        ),
        ("[a]\n# k = 1\n; k = 2\nk = 3\n", "a", "k", Some("3")),
        (
            "[a]\nk = one\n  two\n\tthree\n",
            "a",
            "k",
            Some("one\ntwo\nthree"),
        ),
        (
            "[a]\nk = one\n\n  two\n\n\nn = 1\n",
            "a",
            "k",
            Some("one\n\ntwo"),
        ),
        ("[a]\nk =\n  one\n  two\n", "a", "k", Some("\none\ntwo")),
        (
            "[a]\nk = one\n# comment\n  two\n",
            "a",
            "k",
            Some("one\ntwo"),
        ),
        (
            "[a]\nk = one\n  ; comment\n  two\n",
            "a",
            "k",
            Some("one\ntwo"),
        ),
        ("[a]\n  k = v\n", "a", "k", Some("v")),
        ("\u{feff}[a]\r\nk = v\r\n", "a", "k", Some("v")),
        ("[DEFAULT]\nk = d\n[a]\n", "a", "k", Some("d")),
        ("[DEFAULT]\nk = d\n[a]\nk = own\n", "a", "k", Some("own")),
        ("[a]\nk = v\n", "A", "k", None),
        ("[a]\nk = v\n", "b", "k", None),
        ("[a] trailing\nk = v\n", "a", "k", Some("v")),
        ("[a]\nk = %(here)s/m\n", "a", "k", Some("/proj/m")),
        ("[a]\nbase = x\nk = %(base)s/y\n", "a", "k", Some("x/y")),
        ("[a]\nbase = x\nk = %(BASE)s/y\n", "a", "k", Some("x/y")),
        (
            "[DEFAULT]\nroot = r\n[a]\nk = %(root)s\n",
            "a",
            "k",
            Some("r"),
        ),
        (
            "[a]\none = 1\ntwo = %(one)s2\nk = %(two)s3\n",
            "a",
            "k",
            Some("123"),
        ),
        ("[a]\nk = 100%%\n", "a", "k", Some("100%")),
        (
            "[a]\nk = %%(rev)s_%%(slug)s\n",
            "a",
            "k",
            Some("%(rev)s_%(slug)s"),
        ),
        (
            "[a]\nk = %(here)s\n[DEFAULT]\nhere = /over\n",
            "a",
            "k",
            Some("/over"),
        ),
    ];
    for (text, section, key, expected) in cases {
        let ini = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let got = ini
            .get(section, key)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(got.as_deref(), *expected, "{text:?} [{section}] {key}");
    }
}

#[test]
fn configparser_file_errors() {
    // (file, words the message must contain)
    let cases: &[(&str, &str)] = &[
        (
            "k = v\n[a]\n",
            "line 1: \"k = v\" comes before any [section]",
        ),
        ("[a]\nk = 1\n[a]\n", "line 3: section [a] appears twice"),
        (
            "[a]\nk = 1\nK = 2\n",
            "line 3: option \"k\" is set twice in [a]",
        ),
        ("[a]\njust words\n", "line 2: \"just words\" is neither"),
        (
            // A continuation must be indented deeper than its option line.
            "[a]\n  k = one\n two\n",
            "line 3: \"two\" is neither",
        ),
        ("[a]\n= v\n", "line 2: \"= v\" has no key"),
        ("[a]\n[]\n", "line 2: \"[]\" is neither"),
    ];
    for (text, expected) in cases {
        let err = message(parse(text).expect_err(text));
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn configparser_interpolation_errors() {
    let cases: &[(&str, &str)] = &[
        (
            "[a]\nk = %(nope)s\n",
            "line 2: [a] k: %(nope)s refers to an option",
        ),
        ("[a]\nk = 100%\n", "'%' must be followed by '%' or '('"),
        ("[a]\nk = %(open\n", "bad interpolation reference"),
        ("[a]\nk = %()s\n", "bad interpolation reference"),
        ("[a]\nk = %(x)d\n", "bad interpolation reference"),
        (
            "[a]\nx = %(y)s\ny = %(x)s\nk = %(x)s\n",
            "levels of %(...)s substitution",
        ),
    ];
    for (text, expected) in cases {
        let ini = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let err = message(ini.get("a", "k").expect_err(text));
        assert!(err.contains(expected), "{text:?}: {err}");
    }
    // Options nobody reads may hold logging's %(levelname)s-style formats.
    let logging = parse("[formatter_generic]\nformat = %(levelname)-5.5s %(message)s\n").unwrap();
    assert!(logging.raw("formatter_generic", "format").is_some());
}
