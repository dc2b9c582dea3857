//! The dialect's own command-line client (`sqlite3`, `psql`, `mariadb`), for running a `--sql`
//! script as an operator would: stopping at the first error, the script on standard input.

use super::TestDb;
use retort::Dialect;
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The client connected to the test database, stopping at the first error.
fn client(db: &TestDb) -> Command {
    match db.dialect {
        Dialect::Sqlite => {
            let mut c = Command::new("sqlite3");
            c.arg("-bail").arg(db.sqlite_path());
            c
        }
        Dialect::Postgresql => {
            let mut c = Command::new("psql");
            c.args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &db.url,
                "-f",
                "-",
            ]);
            c
        }
        Dialect::Mysql => {
            let url = url::Url::parse(&db.url).expect("test URL");
            let mut c = Command::new("mariadb");
            c.arg("-h")
                .arg(url.host_str().unwrap_or("127.0.0.1"))
                .arg("-P")
                .arg(url.port().unwrap_or(3306).to_string())
                .arg("-u")
                .arg(url.username());
            if let Some(password) = url.password() {
                c.env("MYSQL_PWD", password);
            }
            c.arg(url.path().trim_start_matches('/'));
            c
        }
    }
}

/// Runs `script` through the dialect's client (`sqlite3 -bail FILE < script`, `psql -f -`,
/// `mariadb DB < script`); the caller judges the outcome.
pub fn run_with_client(db: &TestDb, script: &str) -> Output {
    let mut cmd = client(db);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("the {} client is needed: {cmd:?}: {e}", db.dialect));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write the script");
    child.wait_with_output().expect("client")
}
