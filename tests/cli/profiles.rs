//! `--profile NAME`: the app's profiles file read by the CLI, the password taken from the real
//! OS keyring (on Linux the Secret Service of a gnome-keyring unlocked in a private D-Bus
//! session, as `scripts/test.sh` starts it), never written to the file or printed.

use crate::common;
use crate::common::secrets::{assert_no_leak, leak_windows, SweepUser, LOOKS_ENCODED};
use crate::common::{retort_bare, TestDb};
use retort::profile::{secret, Profile, ProfileStore};
use retort::Dialect;
use std::path::Path;
use std::process::{Command, Output};

/// Whether a Secret Service answers here; `None` (skip) outside CI without one.
fn keyring_ready() -> bool {
    let probe = format!("retort-probe-{}", std::process::id());
    match secret::set_password(&probe, "probe").and_then(|()| secret::delete_password(&probe)) {
        Ok(()) => true,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the keyring is needed under CI (scripts/test.sh starts one): {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED: no usable keyring here: {e}");
            false
        }
    }
}

fn secret_tool_lookup(name: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", secret::SERVICE, "username", name])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn profile(name: &str, project: &Path, db: &TestDb) -> Profile {
    let url = url::Url::parse(&db.url).expect("test url");
    Profile {
        name: name.into(),
        project: project.to_path_buf(),
        dialect: db.dialect,
        host: url.host_str().map(str::to_string),
        port: url.port(),
        database: Some(url.path().trim_start_matches('/').to_string()),
        user: Some(url.username().to_string()),
        sqlite_file: None,
        tls: Default::default(),
        environment: Default::default(),
        colour: None,
        protected: false,
        has_password: true,
        alembic_command: None,
        password_variable: None,
        extra_env: Default::default(),
    }
}

fn retort_with_profiles(store: &Path, args: &[&str]) -> Output {
    retort_bare()
        .env("RETORT_PROFILES", store)
        .args(args)
        .output()
        .expect("run retort")
}

#[test]
fn a_profile_connects_with_the_keyring_password_and_never_shows_it() {
    if !keyring_ready() {
        return;
    }
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let project = common::demo_project();
    let dir = tempfile::tempdir().expect("tempdir");
    let store_path = dir.path().join("org.retort.app/profiles.json");
    let name = format!("retort-test-{}", std::process::id());
    let password = "Sup3r-secret pw";
    secret::set_password(&name, password).expect("store the password");
    assert_eq!(
        secret_tool_lookup(&name).as_deref(),
        Some(password),
        "not in the Secret Service"
    );

    let mut store = ProfileStore::open(&store_path).expect("store");
    store.put(profile(&name, project.path(), &db));
    store.save().expect("save");

    let up = retort_with_profiles(&store_path, &["--profile", &name, "upgrade", "head"]);
    let current = retort_with_profiles(&store_path, &["--profile", &name, "--json", "current"]);
    let bad = retort_with_profiles(&store_path, &["--profile", "nobody", "current"]);
    secret::delete_password(&name).expect("delete");
    let gone = retort_with_profiles(&store_path, &["--profile", &name, "current"]);

    let text = |o: &Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    assert!(up.status.success(), "{}", text(&up));
    assert!(current.status.success(), "{}", text(&current));
    assert!(text(&current).contains("\"current\""), "{}", text(&current));
    assert!(
        db.tables().contains(&"books".to_string()),
        "the profile's database was not upgraded"
    );
    for out in [&up, &current, &bad, &gone] {
        assert!(
            !text(out).contains(password),
            "the password was printed: {}",
            text(out)
        );
    }
    let file = std::fs::read_to_string(&store_path).expect("store file");
    assert!(
        !file.contains(password),
        "the password is in the store file"
    );
    assert!(
        text(&bad).contains("no profile named \"nobody\""),
        "{}",
        text(&bad)
    );
    // Deleted from the keyring: a clear error naming the profile, not a connection attempt.
    assert_eq!(gone.status.code(), Some(1));
    assert!(text(&gone).contains("keyring"), "{}", text(&gone));
    assert!(secret_tool_lookup(&name).is_none());
}

/// The password sweep (issue 10 item 7) for profiles: a MariaDB login whose password holds every
/// special character, kept in the keyring, connects through `--profile` (MariaDB checks it) and
/// shows in no output, also when the connection fails.
#[test]
fn a_profile_password_with_every_special_character_connects_and_never_shows() {
    if !keyring_ready() {
        return;
    }
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    let user = SweepUser::create(Dialect::Mysql, &db, LOOKS_ENCODED, "");
    let windows = leak_windows(LOOKS_ENCODED);
    let project = common::demo_project();
    let dir = tempfile::tempdir().expect("tempdir");
    let store_path = dir.path().join("profiles.json");
    let name = format!("retort-sweep-{}", std::process::id());
    secret::set_password(&name, LOOKS_ENCODED).expect("store the password");
    let mut good = profile(&name, project.path(), &db);
    good.user = Some(user.name.clone());
    let mut refused = good.clone();
    refused.name = format!("{name}-refused");
    refused.port = Some(1);
    let mut no_db = good.clone();
    no_db.name = format!("{name}-nodb");
    no_db.database = Some("rsw_no_such_db".into());
    secret::set_password(&refused.name, LOOKS_ENCODED).expect("store");
    secret::set_password(&no_db.name, LOOKS_ENCODED).expect("store");
    let mut store = ProfileStore::open(&store_path).expect("store");
    for p in [&good, &refused, &no_db] {
        store.put(p.clone());
    }
    store.save().expect("save");
    let mut outs = Vec::new();
    for args in [
        &["upgrade", "head"][..],
        &["--json", "current"],
        &["status"],
        &["--json", "status"],
        &["current", "--verbose"],
    ] {
        let out = retort_with_profiles(&store_path, &[&["--profile", &name][..], args].concat());
        outs.push((format!("{args:?}"), out, true));
    }
    for failing in [&refused.name, &no_db.name] {
        for args in [&["status"][..], &["--json", "upgrade", "head"]] {
            let out =
                retort_with_profiles(&store_path, &[&["--profile", failing][..], args].concat());
            outs.push((format!("{failing} {args:?}"), out, false));
        }
    }
    for p in [&good, &refused, &no_db] {
        let _ = secret::delete_password(&p.name);
    }
    for (what, out, succeeds) in &outs {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.success(), *succeeds, "{what}: {all}");
        assert_no_leak(what, &all, &windows);
    }
    assert!(db.tables().contains(&"books".to_string()));
    drop(user);
}
