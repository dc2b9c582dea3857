//! Scratch databases (`retort_scratch_<stamp>_<rand>`) are gone after a successful run, after a
//! failing schema.sql and after Ctrl-C; a killed process leaves one behind, and the next run
//! drops leftovers whose name says they are older than an hour while keeping younger ones (which
//! may belong to a run in progress).
//!
//! The servers are shared with other test processes that make scratch databases of their own,
//! so "nothing left" means: no name that was not there before survives a grace period (theirs
//! come and go within seconds). The tests here hold one lock, as the leftovers they make on
//! purpose would look like leaks to each other.

use super::{json_error, ok, Project, USERS_POSTS};
use crate::common::{admin_column, admin_exec_pub, DIALECTS};
use chrono::{Duration as Age, Utc};
use retort::autogen::scratch::scratch_name;
use retort::Dialect;
use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static SERIAL: Mutex<()> = Mutex::new(());

const SERVERS: [Dialect; 2] = [Dialect::Postgresql, Dialect::Mysql];

fn lock() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The scratch databases on the server (SQLite: folders in the project's TMPDIR).
fn scratch_names(p: &Project) -> BTreeSet<String> {
    let sql = match p.db.dialect {
        Dialect::Sqlite => {
            return std::fs::read_dir(p.tmp())
                .expect("tmp")
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("retort_scratch_"))
                .collect();
        }
        Dialect::Postgresql => {
            "SELECT datname::text FROM pg_database WHERE datname LIKE 'retort\\_scratch\\_%'"
        }
        Dialect::Mysql => "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'retort\\_scratch\\_%'",
    };
    admin_column(p.db.dialect, sql)
        .expect("list scratch databases")
        .into_iter()
        .collect()
}

/// Fails when a scratch database that was not in `before` is still there after a grace period.
#[track_caller]
fn assert_none_left(p: &Project, before: &BTreeSet<String>, after_what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left: Vec<String> = scratch_names(p).difference(before).cloned().collect();
        if left.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            panic!(
                "{}: scratch databases left after {after_what}: {left:?}",
                p.db.dialect
            );
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn drop_database(dialect: Dialect, name: &str) {
    let sql = match dialect {
        Dialect::Postgresql => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        _ => format!("DROP DATABASE IF EXISTS `{name}`"),
    };
    admin_exec_pub(dialect, &[&sql]).expect("drop by hand");
}

#[test]
fn scratch_databases_are_gone_after_success_and_after_a_failing_schema() {
    let _serial = lock();
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        let before = scratch_names(&p);
        p.evolve("first", USERS_POSTS, &[]);
        ok(p.run(&["check"]), "check");
        assert_none_left(&p, &before, "success");

        p.write_schema(
            "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE a (id INTEGER PRIMARY KEY);\n",
        );
        let (code, _) = json_error(&p.run(&["--json", "check"]));
        assert_eq!(code, "schema_file_failed", "{dialect}");
        assert_none_left(&p, &before, "a failing schema.sql");
    }
}

/// A statement that keeps the scratch database busy; `tag` makes it findable among sessions.
fn sleep_statement(dialect: Dialect, tag: u32) -> String {
    match dialect {
        Dialect::Postgresql => format!("SELECT pg_sleep(29.{tag})"),
        _ => format!("SELECT SLEEP(29.{tag})"),
    }
}

/// Starts `retort --json check` with a schema.sql that sleeps, and waits until the sleep runs
/// in a scratch database; returns the child and that database's name.
fn start_sleeping_check(p: &Project, tag: u32) -> (Child, String) {
    let dialect = p.db.dialect;
    let sleep = sleep_statement(dialect, tag);
    p.write_schema(&format!("{USERS_POSTS}\n{sleep};\n"));
    let mut child = p
        .command(&["--json", "check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn retort");
    let find = match dialect {
        Dialect::Postgresql => format!(
            "SELECT datname::text FROM pg_stat_activity WHERE query LIKE '{}%' AND datname LIKE 'retort\\_scratch\\_%'",
            sleep
        ),
        _ => format!(
            "SELECT CAST(DB AS CHAR) FROM information_schema.PROCESSLIST WHERE INFO LIKE '{sleep}%' AND DB LIKE 'retort\\_scratch\\_%'"
        ),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(name) = admin_column(dialect, &find).expect("sessions").pop() {
            return (child, name);
        }
        if Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            panic!(
                "{dialect}: the sleep never started; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_killed_run_leaves_its_scratch_database_and_ctrl_c_does_not() {
    let _serial = lock();
    for dialect in SERVERS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);

        // SIGKILL: nothing can clean up; the database stays (the next run drops it once it
        // is an hour old, see below). Dropped here by hand.
        // The other side's scratch database (both sides load at once) was long dropped: its
        // replay finished before the 29-second sleep on this side began.
        let (mut child, name) = start_sleeping_check(&p, 1);
        child.kill().expect("kill -9");
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            scratch_names(&p).contains(&name),
            "{dialect}: {name} vanished after kill -9"
        );
        drop_database(dialect, &name);

        // SIGINT: the run stops promptly with `interrupted` and drops its database first.
        let (child, name) = start_sleeping_check(&p, 2);
        let sent = Instant::now();
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill -INT");
        assert!(status.success());
        let out = child.wait_with_output().expect("wait");
        assert!(
            sent.elapsed() < Duration::from_secs(10),
            "{dialect}: took {:?} to stop after Ctrl-C",
            sent.elapsed()
        );
        let (code, message) = json_error(&out);
        assert_eq!(code, "interrupted", "{dialect}: {message}");
        // Both sides load at once, so the message may name the other side's scratch database.
        assert!(message.contains("retort_scratch_"), "{dialect}: {message}");
        let left = scratch_names(&p);
        assert!(
            !left.contains(&name),
            "{dialect}: {name} left after Ctrl-C ({left:?})"
        );
    }
}

#[test]
fn the_next_run_drops_leftovers_older_than_an_hour_and_keeps_younger_ones() {
    let _serial = lock();
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);
        let old = scratch_name(Utc::now() - Age::minutes(125));
        let young = scratch_name(Utc::now() - Age::minutes(5));
        for name in [&old, &young] {
            match dialect {
                Dialect::Sqlite => std::fs::create_dir_all(p.tmp().join(name)).expect("mkdir"),
                Dialect::Postgresql => {
                    admin_exec_pub(dialect, &[&format!("CREATE DATABASE \"{name}\"")])
                        .expect("create")
                }
                Dialect::Mysql => admin_exec_pub(dialect, &[&format!("CREATE DATABASE `{name}`")])
                    .expect("create"),
            }
        }
        ok(p.run(&["check"]), "check");
        let names = scratch_names(&p);
        if dialect != Dialect::Sqlite {
            drop_database(dialect, &young);
        }
        assert!(!names.contains(&old), "{dialect}: stale {old} kept");
        assert!(names.contains(&young), "{dialect}: young {young} dropped");
    }
}

/// A user that may create databases but not drop other users' ones: its own stale leftover
/// must still be dropped when another user's stale leftover (which it cannot drop) comes first.
#[test]
fn stale_leftovers_the_user_cannot_drop_do_not_stop_the_cleanup() {
    let _serial = lock();
    let dialect = Dialect::Postgresql;
    let Some(p) = Project::new(dialect) else {
        return;
    };
    p.write_schema(USERS_POSTS);
    let role = format!("retort_agcli_creator_{}", std::process::id());
    let foreign = scratch_name(Utc::now() - Age::minutes(130));
    let own = scratch_name(Utc::now() - Age::minutes(120));
    admin_exec_pub(
        dialect,
        &[
            &format!("DROP ROLE IF EXISTS {role}"),
            &format!("CREATE ROLE {role} LOGIN CREATEDB"),
            // The admin's leftover first: pg_database lists it first.
            &format!("CREATE DATABASE \"{foreign}\""),
            &format!("CREATE DATABASE \"{own}\" OWNER {role}"),
        ],
    )
    .expect("setup");
    let url = p.db.url.replacen("postgres@", &format!("{role}@"), 1);
    let out = p.run(&["--json", "--url", &url, "check"]);
    let names = scratch_names(&p);
    drop_database(dialect, &foreign);
    drop_database(dialect, &own);
    let _ = admin_exec_pub(dialect, &[&format!("DROP ROLE IF EXISTS {role}")]);
    // schema.sql has tables the (empty) revisions lack: check exits 1 after the cleanup ran.
    let (code, message) = json_error(&out);
    assert_eq!(code, "schema_differs", "{message}");
    assert!(
        !names.contains(&own),
        "its own stale leftover {own} was kept"
    );
}
