//! The connection chain: which database `--url`, `DATABASE_URL`, `DATABASE_*` and `retort.toml`
//! make the commands use.

use super::*;

fn connection_chain(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let run = |cmd: &mut std::process::Command| cmd.output().unwrap();

    // DATABASE_URL.
    ok(run(
        retort_command(p, None, &["upgrade", "r01"]).env("DATABASE_URL", &db.url)
    ));
    assert_state(&db, &["r01"]);

    // --url wins over DATABASE_URL.
    ok(run(
        retort_command(p, Some(&db.url), &["upgrade", "r02"]).env("DATABASE_URL", UNREACHABLE_PG)
    ));
    assert_state(&db, &["r01", "r02"]);

    // url = "${VAR}" in retort.toml, with the variable set; a missing variable is named.
    let config = p.join("retort.toml");
    std::fs::write(
        &config,
        "versions = \"versions\"\nurl = \"${RETORT_TEST_CHAIN_URL}\"\n",
    )
    .unwrap();
    ok(run(
        retort_command(p, None, &["upgrade", "r03"]).env("RETORT_TEST_CHAIN_URL", &db.url)
    ));
    assert_state(&db, &["r01", "r02", "r03"]);
    fails(
        retort(p, None, &["upgrade", "r05"]),
        "RETORT_TEST_CHAIN_URL",
    );
    assert_state(&db, &["r01", "r02", "r03"]);

    // DATABASE_URL wins over retort.toml.
    std::fs::write(
        &config,
        format!("versions = \"versions\"\nurl = \"{UNREACHABLE_PG}\"\n"),
    )
    .unwrap();
    ok(run(
        retort_command(p, None, &["upgrade", "r05"]).env("DATABASE_URL", &db.url)
    ));
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    // ... and retort.toml is used when nothing else names a database.
    fails(retort(p, None, &["current"]), "127.0.0.1:1");

    // The URL forms Alembic users write reach the same database.
    let variants: Vec<(String, Option<&Path>)> = match dialect {
        Dialect::Sqlite => {
            let file = db.sqlite_path();
            vec![
                (format!("sqlite:{}", file.display()), None),
                (format!("sqlite+pysqlite:///{}", file.display()), None),
                // Three slashes: relative to the current folder.
                ("sqlite:///test.db".to_string(), Some(db.dir.as_path())),
            ]
        }
        Dialect::Postgresql => {
            let rest = db.url.split_once("://").unwrap().1;
            vec![
                (format!("postgres://{rest}"), None),
                (format!("postgresql+psycopg2://{rest}"), None),
            ]
        }
        Dialect::Mysql => {
            let rest = db.url.split_once("://").unwrap().1;
            vec![
                (format!("mariadb://{rest}"), None),
                (format!("mysql+pymysql://{rest}"), None),
            ]
        }
    };
    for (url, cwd) in variants {
        let mut cmd = retort_command(p, Some(&url), &["current"]);
        if let Some(cwd) = cwd {
            cmd.current_dir(cwd);
        }
        assert_eq!(lines(&ok(run(&mut cmd))), ["r05"], "{url}");
    }

    // DATABASE_HOST/PORT/NAME/USER (+ DATABASE_DIALECT), before retort.toml.
    if dialect != Dialect::Sqlite {
        let parsed = url::Url::parse(&db.url).unwrap();
        let mut cmd = retort_command(p, None, &["upgrade", "side@base"]);
        cmd.env("DATABASE_HOST", parsed.host_str().unwrap())
            .env(
                "DATABASE_PORT",
                parsed
                    .port()
                    .unwrap_or(if dialect == Dialect::Mysql {
                        3306
                    } else {
                        5432
                    })
                    .to_string(),
            )
            .env("DATABASE_NAME", parsed.path().trim_start_matches('/'))
            .env("DATABASE_USER", parsed.username());
        if dialect == Dialect::Mysql {
            cmd.env("DATABASE_DIALECT", "mysql");
        }
        ok(run(&mut cmd));
        assert_state(&db, &["r01", "r02", "r03", "r04", "r05"]);

        if dialect == Dialect::Postgresql {
            // The local server trusts loopback, so a password is accepted and must never show.
            let mut cmd = retort_command(p, None, &["status"]);
            cmd.env("DATABASE_HOST", parsed.host_str().unwrap())
                .env("DATABASE_PORT", parsed.port().unwrap_or(5432).to_string())
                .env("DATABASE_NAME", parsed.path().trim_start_matches('/'))
                .env("DATABASE_USER", parsed.username())
                .env("DATABASE_PASSWORD", "s3cretPassw0rd");
            let out = run(&mut cmd);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            ok(out);
            assert!(!all.contains("s3cretPassw0rd"), "{all}");
            assert!(all.contains("***"), "the password is masked: {all}");
        }
    }
}

on_each_dialect!(connection_chain: connection_chain_sqlite, connection_chain_postgresql, connection_chain_mysql);
