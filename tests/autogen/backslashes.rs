//! MySQL defaults and comments holding backslashes survive an autogenerate round trip (one
//! literal function per dialect, which escapes them), on the real MariaDB server.

use crate::harness::{run, Pair};
use retort::Dialect;

/// MySQL reads backslash escapes in string literals: column defaults (and a comment) holding
/// `\`, one ending in `\`, and quotes next to them come through autogenerate as written.
#[test]
fn mysql_defaults_with_backslashes_round_trip() {
    let a = r"CREATE TABLE paths (id INT PRIMARY KEY, dir VARCHAR(50) DEFAULT 'D:\\' COMMENT 'end\\') COMMENT 't\\';
CREATE TABLE gone (id INT PRIMARY KEY, p VARCHAR(9) DEFAULT '\\x');";
    let b = r"CREATE TABLE paths (
    id INT PRIMARY KEY,
    dir VARCHAR(50) DEFAULT 'C:\\temp\\',
    note VARCHAR(50) DEFAULT 'it''s \\'' ; x' COMMENT 'a\\b\\',
    tail VARCHAR(10) NOT NULL DEFAULT '\\'
);";
    let pair = Pair::new("default_escapes", a, b)
        .seed(&["INSERT INTO paths (id) VALUES (1)"])
        .keep(&["paths: id"]);
    run(&[Dialect::Mysql], &pair);
}
