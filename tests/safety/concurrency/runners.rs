//! Sixteen runners upgrading one database at once: each revision's SQL runs exactly once, and on
//! SQLite every backup left beside the file is a whole database.

use super::*;

const RUNNERS: usize = 16;
const REVISIONS: usize = 20;

/// A statement that takes a little while, so that concurrent runs overlap.
fn pause(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(0.05);",
        Dialect::Mysql => "SELECT SLEEP(0.05);",
        // About 30-40 ms in a debug build of the bundled SQLite.
        Dialect::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000) SELECT count(*) FROM c;"
        }
    }
}

fn rev_id(n: usize) -> String {
    format!("c{n:02}")
}

/// c01 .. c20 in a line. c01 creates `runs`; every revision inserts its own id into it, so the
/// table counts how often each revision's SQL ran. Every third revision also pauses and creates a
/// table, and two are `transactional: false` (the claim-row path on every dialect).
fn counter_project(dialect: Dialect) -> tempfile::TempDir {
    let dir = empty_project();
    for n in 1..=REVISIONS {
        let id = rev_id(n);
        let parent = (n > 1).then(|| rev_id(n - 1));
        let parents: Vec<&str> = parent.iter().map(String::as_str).collect();
        let mut up = String::new();
        let mut down = String::new();
        if n == 1 {
            up.push_str("CREATE TABLE runs (rev VARCHAR(10) NOT NULL);\n");
        }
        up.push_str(&format!("INSERT INTO runs (rev) VALUES ('{id}');\n"));
        if n % 3 == 0 {
            up.push_str(pause(dialect));
            up.push('\n');
            up.push_str(&format!("CREATE TABLE t_{id} (id INTEGER PRIMARY KEY);\n"));
            down.push_str(&format!("DROP TABLE t_{id};\n"));
        }
        down.push_str(&format!("DELETE FROM runs WHERE rev = '{id}';\n"));
        if n == 1 {
            down.push_str("DROP TABLE runs;\n");
        }
        let header = if n == 7 || n == 14 {
            "-- transactional: false\n"
        } else {
            ""
        };
        write_revision(dir.path(), &id, &parents, header, &up, &down);
    }
    dir
}

/// How the concurrent runs start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A fresh, empty database; the runners use the defaults (SQLite: a backup per run).
    Fresh,
    /// SQLite: `--no-backup`, to see the locking on its own.
    FreshNoBackup,
    /// SQLite: c01 applied first, so the file is not empty and every runner takes its backup at
    /// the same moment, as on a real database.
    Existing,
}

fn concurrent_upgrades(dialect: Dialect, start: Start) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = counter_project(dialect);
    let p = project.path();
    let mut args = vec!["--lock-timeout", "120", "upgrade", "head"];
    if start == Start::FreshNoBackup {
        args.push("--no-backup");
    }
    let before = if start == Start::Existing {
        ok(retort(p, Some(&db.url), &["upgrade", "c01"]));
        1
    } else {
        0
    };
    let started = Instant::now();
    let children: Vec<Child> = (0..RUNNERS)
        .map(|_| {
            retort_command(p, Some(&db.url), &args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn retort")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for retort"))
        .collect();
    let elapsed = started.elapsed();
    let last = rev_id(REVISIONS);
    let mut steps = 0;
    let failures: Vec<String> = outputs
        .iter()
        .enumerate()
        .filter(|(_, out)| !out.status.success())
        .map(|(i, out)| {
            format!(
                "runner {i} ({:?}): {}",
                out.status.code(),
                stderr(out).trim()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {RUNNERS} runners failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (i, out) in outputs.iter().enumerate() {
        let err = stderr(out);
        let done = err
            .lines()
            .find_map(|l| l.strip_prefix("done: "))
            .unwrap_or_else(|| panic!("runner {i} printed no summary: {err}"));
        assert!(
            done.ends_with(&format!("current: {last}")),
            "runner {i}: {err}"
        );
        steps += done
            .split(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("runner {i}: {done}"));
    }
    eprintln!("{dialect}: {RUNNERS} runners applied {REVISIONS} revisions in {elapsed:?}");
    assert_eq!(
        steps + before,
        REVISIONS,
        "the runners together applied each revision once"
    );

    let expected: Vec<String> = (1..=REVISIONS).map(rev_id).collect();
    assert_eq!(db.applied(), expected);
    let counts: Vec<(String, String)> = db
        .query(&format!(
            "SELECT rev, CAST(COUNT(*) AS {}) FROM runs GROUP BY rev ORDER BY rev",
            text_type(dialect)
        ))
        .into_iter()
        .map(|r| {
            (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
            )
        })
        .collect();
    let once: Vec<(String, String)> = expected
        .iter()
        .map(|id| (id.clone(), "1".to_string()))
        .collect();
    assert_eq!(counts, once, "each revision's SQL ran exactly once");
    let log = db.query("SELECT action, outcome, revision FROM retort_log ORDER BY id");
    let upgrades = log
        .iter()
        .filter(|r| r[0].as_deref() == Some("upgrade") && r[1].as_deref() == Some("ok"))
        .count();
    assert_eq!(
        upgrades, REVISIONS,
        "one log row per applied revision: {log:?}"
    );
    assert!(
        log.iter().all(|r| r[1].as_deref() == Some("ok")),
        "no failure logged: {log:?}"
    );
    let status = ok(retort(p, Some(&db.url), &["--json", "status"]));
    let status: serde_json::Value = serde_json::from_str(&status).expect("status --json");
    assert!(status["dirty"].is_null(), "{status}");
    assert_eq!(status["pending"], serde_json::json!([]), "{status}");
    if dialect == Dialect::Sqlite {
        check_backups(&db);
    }
}

#[test]
fn concurrent_upgrades_sqlite() {
    concurrent_upgrades(Dialect::Sqlite, Start::Fresh);
}

#[test]
fn concurrent_upgrades_postgresql() {
    concurrent_upgrades(Dialect::Postgresql, Start::Fresh);
}

#[test]
fn concurrent_upgrades_mysql() {
    concurrent_upgrades(Dialect::Mysql, Start::Fresh);
}

#[test]
fn concurrent_upgrades_sqlite_no_backup() {
    concurrent_upgrades(Dialect::Sqlite, Start::FreshNoBackup);
}

#[test]
fn concurrent_upgrades_sqlite_existing_file() {
    concurrent_upgrades(Dialect::Sqlite, Start::Existing);
}

/// The project shape is dialect-neutral apart from the pauses.
#[test]
fn counter_project_shape() {
    let project = counter_project(Dialect::Sqlite);
    let history = ok(retort(project.path(), None, &["history"]));
    assert_eq!(history.lines().count(), REVISIONS, "{history}");
    assert!(project.path().join("versions/c20.sql").exists());
}
