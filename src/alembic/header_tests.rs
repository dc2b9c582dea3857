//! Table-driven tests of reading revision module headers: the Alembic template, every value
//! form with and without annotations, docstrings as messages, and where reading stops.

use super::pyheader::parse_header;
use crate::error::Error;
use crate::script::Header;
use std::path::Path;

fn parse(src: &str) -> Result<Header, Error> {
    parse_header(Path::new("versions/x.py"), src.as_bytes())
}

/// Alembic's own template (1.13+), as `alembic revision -m "add users"` writes it.
const TEMPLATE: &str = r#""""add users

Revision ID: 1975ea83b712
Revises: 27c6a30d7c24
Create Date: 2024-05-01 10:20:30.123456

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1975ea83b712'
down_revision: Union[str, Sequence[str], None] = '27c6a30d7c24'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("users")
"#;

#[test]
fn alembic_template() {
    let h = parse(TEMPLATE).unwrap();
    assert_eq!(h.id, "1975ea83b712");
    assert_eq!(h.parents, ["27c6a30d7c24"]);
    assert_eq!(h.message, "add users");
    assert_eq!(h.created.as_deref(), Some("2024-05-01 10:20:30.123456"));
    assert!(h.branch_labels.is_empty() && h.depends_on.is_empty());
    assert_eq!(h.path, Path::new("versions/x.py"));
}

#[test]
fn value_forms() {
    // (header lines after the docstring, parents, branch labels, depends_on)
    type Case = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        ("revision = 'b'\ndown_revision = None", &[], &[], &[]),
        ("revision = \"b\"\ndown_revision = \"a\"", &["a"], &[], &[]),
        (
            "revision = '''b'''\ndown_revision = \"\"\"a\"\"\"",
            &["a"],
            &[],
            &[],
        ),
        ("revision = r'b'\ndown_revision = u'a'", &["a"], &[], &[]),
        ("revision = R\"b\"\ndown_revision = U'a'", &["a"], &[], &[]),
        (
            "revision = 'b'\ndown_revision = ('a1', 'a2')",
            &["a1", "a2"],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = ['a1', 'a2']",
            &["a1", "a2"],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = 'a1', 'a2'",
            &["a1", "a2"],
            &[],
            &[],
        ),
        ("revision = 'b'\ndown_revision = ('a',)", &["a"], &[], &[]),
        ("revision = 'b'\ndown_revision = ('a')", &["a"], &[], &[]),
        ("revision = 'b'\ndown_revision = ()", &[], &[], &[]),
        ("revision = 'b'\ndown_revision = []", &[], &[], &[]),
        (
            "revision = 'b'\ndown_revision = ('a', 'a')",
            &["a"],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = (\n    'a1',  # first\n    # between\n    'a2',\n)",
            &["a1", "a2"],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = \\\n    'a'",
            &["a"],
            &[],
            &[],
        ),
        ("revision = 'b'; down_revision = 'a'", &["a"], &[], &[]),
        ("revision = 'b' 'c'\ndown_revision = 'a'", &["a"], &[], &[]),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = 'x'",
            &[],
            &["x"],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = ('x',)",
            &[],
            &["x"],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = ['x', 'y']",
            &[],
            &["x", "y"],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = {'x'}",
            &[],
            &["x"],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\nbranch_labels = None",
            &[],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\ndepends_on = 'd'",
            &[],
            &[],
            &["d"],
        ),
        (
            "revision = 'b'\ndown_revision = None\ndepends_on = ('d1', 'd2')",
            &[],
            &[],
            &["d1", "d2"],
        ),
        (
            "revision = 'b'\ndown_revision = None\ndepends_on = ['d']",
            &[],
            &[],
            &["d"],
        ),
        (
            "revision: str = 'b'\ndown_revision: Union[str, Sequence[str], None] = ('a1', 'a2')\n\
             branch_labels: Optional[Sequence[str]] = ('x',)\ndepends_on: str | None = 'd'",
            &["a1", "a2"],
            &["x"],
            &["d"],
        ),
        ("revision = rev = 'b'\ndown_revision = None", &[], &[], &[]),
        (
            "revision: str\nrevision = 'b'\ndown_revision = None",
            &[],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = 'a'\ndown_revision = None",
            &[],
            &[],
            &[],
        ),
        // Only top-level statements count.
        (
            "revision = 'b'\ndown_revision = None\nif False:\n    down_revision = 'z'",
            &[],
            &[],
            &[],
        ),
        (
            "revision = 'b'\ndown_revision = None\nx = {'down_revision': 'z'}",
            &[],
            &[],
            &[],
        ),
    ];
    for (body, parents, labels, deps) in cases {
        let src = format!("\"\"\"m\"\"\"\n{body}\n\ndef upgrade():\n    pass\n");
        let h = parse(&src).unwrap_or_else(|e| panic!("{body}: {e}"));
        let id = if body.contains("'b' 'c'") { "bc" } else { "b" };
        assert_eq!(h.id, id, "{body}");
        assert_eq!(h.parents, *parents, "{body}");
        assert_eq!(h.branch_labels, *labels, "{body}");
        assert_eq!(h.depends_on, *deps, "{body}");
    }
}

#[test]
fn docstrings() {
    // (start of the file, message, created)
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("\"\"\"add users\n\nRevision ID: b\nRevises:\nCreate Date: 2024-01-02 03:04:05\n\n\"\"\"", "add users", Some("2024-01-02 03:04:05")),
        ("'''single quotes'''", "single quotes", None),
        ("\"one line\"", "one line", None),
        ("r\"\"\"raw \\d\"\"\"", "raw \\d", None),
        ("# -*- coding: utf-8 -*-\n# comment\n\n\"\"\"after comments\"\"\"", "after comments", None),
        ("\"\"\"\n   padded   \n\"\"\"", "padded", None),
        ("\"\"\"first line\nsecond line\n\nthird paragraph\"\"\"", "first line\nsecond line", None),
        ("\"\"\"\n\nRevision ID: b\nRevises: a\nCreate Date: 2020-01-01\n\"\"\"", "", Some("2020-01-01")),
        ("\"\"\"Create Date: only\"\"\"", "", Some("only")),
        ("\"con\" \"cat\"", "concat", None),
        ("import os\n\"\"\"not a docstring\"\"\"", "", None),
        ("b\"\"\"bytes are not docstrings\"\"\"", "", None),
        ("", "", None),
    ];
    for (start, message, created) in cases {
        let src = format!("{start}\nrevision = 'b'\ndown_revision = None\n");
        let h = parse(&src).unwrap_or_else(|e| panic!("{start}: {e}"));
        assert_eq!(h.message, *message, "{start}");
        assert_eq!(h.created.as_deref(), *created, "{start}");
    }
}

#[test]
fn where_reading_stops() {
    // Bodies after the first top-level def are not read: a broken string there is not seen.
    let src = "revision = 'b'\ndown_revision = 'a'\ndef upgrade():\n    x = 'unterminated\n";
    assert_eq!(parse(src).unwrap().parents, ["a"]);
    let after =
        "revision = 'b'\ndown_revision = None\n@decorator\ndef f(): pass\ndepends_on = 'late'\n";
    assert!(parse(after).unwrap().depends_on.is_empty());
    // Until both required names are known, the rest of the module is read too.
    let late = "\"\"\"m\"\"\"\ndef upgrade():\n    s = '''\nrevision = 'inner'\n'''\nclass X:\n    revision = 'attr'\nrevision = 'b'\ndown_revision = 'a'\n";
    let h = parse(late).unwrap();
    assert_eq!(
        (h.id.as_str(), h.parents.as_slice()),
        ("b", &["a".to_string()][..])
    );
    let crlf = "\"\"\"msg\r\n\r\nCreate Date: d\r\n\"\"\"\r\nrevision = 'b'\r\ndown_revision = \\\r\n  'a'\r\n";
    let h = parse(crlf).unwrap();
    assert_eq!(
        (h.message.as_str(), h.created.as_deref()),
        ("msg", Some("d"))
    );
    assert_eq!(h.parents, ["a"]);
}
