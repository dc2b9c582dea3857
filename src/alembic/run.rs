//! Running the project's own alembic as a child process: the database handed over through the
//! child's environment (never its command line, which process lists show), alembic's
//! "Running upgrade A -> B, message" lines turned into the same progress events the native
//! applier emits, and a failure reported with the revision and the traceback's tail.

use super::command::{AlembicCommand, Frontend};
use super::ini::{AlembicIni, MAIN_SECTION};
use crate::apply::{Progress, ProgressFn};
use crate::error::{Direction, Error, Result};
use std::process::Stdio;
use std::time::Instant;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

/// What alembic printed on stdout (the SQL of `--sql` runs) and its log lines.
#[derive(Debug, Clone)]
pub struct AlembicOutput {
    pub stdout: String,
    pub log: Vec<String>,
}

/// One "Running upgrade A -> B, message" line: the revision being run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningLine {
    pub direction: Direction,
    pub revision: String,
    pub message: String,
}

/// Reads alembic's log line; `None` for every other line.
pub fn parse_running(line: &str) -> Option<RunningLine> {
    let rest = line.split_once("Running ")?.1;
    let (direction, rest) = if let Some(r) = rest.strip_prefix("upgrade ") {
        (Direction::Upgrade, r)
    } else {
        (Direction::Downgrade, rest.strip_prefix("downgrade ")?)
    };
    let (from, to_and_message) = rest.split_once("->")?;
    let (to, message) = match to_and_message.split_once(", ") {
        Some((to, message)) => (to.trim(), message.trim()),
        None => (to_and_message.trim(), ""),
    };
    // Upgrades name the new revision after the arrow; downgrades the one being removed before it.
    let revision = match direction {
        Direction::Upgrade => to,
        Direction::Downgrade => from.trim(),
    };
    Some(RunningLine {
        direction,
        revision: revision.to_string(),
        message: message.to_string(),
    })
}

/// Runs `alembic -c INI [-n SECTION] ARGS…` in the ini's folder (or `flask db ARGS… -d DIR` in
/// the application's folder) with `env` added to the child's environment.
pub async fn run_alembic(
    command: &AlembicCommand,
    config: &AlembicIni,
    args: &[String],
    env: &[(String, String)],
    progress: ProgressFn<'_>,
) -> Result<AlembicOutput> {
    let mut child = tokio::process::Command::new(&command.program);
    child.args(&command.prefix);
    match command.frontend {
        Frontend::Alembic => {
            child.arg("-c").arg(&config.path);
            if config.section != MAIN_SECTION {
                child.arg("-n").arg(&config.section);
            }
            child.args(args).current_dir(&config.here);
        }
        Frontend::FlaskDb => {
            let app_dir = config.here.parent().unwrap_or(&config.here);
            child
                .args(args)
                .arg("-d")
                .arg(&config.script_location)
                .current_dir(app_dir);
        }
    }
    child
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = child.spawn().map_err(|e| Error::Invalid {
        message: format!("cannot run {}: {e}", command.display()),
    })?;
    let mut stdout = child.stdout.take().ok_or_else(|| Error::Invalid {
        message: "alembic's output is not readable".into(),
    })?;
    let stderr = child.stderr.take().ok_or_else(|| Error::Invalid {
        message: "alembic's log is not readable".into(),
    })?;
    let collect_stdout = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text).await;
        text
    });

    let mut log = Vec::new();
    let mut running: Option<(RunningLine, Instant)> = None;
    let mut lines = BufReader::new(stderr).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(next) = parse_running(&line) {
            finish(&mut running, progress);
            progress(Progress::RevisionStarted {
                revision: next.revision.clone(),
                message: next.message.clone(),
                direction: next.direction,
                index: 0,
                total: 0,
                statements: 0,
            });
            running = Some((next, Instant::now()));
        }
        log.push(line);
    }
    let status = child.wait().await.map_err(|e| Error::Invalid {
        message: format!("waiting for {}: {e}", command.display()),
    })?;
    let stdout = collect_stdout.await.unwrap_or_default();
    if status.success() {
        finish(&mut running, progress);
        return Ok(AlembicOutput { stdout, log });
    }
    let error = Error::Alembic {
        command: command.display(),
        revision: running.as_ref().map(|(r, _)| r.revision.clone()),
        tail: without_secrets(&failure_tail(&log, &stdout), env),
    };
    if let Some((line, _)) = running {
        progress(Progress::RevisionFailed {
            revision: line.revision,
            direction: line.direction,
            code: error.code(),
            error: error.to_string(),
        });
    }
    Err(error)
}

/// The traceback's last lines from the log, then the `FAILED: …` lines alembic prints on stdout
/// for its own errors (an unknown revision, `check` finding changes, …).
fn failure_tail(log: &[String], stdout: &str) -> String {
    let mut tail: Vec<&str> = log
        .iter()
        .rev()
        .take(12)
        .rev()
        .map(String::as_str)
        .collect();
    let failed = stdout
        .lines()
        .skip_while(|line| !line.starts_with("FAILED:"));
    tail.extend(failed);
    tail.join("\n")
}

/// The tail with URLs masked and the passwords handed to alembic (any `…PASSWORD…` variable)
/// replaced, in case a traceback quotes them (SQLAlchemy prints a URL it cannot parse).
fn without_secrets(text: &str, env: &[(String, String)]) -> String {
    let mut text = crate::db::mask_urls_in(text);
    for (name, value) in env {
        if name.to_ascii_uppercase().contains("PASSWORD") && !value.is_empty() {
            for form in [value.clone(), crate::db::encode_component(value)] {
                text = text.replace(&form, "***");
            }
        }
    }
    text
}

fn finish(running: &mut Option<(RunningLine, Instant)>, progress: ProgressFn<'_>) {
    if let Some((line, started)) = running.take() {
        progress(Progress::RevisionDone {
            revision: line.revision,
            direction: line.direction,
            duration_ms: started.elapsed().as_millis(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traceback_never_shows_the_password() {
        let env = [("DATABASE_PASSWORD".to_string(), "p/#?@ss".to_string())];
        let tail = "ArgumentError: Could not parse SQLAlchemy URL from string 'postgresql+psycopg2://u:p/#?@ss@h/db'\nvalue p%2F%23%3F%40ss or p/#?@ss";
        let shown = without_secrets(tail, &env);
        assert!(
            !shown.contains("p/#") && !shown.contains("%2F%23"),
            "{shown}"
        );
        assert!(shown.contains("u:***@h/db"), "{shown}");
    }

    type Expected = Option<(Direction, &'static str, &'static str)>;

    #[test]
    fn running_lines_become_revisions() {
        let cases: &[(&str, Expected)] = &[
            ("INFO  [alembic.runtime.migration] Running upgrade  -> aaa111, first", Some((Direction::Upgrade, "aaa111", "first"))),
            ("INFO  [alembic.runtime.migration] Running upgrade aaa111 -> bbb222, add a, b and c", Some((Direction::Upgrade, "bbb222", "add a, b and c"))),
            ("INFO  [alembic.runtime.migration] Running upgrade bbb222, ccc333 -> ddd444, merge", Some((Direction::Upgrade, "ddd444", "merge"))),
            ("INFO  [alembic.runtime.migration] Running downgrade bbb222 -> aaa111, second", Some((Direction::Downgrade, "bbb222", "second"))),
            ("INFO  [alembic.runtime.migration] Running downgrade aaa111 -> , first", Some((Direction::Downgrade, "aaa111", "first"))),
            ("INFO  [alembic.runtime.migration] Context impl SQLiteImpl.", None),
            ("INFO  [alembic.runtime.migration] Will assume non-transactional DDL.", None),
        ];
        for (line, expected) in cases {
            let got = parse_running(line).map(|r| (r.direction, r.revision, r.message));
            let expected = expected.map(|(d, r, m)| (d, r.to_string(), m.to_string()));
            assert_eq!(got, expected, "{line}");
        }
    }
}
