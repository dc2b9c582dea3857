//! Table-driven tests of what makes a header unreadable, each error with its file and line, and
//! of the lexer's side: strings decoded like Python, encodings, legacy file-name ids.

use super::pyheader::parse_header;
use crate::error::Error;
use crate::script::Header;
use std::path::Path;

fn parse(src: &str) -> Result<Header, Error> {
    parse_header(Path::new("versions/x.py"), src.as_bytes())
}

#[test]
fn strings_are_decoded_like_python() {
    let cases: &[(&str, &str)] = &[
        (r"'a\x41'", "aA"),
        (r"'tab\tend'", "tab\tend"),
        (r"'q\'s'", "q's"),
        (r#""q\"s""#, "q\"s"),
        (r"r'raw\x41'", r"raw\x41"),
        (r"r'raw\''", r"raw\'"),
        (r"'\u00e9t\N{x}'", "ét\\N{x}"),
        (r"'\101\0'", "A\0"),
        ("'''multi\nline'''", "multi\nline"),
        ("'cont\\\ninued'", "continued"),
        ("f'plain'", "plain"),
    ];
    for (literal, expected) in cases {
        let h = parse(&format!("revision = {literal}\ndown_revision = None\n"))
            .unwrap_or_else(|e| panic!("{literal}: {e}"));
        assert_eq!(h.id, *expected, "{literal}");
    }
}

#[test]
fn legacy_file_names_give_the_id() {
    let src = b"down_revision = None\n";
    let h = parse_header(Path::new("versions/1975ea83b712.py"), src).unwrap();
    assert_eq!(h.id, "1975ea83b712");
    assert!(parse_header(Path::new("versions/add_users.py"), src).is_err());
}

#[test]
fn encodings() {
    let mut latin = b"# -*- coding: latin-1 -*-\n\"\"\"caf\xe9\"\"\"\n".to_vec();
    latin.extend_from_slice(b"revision = 'b'\ndown_revision = None\n");
    assert_eq!(
        parse_header(Path::new("x.py"), &latin).unwrap().message,
        "café"
    );
    let bom = "\u{feff}\"\"\"bom\"\"\"\nrevision = 'b'\ndown_revision = None\n";
    assert_eq!(parse(bom).unwrap().message, "bom");
}

#[test]
fn errors_name_the_line() {
    // (file, line, words the message must contain)
    let cases: &[(&str, usize, &str)] = &[
        (
            "\"\"\"doc\"\"\"\ndown_revision = None\n",
            1,
            "no `revision = \"...\"`",
        ),
        ("revision = 'b'\n", 1, "no `down_revision = ...`"),
        (
            "revision = 'b'\ndown_revision = 'a\n",
            2,
            "unterminated string",
        ),
        (
            "\"\"\"doc\n\nrevision = 'b'\n",
            1,
            "unterminated triple-quoted string",
        ),
        (
            "revision = 'b'\ndown_revision = get_parent()\n",
            2,
            "down_revision is not a literal",
        ),
        (
            "revision = 'b'\ndown_revision = get_parent()\n",
            2,
            "found `get_parent` (a call",
        ),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = LABELS\n",
            3,
            "branch_labels is not a literal",
        ),
        (
            "revision = 'b'\ndown_revision = None\ndepends_on = settings.DEP\n",
            3,
            "depends_on is not a literal",
        ),
        (
            "revision = ('a', 'b')\ndown_revision = None\n",
            1,
            "revision must be a single string",
        ),
        (
            "revision = None\ndown_revision = None\n",
            1,
            "revision must be a single string",
        ),
        (
            "revision = 'b'\ndown_revision = (None, 'a')\n",
            2,
            "must hold only strings",
        ),
        (
            "revision = 'b'\ndown_revision = (\n    'a',\n    'c' + x,\n)\n",
            4,
            "unexpected `+`",
        ),
        (
            "revision = 'b'\ndown_revision = ('a'\n",
            2,
            "'(' was never closed",
        ),
        (
            "revision = 'b'\ndown_revision = ('a',\n  'c']\n",
            3,
            "closing ']' does not match opening '(' on line 2",
        ),
        ("revision = 'b'\ndown_revision = 'a')\n", 2, "unmatched ')'"),
        (
            "revision = 'b'\n  down_revision = 'a'\n",
            2,
            "unexpected indent",
        ),
        (
            "revision = 'b'\nif True:\ndown_revision = 'a'\n",
            3,
            "expected an indented block after line 2",
        ),
        (
            "revision: str = = 'b'\ndown_revision = 'a'\n",
            1,
            "invalid syntax",
        ),
        (
            "revision = 'b'\ndown_revision =\n",
            2,
            "down_revision has no value",
        ),
        (
            "revision = b'abc'\ndown_revision = None\n",
            1,
            "bytes literal",
        ),
        ("revision = f'{x}'\ndown_revision = None\n", 1, "f-string"),
        (
            "revision = 'a-b'\ndown_revision = None\n",
            1,
            "contains '-'",
        ),
        (
            "revision = 'b'\ndown_revision = {'a': 1}\n",
            2,
            "unexpected `:`",
        ),
        ("revision = 'b'\ndown_revision = 1\n", 2, "found a number"),
    ];
    for (src, line, expected) in cases {
        match parse(src) {
            Err(Error::Script {
                line: got,
                message,
                path,
            }) => {
                assert_eq!(path, Path::new("versions/x.py"));
                assert!(message.contains(expected), "{src:?}: {message}");
                assert_eq!(got, *line, "{src:?}: {message}");
            }
            other => panic!("{src:?}: expected a script error, got {other:?}"),
        }
    }
    let bad_utf8 = b"revision = 'b'\ndown_revision = None\n# \xff\n";
    match parse_header(Path::new("x.py"), bad_utf8) {
        Err(Error::Script { line, message, .. }) => {
            assert_eq!(line, 3);
            assert!(message.contains("UTF-8"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
