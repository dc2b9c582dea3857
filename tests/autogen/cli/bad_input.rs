//! Bad input is one clear error with a stable code, exit 1, and nothing written: a syntax
//! error in schema.sql (file, line, the database's message), a feature the dialect lacks, an
//! unreachable dev server, a role that may not create databases, a missing schema.sql.

use super::{json_error, Project, USERS_POSTS};
use crate::common::{admin_exec_pub, stderr, DIALECTS};
use retort::Dialect;

/// Runs `args` with `--json` and without; both exit 1 with `code`; writes no revision.
/// Returns the plain (non-JSON) stderr.
#[track_caller]
fn clear_error(p: &Project, args: &[&str], code: &str) -> String {
    let before = p.versions();
    let mut json = vec!["--json"];
    json.extend_from_slice(args);
    let (got, message) = json_error(&p.run(&json));
    assert_eq!(got, code, "{}: {args:?}: {message}", p.db.dialect);
    let out = p.run(args);
    assert_eq!(out.status.code(), Some(1), "{}: {args:?}", p.db.dialect);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("error: "), "{}: {err}", p.db.dialect);
    assert_eq!(
        p.versions(),
        before,
        "{}: {args:?} wrote a file",
        p.db.dialect
    );
    err
}

const AUTOGEN: &[&str] = &["revision", "--autogenerate", "-m", "x"];

#[test]
fn a_syntax_error_names_the_file_line_and_database_message() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.write_schema("-- users\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n\nCREATE TABLEX posts (id INTEGER);\n");
        for args in [AUTOGEN, &["check"]] {
            let err = clear_error(&p, args, "schema_file_failed");
            assert!(
                err.contains("schema.sql:4"),
                "{dialect}: no file:line in {err}"
            );
            assert!(
                err.contains("TABLEX"),
                "{dialect}: no statement or message in {err}"
            );
            // The database's own words: SQLite "syntax error", PostgreSQL "syntax error at or
            // near", MariaDB "You have an error in your SQL syntax".
            assert!(
                err.contains("syntax error") || err.contains("SQL syntax"),
                "{dialect}: no database message in {err}"
            );
        }
    }
}

#[test]
fn a_feature_the_dialect_lacks_is_reported_by_the_database() {
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.write_schema("CREATE TYPE mood AS ENUM ('sad', 'happy');\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n");
        let err = clear_error(&p, AUTOGEN, "schema_file_failed");
        assert!(
            err.contains("schema.sql:1") && err.contains("CREATE TYPE"),
            "{dialect}: {err}"
        );
    }
}

#[test]
fn an_unreachable_dev_server_is_one_clear_line() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.write_schema(USERS_POSTS);
        let dev = "--dev-url=postgresql://postgres@127.0.0.1:1/x";
        let args: &[&str] = &[dev, "revision", "--autogenerate", "-m", "x"];
        if dialect != Dialect::Postgresql {
            // A PostgreSQL dev server for a SQLite or MariaDB project is a mismatch.
            let out = p.run(args);
            assert_eq!(out.status.code(), Some(1), "{dialect}: {}", stderr(&out));
            continue;
        }
        let err = clear_error(&p, args, "connect_unreachable");
        assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
        assert!(err.contains("127.0.0.1:1"), "{err}");
        clear_error(&p, &[dev, "check"], "connect_unreachable");
    }
}

#[test]
fn a_role_without_createdb_gets_scratch_denied_suggesting_dev_url() {
    let Some(p) = Project::new(Dialect::Postgresql) else {
        return;
    };
    p.write_schema(USERS_POSTS);
    let role = format!("retort_agcli_nocreate_{}", std::process::id());
    let database = p.db.url.rsplit('/').next().unwrap_or_default().to_string();
    admin_exec_pub(
        Dialect::Postgresql,
        &[
            &format!("DROP ROLE IF EXISTS {role}"),
            &format!("CREATE ROLE {role} LOGIN NOCREATEDB"),
            &format!("GRANT ALL ON DATABASE {database} TO {role}"),
        ],
    )
    .expect("create role");
    let url = format!("postgresql://{role}@127.0.0.1:5432/{database}");
    let result = std::panic::catch_unwind(|| {
        for args in [
            &["--url", &url, "check"][..],
            &["--url", &url, "revision", "--autogenerate", "-m", "x"],
        ] {
            let err = clear_error(&p, args, "scratch_denied");
            assert!(err.contains("--dev-url"), "{err}");
        }
    });
    let _ = admin_exec_pub(
        Dialect::Postgresql,
        &[
            &format!("REVOKE ALL ON DATABASE {database} FROM {role}"),
            &format!("DROP ROLE IF EXISTS {role}"),
        ],
    );
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_missing_schema_sql_is_a_clear_error() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        for args in [AUTOGEN, &["check"]] {
            let err = clear_error(&p, args, "invalid");
            assert!(
                err.contains("schema.sql does not exist"),
                "{dialect}: {err}"
            );
        }
        // Said before any scratch database is built: an unreachable dev server is not even
        // tried (the revisions side, replayed first, would need it).
        if dialect == Dialect::Postgresql {
            let dev = "--dev-url=postgresql://postgres@127.0.0.1:1/x";
            clear_error(&p, &[dev, "check"], "invalid");
        }
    }
}
