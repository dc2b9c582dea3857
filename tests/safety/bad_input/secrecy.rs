//! Password secrecy: a password with every special character, through every URL source, shows in
//! no output, error or log row.

use super::*;

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
