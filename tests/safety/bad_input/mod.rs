//! Bad input, one test each: the error says what is wrong (naming the file, line, revision or
//! statement) and nothing changed — not the applied set, not the schema, not the log, not the
//! project's files, not the SQLite file's folder.

use crate::common::secrets::*;
use crate::common::*;
use retort::db::{ConnectOptions, DatabaseUrl, Db};
use retort::Dialect;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

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

// ---------------------------------------------------------------------------------------------
// invalid graphs and files

fn cycle(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let file = versions(p).join("r01.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("-- down_revision: \n", "-- down_revision: r03\n"),
    )
    .unwrap();
    let err = refused(&db, p, &["upgrade", "heads"], "the revisions form a cycle");
    for name in ["r01.sql", "r02.sql", "r03.sql"] {
        assert!(err.contains(name), "{name} named: {err}");
    }
    every_command_refuses(&db, p, "cycle");
}
on_each_dialect!(cycle: cycle_sqlite, cycle_postgresql, cycle_mysql);

fn duplicate_id(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    std::fs::copy(versions(p).join("r05.sql"), versions(p).join("zz_copy.sql")).unwrap();
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision r05 is defined more than once",
    );
    assert!(
        err.contains("r05.sql") && err.contains("zz_copy.sql"),
        "{err}"
    );
    every_command_refuses(&db, p, "defined more than once");
}
on_each_dialect!(duplicate_id: duplicate_id_sqlite, duplicate_id_postgresql, duplicate_id_mysql);

fn unknown_parent(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    write_revision(
        p,
        "x01",
        &["nope42"],
        "",
        "CREATE TABLE t_x01 (id INTEGER);",
        "DROP TABLE t_x01;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision x01 has down_revision nope42, which no file defines",
    );
    assert!(err.contains("x01.sql"), "{err}");
    every_command_refuses(&db, p, "nope42");

    // The same for depends_on.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- depends_on: nope43\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision x01 depends_on nope43",
    );
    assert!(err.contains("x01.sql"), "{err}");
}
on_each_dialect!(unknown_parent: unknown_parent_sqlite, unknown_parent_postgresql, unknown_parent_mysql);

fn ambiguous_prefix(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let err = refused(&db, p, &["upgrade", "r0"], "\"r0\" is ambiguous");
    assert!(
        err.contains("r01, r02, r03, r04, r05, r06, r08"),
        "candidates listed: {err}"
    );
    refused(&db, p, &["downgrade", "r0"], "ambiguous");
    refused(&db, p, &["stamp", "r0"], "ambiguous");
    refused(&db, p, &["show", "r0"], "ambiguous");
}
on_each_dialect!(ambiguous_prefix: ambiguous_prefix_sqlite, ambiguous_prefix_postgresql, ambiguous_prefix_mysql);

fn unknown_label(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(
        &db,
        p,
        &["upgrade", "nope@head"],
        "no branch label \"nope\"",
    );
    refused(
        &db,
        p,
        &["upgrade", "nope@base"],
        "no branch label \"nope\"",
    );
    refused(
        &db,
        p,
        &["downgrade", "nope@base"],
        "no branch label \"nope\"",
    );
    refused(&db, p, &["upgrade", "nope@+1"], "no branch label \"nope\"");
    refused(&db, p, &["stamp", "nope@head"], "no branch label \"nope\"");
}
on_each_dialect!(unknown_label: unknown_label_sqlite, unknown_label_postgresql, unknown_label_mysql);

/// A branch label may name one branch only, and may not be another revision's id (Alembic:
/// "Branch name … already used by revision …"): either would make targets mean two things.
fn label_clashes(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- branch_labels: side\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "branch label \"side\" is used by more than one revision",
    );
    assert!(err.contains("r04.sql") && err.contains("x01.sql"), "{err}");
    std::fs::remove_file(versions(p).join("x01.sql")).unwrap();

    // `revision --branch-label` with a label in use writes no file.
    refused(
        &db,
        p,
        &[
            "revision",
            "-m",
            "dup",
            "--head",
            "r03",
            "--branch-label",
            "side",
        ],
        "side",
    );

    // A label that is another revision's id.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- branch_labels: r05\n",
        "SELECT 1;",
        "SELECT 1;",
    );
    let err = refused(&db, p, &["upgrade", "heads"], "r05");
    assert!(err.contains("x01.sql"), "{err}");
}
on_each_dialect!(label_clashes: label_clashes_sqlite, label_clashes_postgresql, label_clashes_mysql);

/// Writes `versions/x01.sql` with these bytes and expects every command to name it and `line`.
#[track_caller]
fn bad_file(db: &TestDb, project: &Path, bytes: &[u8], line: usize, text: &str) {
    let path = versions(project).join("x01.sql");
    std::fs::write(&path, bytes).unwrap();
    let err = refused(db, project, &["upgrade", "heads"], text);
    assert!(
        err.contains(&format!("x01.sql:{line}: ")),
        "file and line {line} named: {err}"
    );
    refused_all(
        db,
        project,
        &[&["status"], &["heads"], &["downgrade", "base"]],
        text,
    );
    std::fs::remove_file(&path).unwrap();
}

fn malformed_header(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let cases: &[(&str, usize, &str)] = &[
        (
            "-- revision: x01\n-- down_revison: r03\n-- message: typo\n\n-- upgrade\nSELECT 1;\n\n-- downgrade\nSELECT 1;\n",
            2,
            "unknown header key \"down_revison\"",
        ),
        (
            "-- revision: x01\n-- down_revision: r03\nCREATE TABLE t_x01 (id INTEGER);\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            3,
            "SQL before the `-- upgrade` marker",
        ),
        (
            "-- revision: x-01\n-- down_revision: r03\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "revision id \"x-01\" contains '-'",
        ),
        (
            "-- revision: x01\n-- down_revision: r03\n-- transactional: sometimes\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            3,
            "transactional must be true or false",
        ),
        (
            "-- down_revision: r03\n-- message: no id\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "missing `-- revision: <id>` header",
        ),
        (
            "-- revision: x01\n-- message: no parent line\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
            1,
            "missing `-- down_revision:` header",
        ),
    ];
    for (text, line, message) in cases {
        bad_file(&db, p, text.as_bytes(), *line, message);
    }
}
on_each_dialect!(malformed_header: malformed_header_sqlite, malformed_header_postgresql, malformed_header_mysql);

fn missing_sections(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- message: no sections\n",
        3,
        "missing `-- upgrade` section",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\n",
        5,
        "missing `-- downgrade` section",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n\n-- downgrade\nDROP TABLE t_x01;\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\n",
        4,
        "`-- downgrade` comes before `-- upgrade`",
    );
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- upgrade\nSELECT 1;\n-- upgrade\nSELECT 2;\n-- downgrade\n",
        5,
        "a second `-- upgrade` marker",
    );
}
on_each_dialect!(missing_sections: missing_sections_sqlite, missing_sections_postgresql, missing_sections_mysql);

fn empty_file(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(&db, p, b"", 1, "empty file");
    bad_file(&db, p, b"\n  \n\r\n", 1, "empty file");
}
on_each_dialect!(empty_file: empty_file_sqlite, empty_file_postgresql, empty_file_mysql);

fn non_utf8_file(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    bad_file(
        &db,
        p,
        b"-- revision: x01\n-- down_revision: r03\n-- message: caf\xe9 (Latin-1)\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n",
        3,
        "not valid UTF-8",
    );
}
on_each_dialect!(non_utf8_file: non_utf8_file_sqlite, non_utf8_file_postgresql, non_utf8_file_mysql);

// ---------------------------------------------------------------------------------------------
// targets

fn unknown_target(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(&db, p, &["upgrade", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["downgrade", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["stamp", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["upgrade", "zzz+1"], "zzz");
    refused(&db, p, &["show", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["history", "-r", "zzz:"], "zzz");
}
on_each_dialect!(unknown_target: unknown_target_sqlite, unknown_target_postgresql, unknown_target_mysql);

fn relative_past_base(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(&db, p, &["downgrade", "-4"], "past base");
    refused(&db, p, &["downgrade", "-99"], "past base");
    refused(&db, p, &["downgrade", "r02-3"], "");
    // -3 is exactly base: allowed.
    ok(retort(p, Some(&db.url), &["downgrade", "-3"]));
    assert!(db.applied().is_empty());
    // From base, a downgrade of -1 goes past base too.
    refused(&db, p, &["downgrade", "-1"], "");
}
on_each_dialect!(relative_past_base: relative_past_base_sqlite, relative_past_base_postgresql, relative_past_base_mysql);

/// Targets that point the wrong way are refused, as Alembic refuses them ("Relative revision -1
/// didn't produce 1 migrations", "Destination … is not a valid downgrade target from current
/// head(s)"), instead of reporting "nothing to do" with exit 0.
fn wrong_direction_targets(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    for (args, named) in [
        (&["upgrade", "-1"][..], "-1"),
        (&["upgrade", "side@-1"], "side@-1"),
        (&["downgrade", "+1"], "+1"),
        (&["downgrade", "side@+1"], "side@+1"),
        // Not applied, above the current revision: nothing to downgrade *to*.
        (&["downgrade", "r05"], "r05"),
        (&["downgrade", "r03+1"], "r03+1"),
        // Another branch that was never applied.
        (&["downgrade", "s01"], "s01"),
    ] {
        refused(&db, p, args, named);
    }
}
on_each_dialect!(wrong_direction_targets: wrong_direction_targets_sqlite, wrong_direction_targets_postgresql, wrong_direction_targets_mysql);

fn upgrade_head_with_two_heads(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let err = refused(&db, p, &["upgrade", "head"], "several heads (r08, s02)");
    assert!(
        err.contains("heads") && err.contains("retort merge"),
        "points at heads / merge: {err}"
    );
    // The same from base.
    ok(retort(p, Some(&db.url), &["downgrade", "base"]));
    refused(&db, p, &["upgrade", "head"], "several heads (r08, s02)");
}
on_each_dialect!(upgrade_head_with_two_heads: upgrade_head_with_two_heads_sqlite, upgrade_head_with_two_heads_postgresql, upgrade_head_with_two_heads_mysql);

// ---------------------------------------------------------------------------------------------
// connections

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

#[test]
fn unreachable_host() {
    let project = branchy_project();
    let p = project.path();
    let mut before = BTreeMap::new();
    read_tree(p, &mut before);
    for url in [
        "postgresql://postgres@127.0.0.1:1/x",
        "mysql://root:pw_never_shown@127.0.0.1:1/x",
    ] {
        for args in [
            &["upgrade", "heads"][..],
            &["status"],
            &["current"],
            &["stamp", "heads"],
            &["history", "-i"],
        ] {
            let started = Instant::now();
            let err = one_line_failure(
                p,
                url,
                args,
                "cannot reach the database server",
                Some("pw_never_shown"),
            );
            assert!(err.contains("127.0.0.1:1"), "names the server: {err}");
            assert!(started.elapsed() < Duration::from_secs(20));
        }
    }
    // --json errors carry a stable code.
    let out = retort(
        p,
        Some("postgresql://postgres@127.0.0.1:1/x"),
        &["--json", "status"],
    );
    assert_eq!(out.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(body["error"]["code"], "connect_unreachable");
    let mut after = BTreeMap::new();
    read_tree(p, &mut after);
    assert_eq!(after, before);
}

/// PostgreSQL here trusts every loopback login (pg_hba.conf `trust`), so a wrong password is
/// accepted there and cannot be tested; MariaDB checks passwords.
#[test]
fn wrong_password_mysql() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let name = db.url.rsplit('/').next().unwrap().to_string();
    // One user per test database, so parallel runs do not share it; 'localhost' too, so an
    // anonymous ''@localhost account cannot shadow it on a loopback login.
    let user = format!("rpw_{}", name.trim_start_matches("retort_t_"));
    let hosts = ["%", "localhost"];
    for host in hosts {
        db.exec(&format!("DROP USER IF EXISTS '{user}'@'{host}'"))
            .unwrap();
        db.exec(&format!(
            "CREATE USER '{user}'@'{host}' IDENTIFIED BY 'right_pw_1'"
        ))
        .unwrap();
        db.exec(&format!("GRANT ALL ON {name}.* TO '{user}'@'{host}'"))
            .unwrap();
    }
    let parsed = url::Url::parse(&db.url).unwrap();
    let server = format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port().unwrap_or(3306)
    );
    let wrong = format!("mysql://{user}:Wr0ngSecret@{server}/{name}");
    let right = format!("mysql://{user}:right_pw_1@{server}/{name}");

    let before = Snapshot::take(&db, p);
    for args in [&["upgrade", "heads"][..], &["status"], &["stamp", "heads"]] {
        let err = one_line_failure(p, &wrong, args, "refused the login", Some("Wr0ngSecret"));
        assert!(err.contains(&user), "names the user: {err}");
        assert!(err.contains("wrong user or password"), "{err}");
    }
    assert_eq!(Snapshot::take(&db, p), before);
    // The same user with the right password gets in: the refusal was the password.
    let out = retort(p, Some(&right), &["upgrade", "r01"]);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    ok(out);
    assert!(!all.contains("right_pw_1"), "the password leaked: {all}");
    assert_eq!(db.applied(), ["r01"]);
    for host in hosts {
        let _ = db.exec(&format!("DROP USER IF EXISTS '{user}'@'{host}'"));
    }
}

fn unknown_database(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let missing = "retort_no_such_database_x";
    let url = match dialect {
        Dialect::Sqlite => format!("sqlite:///{}", db.dir.join("no/such/folder/x.db").display()),
        _ => {
            let (base, _) = db.url.rsplit_once('/').unwrap();
            format!("{base}/{missing}")
        }
    };
    let text = match dialect {
        Dialect::Sqlite => "cannot open SQLite database",
        _ => "database \"retort_no_such_database_x\" does not exist",
    };
    let before = Snapshot::take(&db, p);
    for args in [
        &["upgrade", "heads"][..],
        &["status"],
        &["current"],
        &["stamp", "heads"],
    ] {
        if dialect == Dialect::Sqlite && (args[0] == "status" || args[0] == "current") {
            // Reading a SQLite file that is not there is "not touched yet", not an error.
            continue;
        }
        one_line_failure(p, &url, args, text, None);
    }
    assert_eq!(Snapshot::take(&db, p), before);
    // Retort does not create databases.
    let exists = match dialect {
        Dialect::Sqlite => db.dir.join("no").exists().to_string(),
        Dialect::Postgresql => db.scalar(&format!("SELECT CAST(COUNT(*) > 0 AS TEXT) FROM pg_database WHERE datname = '{missing}'")),
        Dialect::Mysql => db.scalar(&format!(
            "SELECT CASE WHEN COUNT(*) > 0 THEN 'true' ELSE 'false' END FROM information_schema.schemata WHERE schema_name = '{missing}'"
        )),
    };
    assert_eq!(exists, "false");
}
on_each_dialect!(unknown_database: unknown_database_sqlite, unknown_database_postgresql, unknown_database_mysql);

// ---------------------------------------------------------------------------------------------
// what the database remembers

fn drifted_checksum(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let file = versions(p).join("r02.sql");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("note VARCHAR(20)", "note VARCHAR(40)"),
    )
    .unwrap();

    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision r02 changed after it was applied (checksum drift)",
    );
    assert!(err.contains("--allow-drift"), "{err}");
    refused(&db, p, &["upgrade", "r05"], "checksum drift");
    let status = ok(retort(p, Some(&db.url), &["status"]));
    assert!(
        status.contains("Drift:") && status.contains("r02"),
        "{status}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!(["r02"]));

    // --allow-drift passes.
    ok(retort(
        p,
        Some(&db.url),
        &["upgrade", "r05", "--allow-drift"],
    ));
    assert_eq!(db.applied(), ["r01", "r02", "r03", "r05"]);

    // Editing only a downgrade is not drift.
    std::fs::write(&file, &original).unwrap();
    let r03 = versions(p).join("r03.sql");
    let text = std::fs::read_to_string(&r03).unwrap();
    std::fs::write(
        &r03,
        text.replace(
            "DROP TABLE t_r03;",
            "-- reviewed\nDROP TABLE IF EXISTS t_r03;",
        ),
    )
    .unwrap();
    // CRLF line ends and a BOM in an applied file are not drift either.
    let r01 = versions(p).join("r01.sql");
    let text = std::fs::read_to_string(&r01).unwrap();
    std::fs::write(&r01, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!([]));
    ok(retort(p, Some(&db.url), &["upgrade", "side@head"]));
    assert_eq!(
        db.applied(),
        ["m07", "r01", "r02", "r03", "r04", "r05", "r06", "r08"]
    );
    // ... and the edited downgrade is the one that runs.
    ok(retort(p, Some(&db.url), &["downgrade", "r02"]));
    assert_eq!(db.applied(), ["r01", "r02"]);
}
on_each_dialect!(drifted_checksum: drifted_checksum_sqlite, drifted_checksum_postgresql, drifted_checksum_mysql);

fn unknown_applied_revision(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();

    // A row no file defines (someone else's branch).
    db.exec("INSERT INTO retort_revisions (revision, checksum) VALUES ('feed12345678', 'x')")
        .unwrap();
    for args in [
        &["upgrade", "heads"][..],
        &["downgrade", "base"],
        &["downgrade", "-1"],
        &["stamp", "heads"],
    ] {
        let err = refused(
            &db,
            p,
            args,
            "applied revision(s) that no file defines: feed12345678",
        );
        assert!(err.contains("stamp"), "says how to get out: {err}");
    }
    let status = ok(retort(p, Some(&db.url), &["status"]));
    assert!(
        status.contains("feed12345678") && status.contains("unknown applied revision"),
        "{status}"
    );
    let current = ok(retort(p, Some(&db.url), &["current"]));
    assert!(
        current.contains("feed12345678") && current.contains("unknown applied revision"),
        "{current}"
    );
    db.exec("DELETE FROM retort_revisions WHERE revision = 'feed12345678'")
        .unwrap();

    // A deleted file.
    ok(retort(p, Some(&db.url), &["upgrade", "r08"]));
    std::fs::remove_file(versions(p).join("r08.sql")).unwrap();
    refused(
        &db,
        p,
        &["upgrade", "heads"],
        "applied revision(s) that no file defines: r08",
    );
    refused(&db, p, &["downgrade", "base"], "no file defines: r08");
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["unknown"], serde_json::json!(["r08"]));
}
on_each_dialect!(unknown_applied_revision: unknown_applied_revision_sqlite, unknown_applied_revision_postgresql, unknown_applied_revision_mysql);

fn dirty_state(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let url = Some(db.url.as_str());
    std::fs::write(
        versions(p).join("x01.sql"),
        "-- revision: x01\n-- down_revision: r03\n-- message: half done\n-- transactional: false\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\nINSERT INTO no_such_table_x VALUES (1);\n\n-- downgrade\nDROP TABLE t_x01;\n",
    )
    .unwrap();
    fails(retort(p, url, &["upgrade", "x01"]), "statement 2");
    for args in [
        &["upgrade", "heads"][..],
        &["upgrade", "heads", "--allow-drift"],
        &["downgrade", "base"],
        &["downgrade", "-1"],
        &["stamp", "heads"],
        &["stamp", "r01"],
    ] {
        let err = refused(&db, p, args, "the database is dirty");
        assert!(
            err.contains("revision x01") && err.contains("statement 2"),
            "{err}"
        );
        assert!(err.contains("retort resolve x01"), "{err}");
    }
}
on_each_dialect!(dirty_state: dirty_state_sqlite, dirty_state_postgresql, dirty_state_mysql);

// ---------------------------------------------------------------------------------------------
// a SQL error in the middle of a transactional revision

fn sql_error_mid_revision(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "a1",
        &[],
        "",
        "CREATE TABLE t_a1 (id INTEGER PRIMARY KEY);",
        "DROP TABLE t_a1;",
    );
    let a2 = versions(p).join("a2.sql");
    let broken = "-- revision: a2\n\
                  -- down_revision: a1\n\
                  -- message: breaks in the middle\n\
                  \n\
                  -- upgrade\n\
                  CREATE TABLE t_a2 (id INTEGER PRIMARY KEY);\n\
                  INSERT INTO t_a1 (id) VALUES (7);\n\
                  -- the next statement is wrong\n\
                  INSERT INTO no_such_table_y (id) VALUES (2);\n\
                  CREATE TABLE t_a2b (id INTEGER);\n\
                  \n\
                  -- downgrade\n\
                  DROP TABLE t_a2b;\n\
                  DROP TABLE t_a2;\n";
    std::fs::write(&a2, broken).unwrap();
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE t_a3 (id INTEGER);",
        "DROP TABLE t_a3;",
    );

    ok(retort(p, url, &["upgrade", "a1"]));
    let before = Snapshot::take(&db, p).without_backups();
    let err = fails(retort(p, url, &["upgrade", "head"]), "revision a2");
    let db_message = match dialect {
        Dialect::Sqlite => "no such table: no_such_table_y",
        _ => "relation \"no_such_table_y\" does not exist",
    };
    assert!(err.contains("statement 3"), "names the statement: {err}");
    assert!(
        err.contains("a2.sql:9"),
        "names the line in the file: {err}"
    );
    assert!(
        err.contains(db_message),
        "the database's own message: {err}"
    );

    // Nothing of a2 remains; a1 stays applied; a3 never ran.
    let mut after = Snapshot::take(&db, p).without_backups();
    assert_eq!(after.log, before.log + 1, "one log row for the failure");
    assert_eq!(db.applied(), ["a1"]);
    assert_eq!(
        db.scalar("SELECT CAST(COUNT(*) AS TEXT) FROM t_a1"),
        "0",
        "a2's insert into t_a1 was rolled back"
    );
    after.log = before.log;
    assert_eq!(after, before, "everything else as it was");
    let log = db.query("SELECT action, revision, outcome, CAST(statement_no AS TEXT), error FROM retort_log ORDER BY id DESC LIMIT 1");
    let row = &log[0];
    assert_eq!(row[0].as_deref(), Some("upgrade"));
    assert_eq!(row[1].as_deref(), Some("a2"));
    assert_eq!(row[2].as_deref(), Some("failed"));
    assert_eq!(row[3].as_deref(), Some("3"));
    let logged = row[4].clone().unwrap_or_default();
    assert!(
        logged.contains(db_message),
        "the error text is logged: {logged}"
    );

    // The lock is free and nothing is dirty: fix the file and go on.
    std::fs::write(&a2, broken.replace("no_such_table_y", "t_a2")).unwrap();
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);

    // A failing downgrade is rolled back the same way: a3 stays applied, its table stays.
    write_revision(
        p,
        "a3",
        &["a2"],
        "",
        "CREATE TABLE t_a3 (id INTEGER);",
        "DROP TABLE t_a3;\nDROP TABLE no_such_table_z;",
    );
    let before = Snapshot::take(&db, p).without_backups();
    let err = fails(
        retort(p, url, &["downgrade", "base"]),
        "downgrade of revision a3 failed at statement 2 of 2",
    );
    assert!(err.contains("no_such_table_z"), "{err}");
    let mut after = Snapshot::take(&db, p).without_backups();
    assert_eq!(after.log, before.log + 1);
    after.log = before.log;
    assert_eq!(after, before);
    assert_eq!(db.applied(), ["a1", "a2", "a3"]);
    let row = db.query("SELECT action, revision, outcome FROM retort_log ORDER BY id DESC LIMIT 1");
    assert_eq!(
        row[0],
        [
            Some("downgrade".into()),
            Some("a3".into()),
            Some("failed".into())
        ]
    );
}

#[test]
fn sql_error_mid_revision_sqlite() {
    sql_error_mid_revision(Dialect::Sqlite);
}

#[test]
fn sql_error_mid_revision_postgresql() {
    sql_error_mid_revision(Dialect::Postgresql);
}

// ---------------------------------------------------------------------------------------------
// lock timeout

/// PostgreSQL's advisory lock key for `retort_revisions` (FNV-1a of "retort:retort_revisions").
fn pg_lock_key() -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "retort:retort_revisions".bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

/// Holds Retort's lock from a connection of our own while `during` runs.
fn holding_the_lock(db: &TestDb, during: impl FnOnce()) {
    let rt = runtime();
    let url = DatabaseUrl::parse(&db.url, Path::new("/")).unwrap();
    let mut conn = rt
        .block_on(Db::connect(
            &url,
            ConnectOptions {
                create_sqlite: true,
                timeout: Duration::from_secs(10),
            },
        ))
        .unwrap();
    let (take, give) = match db.dialect {
        Dialect::Sqlite => ("BEGIN IMMEDIATE".to_string(), "ROLLBACK".to_string()),
        Dialect::Postgresql => (
            format!("SELECT pg_advisory_lock({})", pg_lock_key()),
            format!("SELECT pg_advisory_unlock({})", pg_lock_key()),
        ),
        Dialect::Mysql => {
            let name = "LEFT(CONCAT('retort:', DATABASE(), ':', 'retort_revisions'), 64)";
            (
                format!("SELECT CAST(GET_LOCK({name}, 5) AS CHAR)"),
                format!("SELECT CAST(RELEASE_LOCK({name}) AS CHAR)"),
            )
        }
    };
    if db.dialect == Dialect::Mysql {
        let got = rt.block_on(conn.fetch_value(&take)).unwrap();
        assert_eq!(got.as_deref(), Some("1"), "took the lock");
    } else {
        rt.block_on(conn.execute(&take)).unwrap();
    }
    during();
    rt.block_on(conn.execute(&give)).unwrap();
    rt.block_on(conn.close());
}

fn lock_timeout(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    holding_the_lock(&db, || {
        let before = Snapshot::take(&db, p).without_backups();
        let started = Instant::now();
        let err = fails(
            retort(
                p,
                Some(&db.url),
                &["--lock-timeout", "1", "upgrade", "heads"],
            ),
            "lock",
        );
        let waited = started.elapsed();
        assert!(err.contains("--lock-timeout"), "says what to do: {err}");
        assert!(
            waited >= Duration::from_millis(900),
            "waited for the lock: {waited:?}"
        );
        assert!(
            waited < Duration::from_secs(15),
            "gave up in time: {waited:?}"
        );
        assert_eq!(Snapshot::take(&db, p).without_backups(), before);
    });
    // Released: the same command goes through.
    ok(retort(
        p,
        Some(&db.url),
        &["--lock-timeout", "5", "upgrade", "heads"],
    ));
    assert_eq!(db.applied().len(), 10);
}
on_each_dialect!(lock_timeout: lock_timeout_sqlite, lock_timeout_postgresql, lock_timeout_mysql);

/// A real second runner while the first sits in a slow revision.
fn lock_timeout_second_runner(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let slow = match dialect {
        Dialect::Postgresql => "SELECT pg_sleep(5);".to_string(),
        Dialect::Mysql => "SELECT SLEEP(5);".to_string(),
        Dialect::Sqlite => "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT COUNT(*) FROM c;".to_string(),
    };
    write_revision(
        p,
        "a1",
        &[],
        "",
        "CREATE TABLE t_a1 (id INTEGER);",
        "DROP TABLE t_a1;",
    );
    write_revision(
        p,
        "a2",
        &["a1"],
        "",
        &format!("CREATE TABLE t_a2 (id INTEGER);\n{slow}"),
        "DROP TABLE t_a2;",
    );
    let mut first = retort_command(p, Some(&db.url), &["upgrade", "head"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(first.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("the first runner ended early: {seen}");
        }
        seen.push_str(&line);
        if line.contains("Running upgrade a2") {
            break;
        }
    }
    // Let it get into the slow statement.
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let err = fails(
        retort(
            p,
            Some(&db.url),
            &["--lock-timeout", "1", "upgrade", "head"],
        ),
        "lock",
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up after about a second: {err}"
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert!(
        first.wait().unwrap().success(),
        "the first runner: {seen}{rest}"
    );
    assert_eq!(db.applied(), ["a1", "a2"]);
    let outcomes = db.query("SELECT outcome FROM retort_log ORDER BY id");
    assert_eq!(
        outcomes
            .into_iter()
            .map(|r| r[0].clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["ok", "ok"],
        "only the first runner's two revisions were logged"
    );
}
on_each_dialect!(lock_timeout_second_runner: lock_timeout_second_runner_sqlite, lock_timeout_second_runner_postgresql, lock_timeout_second_runner_mysql);

// ---------------------------------------------------------------------------------------------
// issue 10: repeated edges, misspelt keys, the parse cache, comment injection, ids, targets

/// Runs retort, killing it after `seconds`: a graph walk that loops must fail the test, not
/// hang it.
#[track_caller]
fn run_bounded(project: &Path, url: &str, args: &[&str], seconds: u64) -> std::process::Output {
    let mut child = retort_command(project, Some(url), args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn retort");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`retort {}` did not finish within {seconds} s",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `-- down_revision: r03, r03` (or a repeated depends_on) used to make history, status and
/// upgrade spin forever; now the file is refused at load with its line.
fn repeated_parent(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    // The issue's own shape, which looped before: a linear history with the parent twice.
    let linear = empty_project();
    write_revision(linear.path(), "a1", &[], "", "SELECT 1;", "SELECT 1;");
    write_revision(
        linear.path(),
        "b1",
        &["a1", "a1"],
        "",
        "SELECT 1;",
        "SELECT 1;",
    );
    for args in [&["history"][..], &["status"], &["upgrade", "head", "--sql"]] {
        fails(
            run_bounded(linear.path(), &db.url, args, 30),
            "b1.sql:2: down_revision names a1 twice",
        );
    }
    for (header, line, text) in [
        (
            "-- down_revision: r03, r03",
            2,
            "down_revision names r03 twice",
        ),
        (
            "-- down_revision: r03\n-- depends_on: s01, s01",
            3,
            "depends_on names s01 twice",
        ),
    ] {
        let path = versions(p).join("x01.sql");
        std::fs::write(
            &path,
            format!("-- revision: x01\n{header}\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n"),
        )
        .unwrap();
        let before = Snapshot::take(&db, p);
        for args in [
            &["history"][..],
            &["status"],
            &["upgrade", "heads", "--sql"],
            &["upgrade", "heads"],
            &["heads"],
        ] {
            let out = run_bounded(p, &db.url, args, 30);
            let err = fails(out, text);
            assert!(
                err.contains(&format!("x01.sql:{line}: ")),
                "{args:?}: {err}"
            );
        }
        assert_eq!(Snapshot::take(&db, p), before);
        std::fs::remove_file(&path).unwrap();
    }
    // `merge` keeps each revision once, however often it is named.
    let out = ok(retort(
        p,
        Some(&db.url),
        &[
            "--json", "merge", "-m", "join", "r08", "s02", "r08", "heads",
        ],
    ));
    let written: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = std::fs::read_to_string(written["path"].as_str().unwrap()).unwrap();
    assert!(file.contains("-- down_revision: r08, s02\n"), "{file}");
    ok(run_bounded(p, &db.url, &["history"], 30));
    ok(run_bounded(p, &db.url, &["upgrade", "heads"], 60));
    assert_eq!(db.applied().len(), 11);
}
on_each_dialect!(repeated_parent: repeated_parent_sqlite, repeated_parent_postgresql, repeated_parent_mysql);

/// Misspelt keys used to be taken as comments, dropping a dependency or `transactional: false`.
fn misspelt_header_keys(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    for (key_line, meant) in [
        ("-- depends-on: s01", "`-- depends_on:`"),
        ("-- Transactional: false", "`-- transactional:`"),
        ("-- branch labels: extra", "`-- branch_labels:`"),
        ("-- DOWN_REVISION: r03", "`-- down_revision:`"),
        ("-- depend_on: s01", "did you mean `depends_on`?"),
    ] {
        let text = format!(
            "-- revision: x01\n-- down_revision: r03\n{key_line}\n-- upgrade\nSELECT 1;\n-- downgrade\nSELECT 1;\n"
        );
        bad_file(&db, p, text.as_bytes(), 3, meant);
    }
    // Prose in the header stays a comment.
    write_revision(
        p,
        "x01",
        &["r03"],
        "-- Note: reviewed by ops.\n-- TODO: split later",
        "SELECT 1;",
        "SELECT 1;",
    );
    ok(retort(p, Some(&db.url), &["upgrade", "x01"]));
}
on_each_dialect!(misspelt_header_keys: misspelt_header_keys_sqlite, misspelt_header_keys_postgresql, misspelt_header_keys_mysql);

fn set_mtime(path: &Path, when: std::time::SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

/// A same-size edit that keeps the mtime (`cp -p`, `touch -r`, `rsync -a`) used to be served
/// from the parse cache: the old SQL ran and drift went unseen.
fn same_size_edit_keeping_mtime(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    // Old enough for the cache to trust them (it skips files changed in the last 2 s).
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(versions(p)).unwrap() {
        set_mtime(&entry.unwrap().path(), old);
    }
    ok(retort(p, Some(&db.url), &["heads"]));
    ok(retort(p, Some(&db.url), &["heads"]));
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!([]));

    // Applied r02 and pending r05, each edited in place: same size, mtime put back.
    for (id, from, to) in [
        ("r02", "note VARCHAR(20)", "note VARCHAR(40)"),
        ("r05", "note VARCHAR(20)", "note VARCHAR(30)"),
    ] {
        let file = versions(p).join(format!("{id}.sql"));
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replace(from, to);
        assert_eq!(edited.len(), text.len());
        std::fs::write(&file, edited).unwrap();
        set_mtime(&file, old);
    }
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!(["r02"]), "{status}");
    let shown = ok(retort(p, Some(&db.url), &["show", "r02"]));
    assert!(shown.contains("VARCHAR(40)"), "{shown}");
    let script = ok(retort(p, Some(&db.url), &["upgrade", "r05", "--sql"]));
    assert!(script.contains("note VARCHAR(30)"), "{script}");
    refused(&db, p, &["upgrade", "r05"], "checksum drift");
}
on_each_dialect!(same_size_edit_keeping_mtime: same_size_edit_keeping_mtime_sqlite, same_size_edit_keeping_mtime_postgresql, same_size_edit_keeping_mtime_mysql);

/// A message with a bare carriage return ended the `--` comment for PostgreSQL's lexer, so
/// `psql -f` of the `--sql` script dropped the victim table. Ids with path separators or
/// control characters wrote files outside the project.
fn sql_comment_injection(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    db.exec("CREATE TABLE victim (id INTEGER)").unwrap();
    for message in [
        "add\rDROP TABLE victim; --",
        "add\u{b}\u{c}\u{85}\u{2028}DROP TABLE victim; --",
        "add */ DROP TABLE victim; /*",
    ] {
        ok(retort(p, Some(&db.url), &["revision", "-m", message]));
    }
    let script = ok(retort(p, Some(&db.url), &["upgrade", "heads", "--sql"]));
    let out = run_with_client(&db, &script);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        db.tables().contains(&"victim".to_string()),
        "victim dropped: {script:?}"
    );
    assert_eq!(db.applied().len(), 3, "the script applied every revision");
    // No dialect's line terminator is left inside a comment, whether that lexer minds it or not.
    for line in script.split('\n').filter(|l| l.starts_with("--")) {
        assert!(
            !line.contains(['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}']),
            "{line:?}"
        );
    }

    // Ids: printable ASCII without path separators or blanks, not `..`, at most 64 characters.
    let before = Snapshot::take(&db, p);
    for id in [
        "../../escape",
        "/tmp/retort_abs_id",
        "a\rb",
        "..",
        "a b",
        &"a".repeat(65),
    ] {
        fails(
            retort(p, Some(&db.url), &["revision", "-m", "x", "--rev-id", id]),
            "revision id",
        );
    }
    assert_eq!(Snapshot::take(&db, p), before);
    assert!(!p.join("escape.sql").exists() && !p.parent().unwrap().join("escape.sql").exists());
    ok(retort(
        p,
        Some(&db.url),
        &["revision", "-m", "x", "--rev-id", &"a".repeat(64)],
    ));
    // A dotted id, as projects that predate the rule have, is written, read back and applied.
    ok(retort(
        p,
        Some(&db.url),
        &["revision", "-m", "dotted", "--rev-id", "v1.2"],
    ));
    ok(retort(p, Some(&db.url), &["upgrade", "v1.2"]));
    assert!(db.applied().contains(&"v1.2".to_string()));
}
on_each_dialect!(sql_comment_injection: sql_comment_injection_sqlite, sql_comment_injection_postgresql, sql_comment_injection_mysql);

/// Malformed targets and ranges are usage errors (exit 2) naming the whole argument; a
/// reversed range is refused instead of printing one end.
fn malformed_targets(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let before = Snapshot::take(&db, p);
    for args in [
        &["upgrade", "+-1"][..],
        &["upgrade", "a:b:c"],
        &["downgrade", "--", "-0"],
        &["upgrade", "+0"],
        &["upgrade", "heads-1"],
        &["history", "-r", "a:b:c"],
        &["stamp", "side@"],
    ] {
        let out = retort(p, Some(&db.url), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let argument = args.last().unwrap();
        assert!(err.contains(&format!("{argument:?}")), "{args:?}: {err}");
    }
    assert_eq!(Snapshot::take(&db, p), before);
    let err = refused(&db, p, &["upgrade", "side@nonsense"], "\"side@nonsense\"");
    assert!(err.contains("branch \"side\""), "{err}");
    for range in ["r03:r01", "r03:base", "heads:r01"] {
        refused(&db, p, &["history", "-r", range], "reversed");
    }
}
on_each_dialect!(malformed_targets: malformed_targets_sqlite, malformed_targets_postgresql, malformed_targets_mysql);

// password secrecy: every special character, through every URL source, into every output

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

/// The class test of issue 10 item 7: a password holding every special character, given as
/// `--url` (unencoded and encoded), `DATABASE_URL`, `DATABASE_*` and `retort.toml`'s `${VAR}`,
/// connects (MariaDB checks it; PostgreSQL here trusts loopback logins) and shows nowhere:
/// not in progress, `status`, `--json`, `--verbose`, errors of each stage, nor `retort_log`.
fn password_sweep(dialect: Dialect) {
    let password = EVERY_SPECIAL;
    let mut windows = leak_windows(password);
    windows.extend(leak_windows(LOOKS_ENCODED));
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let user = SweepUser::create(dialect, &db, password, "");
    // Outside URLs a password is taken as written, even one that looks encoded. (PostgreSQL
    // here trusts loopback logins: one role, so that all sources see the same tables.)
    let user2 =
        (dialect == Dialect::Mysql).then(|| SweepUser::create(dialect, &db, LOOKS_ENCODED, "b"));
    let name2 = user2.as_ref().map_or(&user.name, |u| &u.name).clone();
    let parsed = url::Url::parse(&db.url).unwrap();
    let host = parsed.host_str().unwrap().to_string();
    let port = parsed.port().unwrap_or(match dialect {
        Dialect::Mysql => 3306,
        _ => 5432,
    });
    let database = parsed.path().trim_start_matches('/').to_string();
    let scheme = parsed.scheme().to_string();
    let encoded = encode_all(password);
    let url_with = |user: &str, pw: &str, port: u16, database: &str| {
        format!("{scheme}://{user}:{pw}@{host}:{port}/{database}")
    };
    let project = branchy_project();
    let p = project.path();
    std::fs::write(
        p.join("retort.toml"),
        format!(
            "versions = \"versions\"\nurl = \"{scheme}://{}:${{SWEEP_PASSWORD}}@{host}:{port}/{database}\"\n",
            name2
        ),
    )
    .unwrap();
    let run = |what: &str, url: Option<&str>, env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = retort_command(p, url, args);
        cmd.env_remove("SWEEP_PASSWORD");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run retort");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_no_leak(&format!("{what}: retort {args:?}"), &all, &windows);
        (out.status.code(), all)
    };
    let raw_url = url_with(&user.name, password, port, &database);
    let encoded_url = url_with(&user.name, &encoded, port, &database);
    let parts = [
        ("DATABASE_HOST", host.as_str()),
        ("DATABASE_PORT", &port.to_string()),
        ("DATABASE_NAME", database.as_str()),
        ("DATABASE_USER", name2.as_str()),
        ("DATABASE_PASSWORD", LOOKS_ENCODED),
        ("DATABASE_DIALECT", dialect.name()),
    ]
    .map(|(k, v)| (k, v.to_string()));
    let parts: Vec<(&str, &str)> = parts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    type Source<'a> = (&'a str, Option<&'a str>, Vec<(&'a str, &'a str)>);
    let sources: Vec<Source> = vec![
        ("--url unencoded", Some(&raw_url), vec![]),
        ("--url encoded", Some(&encoded_url), vec![]),
        (
            "DATABASE_URL unencoded",
            None,
            vec![("DATABASE_URL", &raw_url)],
        ),
        (
            "DATABASE_URL encoded",
            None,
            vec![("DATABASE_URL", &encoded_url)],
        ),
        ("DATABASE_*", None, parts),
        (
            "retort.toml ${VAR}",
            None,
            vec![("SWEEP_PASSWORD", LOOKS_ENCODED)],
        ),
    ];
    let steps: [&[&str]; 5] = [
        &["upgrade", "r01"],
        &["--json", "status"],
        &["status"],
        &["current", "--verbose"],
        &["--json", "history", "--verbose", "-i"],
    ];
    for (i, (what, url, env)) in sources.iter().enumerate() {
        for args in steps {
            let (code, all) = run(what, *url, env, args);
            assert_eq!(code, Some(0), "{what}: retort {args:?} failed:\n{all}");
        }
        // Each source moves the database one step, so the log has a row per source.
        let target = ["r02", "r03", "r04", "r05", "r06", "base"][i];
        let verb = if target == "base" {
            "downgrade"
        } else {
            "upgrade"
        };
        let (code, all) = run(what, *url, env, &[verb, target]);
        assert_eq!(code, Some(0), "{what}: {verb} {target}:\n{all}");
    }
    let log: Vec<String> = db
        .query("SELECT action, revision, host, os_user, outcome, error FROM retort_log")
        .into_iter()
        .map(|row| row.into_iter().flatten().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(log.len() >= sources.len(), "{log:?}");
    assert_no_leak("retort_log", &log.join("\n"), &windows);

    // Every failing stage, with the password in the URL: nothing listening, no such login, no
    // such database, another kind of server, a URL that does not parse, an unknown parameter.
    let other_server_port = match dialect {
        Dialect::Postgresql => 3306,
        _ => garbage_listener(),
    };
    for pw in [password, encoded.as_str()] {
        let failures = [
            (url_with(&user.name, pw, 1, &database), "cannot reach"),
            (
                url_with("rsw_nobody", pw, port, &database),
                "refused the login",
            ),
            // MariaDB says "access denied" for a database the user may not see.
            (
                url_with(&user.name, pw, port, "rsw_no_such_db"),
                "rsw_no_such_db",
            ),
            (
                url_with(&user.name, pw, other_server_port, &database),
                "did not answer as",
            ),
            (
                format!("{scheme}://{}:{pw}@{host}:notaport/x", user.name),
                "invalid database URL",
            ),
            (
                format!("{}?bogus=1", url_with(&user.name, pw, port, &database)),
                "parameter",
            ),
        ];
        for (url, says) in &failures {
            for args in [
                &["status"][..],
                &["--json", "upgrade", "heads"],
                &["current", "--verbose"],
            ] {
                let (code, all) = run("a failing stage", Some(url), &[], args);
                assert_eq!(code, Some(1), "{all}");
                assert!(all.contains(says), "expected {says:?}: {all}");
            }
        }
    }
    // The same stages through the variables: nothing listening, no such database.
    let port_text = port.to_string();
    for (what, var, value, says) in [
        ("DATABASE_PORT=1", "DATABASE_PORT", "1", "cannot reach"),
        (
            "DATABASE_NAME",
            "DATABASE_NAME",
            "rsw_no_such_db",
            "rsw_no_such_db",
        ),
    ] {
        let env: Vec<(&str, &str)> = [
            ("DATABASE_HOST", host.as_str()),
            ("DATABASE_PORT", port_text.as_str()),
            ("DATABASE_NAME", database.as_str()),
            ("DATABASE_USER", name2.as_str()),
            ("DATABASE_PASSWORD", LOOKS_ENCODED),
            ("DATABASE_DIALECT", dialect.name()),
        ]
        .into_iter()
        .map(|(k, v)| if k == var { (k, value) } else { (k, v) })
        .collect();
        for args in [&["status"][..], &["--json", "upgrade", "heads"]] {
            let (code, all) = run(what, None, &env, args);
            assert_eq!(code, Some(1), "{all}");
            assert!(all.contains(says), "expected {says:?}: {all}");
        }
    }
}

#[test]
fn password_sweep_postgresql() {
    password_sweep(Dialect::Postgresql);
}

#[test]
fn password_sweep_mysql() {
    password_sweep(Dialect::Mysql);
}

// ---------------------------------------------------------------------------------------------
// which database: sources, parameters, databases that cannot hold bookkeeping, other servers

/// `--url`, `DATABASE_URL` and `DATABASE_*` win over a `retort.toml` url whose `${VAR}` is
/// unset: the configured URL is only read when nothing before it names a database.
#[test]
fn higher_sources_override_a_configured_url_with_an_unset_variable() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    std::fs::write(
        p.join("retort.toml"),
        "versions = \"versions\"\nurl = \"postgresql://app:${RETORT_UNSET_PW}@h/db\"\n",
    )
    .unwrap();
    ok(retort(p, Some(&db.url), &["upgrade", "r01"]));
    let env_url = ok(retort_command(p, None, &["current"])
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap());
    assert!(env_url.contains("r01"), "{env_url}");
    let parts = ok(retort_command(p, None, &["current"])
        .env("DATABASE_DIALECT", "sqlite")
        .env("DATABASE_HOST", "unused")
        .env("DATABASE_NAME", db.sqlite_path())
        .output()
        .unwrap());
    assert!(parts.contains("r01"), "{parts}");
    fails(retort(p, None, &["current"]), "RETORT_UNSET_PW is not set");
}

/// A MySQL URL without a database is refused at once (it used to wait the whole lock timeout
/// on `GET_LOCK(NULL)`); a PostgreSQL one means the user's own database, as for psql.
#[test]
fn a_mysql_url_without_a_database_is_refused_at_once() {
    let (Some(my), Some(pg)) = (
        TestDb::new(Dialect::Mysql),
        TestDb::new(Dialect::Postgresql),
    ) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let server = my.url.rsplit_once('/').unwrap().0.to_string();
    for url in [server.clone(), format!("{server}/")] {
        for args in [
            &["upgrade", "heads"][..],
            &["stamp", "heads"],
            &["current"],
            &["status"],
        ] {
            let started = Instant::now();
            one_line_failure(p, &url, args, "no database in the URL", None);
            assert!(started.elapsed() < Duration::from_secs(5));
        }
    }
    let pg_server = pg.url.rsplit_once('/').unwrap().0.to_string();
    ok(retort(p, Some(&pg_server), &["current"]));
}

/// `sqlite://`, `sqlite:///:memory:` and an empty path (`sqlite:///$UNSET`) are refused: an
/// upgrade there reported success and kept nothing. `?mode=ro` and unknown parameters are
/// refused by name instead of ignored (the file is not written).
#[test]
fn in_memory_sqlite_and_unknown_url_parameters_are_refused() {
    let project = branchy_project();
    let p = project.path();
    let dir = tempfile::tempdir().unwrap();
    for url in ["sqlite:///", "sqlite://", "sqlite:///:memory:"] {
        for args in [
            &["upgrade", "heads"][..],
            &["stamp", "heads"],
            &["current"],
            &["status"],
        ] {
            one_line_failure(p, url, args, "in-memory database", None);
        }
    }
    let file = dir.path().join("ro.db");
    let ro = format!("sqlite:///{}?mode=ro", file.display());
    one_line_failure(
        p,
        &ro,
        &["upgrade", "heads"],
        "URL parameter \"mode\"",
        None,
    );
    assert!(!file.exists(), "the file was created");
    for (url, name) in [
        (
            "postgresql://postgres@127.0.0.1:5432/postgres?sslmod=disable",
            "sslmod",
        ),
        (
            "mysql://root@127.0.0.1:3306/mysql?ssl_ca=/ca.pem",
            "ssl_ca\" for mysql (this driver spells it ssl-ca)",
        ),
    ] {
        one_line_failure(
            p,
            url,
            &["current"],
            &format!("URL parameter \"{name}"),
            None,
        );
    }
    let fine = format!("sqlite:///{}?check_same_thread=False", file.display());
    ok(retort(p, Some(&fine), &["upgrade", "r01"]));
}

/// URLs as they are pasted from an application's settings work: PostgreSQL's server named by a
/// `host` parameter with no host in the URL (SQLAlchemy's socket form), and `connect_timeout`,
/// which bounds the connect instead of being refused (a silent server is given up on after it,
/// not after `--lock-timeout`).
#[test]
fn pasted_url_forms_connect_and_connect_timeout_bounds_the_connect() {
    let Some(pg) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let u = url::Url::parse(&pg.url).unwrap();
    let (host, port, name) = (
        u.host_str().unwrap().to_string(),
        u.port().unwrap(),
        u.path().trim_start_matches('/').to_string(),
    );
    let project = branchy_project();
    let p = project.path();
    let pasted = format!(
        "postgresql+psycopg2://postgres@/{name}?host={host}&port={port}&sslmode=disable&connect_timeout=10&application_name=web"
    );
    ok(retort(p, Some(&pasted), &["upgrade", "r01"]));
    let current = ok(retort(p, Some(&pg.url), &["current"]));
    assert!(current.contains("r01"), "{current}");
    // PostgreSQL waits for the client to speak first: a MySQL client there hears nothing.
    let silent = format!("mysql://root@{host}:{port}/x?connect_timeout=2");
    let started = Instant::now();
    let err = one_line_failure(
        p,
        &silent,
        &["--lock-timeout", "60", "status"],
        "within 2 s (connect_timeout)",
        None,
    );
    assert!(started.elapsed() < Duration::from_secs(15), "{err}");
}

/// A port where another kind of server answers gets a message naming host:port and the
/// protocol expected, not the driver's raw protocol error; `--help` says that `--lock-timeout`
/// is also the connect timeout.
#[test]
fn another_kind_of_server_on_the_port_is_named() {
    let (Some(my), Some(pg)) = (
        TestDb::new(Dialect::Mysql),
        TestDb::new(Dialect::Postgresql),
    ) else {
        return;
    };
    let address = |url: &str| {
        let u = url::Url::parse(url).unwrap();
        format!("{}:{}", u.host_str().unwrap(), u.port().unwrap())
    };
    let (my_at, pg_at) = (address(&my.url), address(&pg.url));
    let garbage = format!("127.0.0.1:{}", garbage_listener());
    let project = branchy_project();
    let p = project.path();
    for (url, at, kind, timeout) in [
        (
            format!("postgresql://postgres@{my_at}/x"),
            &my_at,
            "PostgreSQL",
            "60",
        ),
        (
            format!("postgresql://postgres@{garbage}/x"),
            &garbage,
            "PostgreSQL",
            "60",
        ),
        (
            format!("mysql://root@{garbage}/x"),
            &garbage,
            "MySQL/MariaDB",
            "60",
        ),
        // PostgreSQL waits for the client to speak first: silence until the timeout.
        (
            format!("mysql://root@{pg_at}/x"),
            &pg_at,
            "MySQL/MariaDB",
            "2",
        ),
    ] {
        let started = Instant::now();
        let err = one_line_failure(
            p,
            &url,
            &["--lock-timeout", timeout, "status"],
            &format!("{at} did not answer as a {kind} server"),
            None,
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{err}");
    }
    let help = ok(retort(p, None, &["--help"]));
    assert!(help.contains("answer the connect"), "{help}");
}
