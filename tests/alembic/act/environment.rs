//! How the database reaches alembic: in the child's environment, never on its command line nor in
//! retort's output, whatever characters the password holds, and from a profile with its keyring
//! password.

use super::*;

/// A script that records alembic's arguments and environment (in `record.args` and
/// `record.env`), then runs the real alembic.
fn recording_wrapper(al: &Alembic, dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let record = dir.join("record");
    let wrapper = dir.join("alembic-wrapper.sh");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.args'\nenv > '{0}.env'\nexec '{1}' \"$@\"\n",
            record.display(),
            al.executable().display()
        ),
    )
    .expect("wrapper");
    let mut perms = fs::metadata(&wrapper).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    fs::set_permissions(&wrapper, perms).expect("chmod");
    (wrapper, record)
}

/// The database chosen with `--url` reaches alembic in the child's environment, in the driver
/// alembic.ini names; the password is never on alembic's command line nor in retort's output.
#[test]
fn database_goes_through_the_environment() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let mut url = url::Url::parse(&db.url).expect("test url");
    if url.password().is_none() {
        url.set_password(Some("s3cret-Pw")).expect("password");
    }
    let secret = url.password().expect("a password").to_string();
    // alembic.ini names another database; env.py prefers DATABASE_URL, as many projects do.
    let p = support::branchy(&support::sqlalchemy_url(
        "postgresql://nobody@127.0.0.1:5432/not_this_one",
    ));
    let (wrapper, record) = recording_wrapper(al, &p.root);

    let out = p
        .retort_command(&[
            "--url",
            url.as_str(),
            "--alembic-command",
            &wrapper.display().to_string(),
            "upgrade",
            "heads",
        ])
        .output()
        .expect("retort");
    let err = succeeded(&out, "upgrade heads through the wrapper");
    assert!(err.contains("found: --alembic-command"), "{err}");
    assert!(err.contains("in DATABASE_URL and DATABASE_*"), "{err}");
    let args = fs::read_to_string(record.with_extension("args")).expect("args");
    let env = fs::read_to_string(record.with_extension("env")).expect("env");
    assert!(
        !args.contains(&secret),
        "the password is on alembic's command line: {args}"
    );
    assert!(
        !text(&out.stdout).contains(&secret) && !err.contains(&secret),
        "retort printed the password"
    );
    assert!(
        env.contains(&format!("DATABASE_PASSWORD={secret}")),
        "{env}"
    );
    assert!(
        env.lines()
            .any(|l| l.starts_with("DATABASE_URL=postgresql+psycopg2://")),
        "{env}"
    );
    // alembic acted on the database of --url: ask alembic itself, handing it the same URL.
    let alembic_says = al
        .command(&p, &["current"])
        .env("DATABASE_URL", support::sqlalchemy_url(url.as_str()))
        .output()
        .expect("alembic current");
    let alembic_current = set(first_tokens(&text(&alembic_says.stdout)));
    let retort_current = p
        .retort_command(&["--url", url.as_str(), "--json", "current"])
        .output()
        .expect("retort current");
    let json: Value = serde_json::from_slice(&retort_current.stdout).expect("json");
    assert!(
        !alembic_current.is_empty(),
        "{}",
        text(&alembic_says.stderr)
    );
    assert_eq!(strings(&json["current"]), alembic_current);
}

/// A password holding every special character, given as `--url` (unencoded) and as
/// `DATABASE_*`, reaches alembic whole in its environment (SQLAlchemy then parses the URL retort
/// hands it and connects) and shows neither on alembic's command line nor in retort's output.
#[test]
fn a_password_with_every_special_character_reaches_alembic_only_in_its_environment() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let password = "Pw1 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é€";
    let url = url::Url::parse(&db.url).expect("test url");
    let (host, port) = (url.host_str().unwrap(), url.port().unwrap_or(5432));
    let database = url.path().trim_start_matches('/');
    let user = url.username();
    let p = support::branchy(&support::sqlalchemy_url(
        "postgresql://nobody@127.0.0.1:5432/not_this_one",
    ));
    let (wrapper, record) = recording_wrapper(al, &p.root);
    let with_url = format!("postgresql://{user}:{password}@{host}:{port}/{database}");
    let port_text = port.to_string();
    let parts = [
        ("DATABASE_HOST", host),
        ("DATABASE_PORT", port_text.as_str()),
        ("DATABASE_NAME", database),
        ("DATABASE_USER", user),
        ("DATABASE_PASSWORD", password),
    ];
    for (what, target, url, env) in [
        ("--url", "5c0d2e8f1a36", Some(with_url.as_str()), &[][..]),
        ("DATABASE_*", "heads", None, &parts[..]),
    ] {
        let mut args = vec!["--alembic-command", wrapper.to_str().unwrap()];
        if let Some(url) = url {
            args.extend(["--url", url]);
        }
        args.extend(["upgrade", target]);
        let mut cmd = p.retort_command(&args);
        cmd.envs(env.iter().copied());
        let out = cmd.output().expect("retort");
        let err = succeeded(
            &out,
            &format!("upgrade {target} with the password in {what}"),
        );
        let argv = fs::read_to_string(record.with_extension("args")).expect("args");
        let child_env = fs::read_to_string(record.with_extension("env")).expect("env");
        for form in [password, "Pw1%20%21", "Pw1 !\\\""] {
            assert!(
                !argv.contains(form),
                "{what}: on alembic's command line: {argv}"
            );
            assert!(
                !err.contains(form) && !text(&out.stdout).contains(form),
                "{what}: retort printed the password: {err}"
            );
        }
        assert!(
            child_env.contains(&format!("DATABASE_PASSWORD={password}")),
            "{what}: {child_env}"
        );
    }
    assert!(
        db.tables().contains(&"alembic_version".to_string()),
        "alembic did not act on the database the URL names"
    );
}

/// A profile (as the app saves it) names the alembic to run, a variable the project's env.py
/// reads the password from, and one more variable; the password comes from the real keyring and
/// reaches alembic only through its environment.
#[test]
fn a_profile_hands_alembic_its_password_variable() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let name = format!("alembic-profile-{}", std::process::id());
    let password = "Pw-for alembic 1";
    if let Err(e) = retort::profile::secret::set_password(&name, password) {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "the keyring is needed under CI: {e}"
        );
        eprintln!("SKIPPED: no usable keyring: {e}");
        return;
    }
    let p = support::branchy(&support::sqlalchemy_url(
        "postgresql://nobody@127.0.0.1:5432/not_this_one",
    ));
    let (wrapper, record) = recording_wrapper(al, &p.root);
    let url = url::Url::parse(&db.url).expect("test url");
    let profile = serde_json::json!({
        "name": name,
        "project": p.root,
        "dialect": "postgresql",
        "host": url.host_str(),
        "port": url.port(),
        "database": url.path().trim_start_matches('/'),
        "user": url.username(),
        "hasPassword": true,
        "alembicCommand": wrapper,
        "passwordVariable": "APP_DB_PASSWORD",
        "extraEnv": {"APP_ENV": "staging"},
    });
    let store = p.root.join("profiles.json");
    fs::write(
        &store,
        serde_json::json!({ "profiles": [profile] }).to_string(),
    )
    .expect("store");
    let out = p
        .retort_command(&["--profile", &name, "upgrade", "heads"])
        .env("RETORT_PROFILES", &store)
        .output()
        .expect("retort");
    let _ = retort::profile::secret::delete_password(&name);
    let err = succeeded(&out, "upgrade heads with a profile");
    assert!(err.contains("found: --alembic-command"), "{err}");
    let env = fs::read_to_string(record.with_extension("env")).expect("env");
    let args = fs::read_to_string(record.with_extension("args")).expect("args");
    assert!(
        env.lines()
            .any(|l| l == format!("APP_DB_PASSWORD={password}")),
        "{env}"
    );
    assert!(
        env.lines()
            .any(|l| l == format!("DATABASE_PASSWORD={password}")),
        "{env}"
    );
    assert!(env.lines().any(|l| l == "APP_ENV=staging"), "{env}");
    assert!(
        !args.contains(password)
            && !err.contains(password)
            && !text(&out.stdout).contains(password)
    );
    assert!(
        db.tables().contains(&"alembic_version".to_string()),
        "alembic did not act on the profile's database"
    );
}
