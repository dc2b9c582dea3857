//! Bad input, one test each: the error says what is wrong (naming the file, line, revision or
//! statement) and nothing changed — not the applied set, not the schema, not the log, not the
//! project's files, not the SQLite file's folder.

use crate::common::secrets::*;
use crate::common::*;
use retort::Dialect;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod connections;
mod files;
mod graphs;
mod lock_timeout;
mod remembered;
mod secrecy;
mod sql_error;
mod targets;

/// The branchy project with r01, r02, r03 applied.
fn setup(dialect: Dialect) -> Option<(TestDb, tempfile::TempDir)> {
    let db = TestDb::new(dialect)?;
    let project = branchy_project();
    ok(retort(project.path(), Some(&db.url), &["upgrade", "r03"]));
    assert_eq!(db.applied(), ["r01", "r02", "r03"]);
    Some((db, project))
}

fn versions(project: &Path) -> PathBuf {
    project.join("versions")
}

/// A broken project breaks every command the same way, database or not.
#[track_caller]
fn every_command_refuses(db: &TestDb, project: &Path, text: &str) {
    let commands: &[&[&str]] = &[
        &["upgrade", "heads"],
        &["downgrade", "base"],
        &["stamp", "heads"],
        &["status"],
        &["current"],
        &["heads"],
        &["history"],
    ];
    refused_all(db, project, commands, text);
}

/// Asserts a one-line error, exit 1, no password in it, and returns it.
#[track_caller]
fn one_line_failure(
    project: &Path,
    url: &str,
    args: &[&str],
    text: &str,
    secret: Option<&str>,
) -> String {
    let out = retort(project, Some(url), args);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    let err = fails(out, text);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one clear line: {err}");
    if let Some(secret) = secret {
        assert!(!all.contains(secret), "the password leaked: {all}");
    }
    err
}

/// A port where something answers in no database protocol: each connection gets a line of
/// HTTP and is closed.
fn garbage_listener() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let _ = std::io::Write::write_all(
                &mut stream,
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
            );
        }
    });
    port
}
