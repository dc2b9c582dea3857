//! Autogenerate through the real `retort` binary on SQLite, PostgreSQL and MariaDB:
//! `revision --autogenerate`, `check`, `schema` and `diff` on small projects whose `retort.toml`
//! points at a fresh test database; bad input; scratch databases gone after success, failure,
//! Ctrl-C and (on the next run) a killed process; the bundled demo project.

mod bad_input;
mod check;
mod demo;
mod inspect;
mod revision;
mod scratch;

use crate::common::{retort_command, stderr, stdout, TestDb};
use retort::Dialect;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project folder whose `retort.toml` has `url` = a fresh test database (so the scratch
/// databases go to that server), with its own temporary folder for SQLite scratch files.
pub struct Project {
    dir: tempfile::TempDir,
    tmp: tempfile::TempDir,
    pub db: TestDb,
}

impl Project {
    /// `None` when the server is down outside CI (the test then skips that dialect).
    pub fn new(dialect: Dialect) -> Option<Project> {
        let db = TestDb::new(dialect)?;
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("versions")).expect("mkdir");
        std::fs::write(
            dir.path().join("retort.toml"),
            format!("versions = \"versions\"\nurl = \"{}\"\n", db.url),
        )
        .expect("retort.toml");
        Some(Project {
            dir,
            tmp: tempfile::tempdir().expect("tempdir"),
            db,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder the binary sees as TMPDIR: SQLite scratch databases live here.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    pub fn write_schema(&self, sql: &str) {
        std::fs::write(self.path().join("schema.sql"), sql).expect("schema.sql");
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = retort_command(self.path(), None, args);
        cmd.env("TMPDIR", self.tmp());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run retort")
    }

    /// Revision files, sorted by name.
    pub fn versions(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.path().join("versions"))
            .expect("versions")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
    }

    /// Writes `schema`, autogenerates a revision from it and applies it: the project and the
    /// database are then both at `schema`. Returns the draft's text.
    pub fn evolve(&self, message: &str, schema: &str, extra: &[&str]) -> String {
        self.write_schema(schema);
        let before = self.versions();
        let mut args = vec!["revision", "--autogenerate", "-m", message];
        args.extend_from_slice(extra);
        ok(self.run(&args), "revision --autogenerate");
        let draft = new_file(&before, &self.versions());
        ok(self.run(&["upgrade", "head"]), "upgrade head");
        std::fs::read_to_string(draft).expect("draft")
    }
}

/// The one file in `after` that is not in `before`.
#[track_caller]
pub fn new_file(before: &[PathBuf], after: &[PathBuf]) -> PathBuf {
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    assert_eq!(new.len(), 1, "expected one new revision file: {new:?}");
    new[0].clone()
}

/// Asserts exit 0 and returns stdout; `what` names the step in the failure message.
#[track_caller]
pub fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({:?}):\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Asserts exit 1 and parses the `--json` error on stderr; returns (code, message).
#[track_caller]
pub fn json_error(out: &Output) -> (String, String) {
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1; stdout: {} stderr: {}",
        stdout(out),
        stderr(out)
    );
    let err = stderr(out);
    let line = err
        .lines()
        .rev()
        .find(|l| l.starts_with("{\"error\""))
        .unwrap_or_else(|| panic!("no JSON error on stderr: {err}"));
    let value: serde_json::Value = serde_json::from_str(line).expect("JSON error");
    let text = |k: &str| value["error"][k].as_str().unwrap_or_default().to_string();
    (text("code"), text("message"))
}

/// Users with a name, posts pointing at them: the starting point of most tests.
pub const USERS_POSTS: &str = "\
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    fullname VARCHAR(100) NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    title VARCHAR(200) NOT NULL
);
";
