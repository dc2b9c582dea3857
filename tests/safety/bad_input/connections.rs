//! Databases that cannot be reached or used: an unreachable host, a wrong password, an unknown
//! database, which source names the database, URL forms and parameters, another kind of server.

use super::*;

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
