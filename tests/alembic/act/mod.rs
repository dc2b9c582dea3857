//! Acting on Alembic projects through retort: upgrade, downgrade, stamp, `--sql`, `revision`,
//! `merge`, `revision --autogenerate` and `check` run the project's own alembic (the real one from
//! PyPI, in the cached virtual environment, found as the project's `.venv`); afterwards alembic
//! itself is asked where the database is, and the database's tables are looked at.

use crate::common::alembic as support;
use crate::common::alembic::{alembic, first_tokens, Alembic, Project, ENV_PY, SCRIPT_MAKO};
use crate::common;
use crate::common::{text, TestDb};
use retort::Dialect;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Output;

fn set<S: ToString>(items: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    items.into_iter().map(|s| s.to_string()).collect()
}

fn strings(value: &Value) -> BTreeSet<String> {
    set(value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default())
}

/// Gives the project the cached venv as its `.venv`, as a developer's checkout has one.
fn give_venv(al: &Alembic, dir: &Path) {
    std::os::unix::fs::symlink(al.venv_dir(), dir.join(".venv")).expect("link .venv");
}

/// Where alembic itself says the database is.
fn alembic_current(al: &Alembic, p: &Project) -> BTreeSet<String> {
    set(first_tokens(&al.run(p, &["current"])))
}

#[track_caller]
fn succeeded(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "retort {what} failed: {}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stderr)
}

/// The revisions retort reported running, from its progress lines.
fn ran(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("Running upgrade ")
                .or_else(|| l.strip_prefix("Running downgrade "))
        })
        .filter_map(|rest| rest.split(',').next())
        .map(str::to_string)
        .collect()
}

/// Upgrade to head, downgrade -1, downgrade base, upgrade to a revision and stamp, each through
/// retort; after each, alembic, retort and the tables agree on where the database is.
fn moves(dialect: Dialect) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let id = |i: usize| p.revisions[i].id.clone();
    let steps: Vec<(Vec<String>, Vec<String>, Vec<String>)> = vec![
        // (retort arguments, alembic's current afterwards, revisions run in order)
        (
            vec!["upgrade".into(), "head".into()],
            vec![id(4)],
            (0..5).map(id).collect(),
        ),
        (
            vec!["downgrade".into(), "-1".into()],
            vec![id(3)],
            vec![id(4)],
        ),
        (
            vec!["downgrade".into(), "base".into()],
            vec![],
            (0..4).rev().map(id).collect(),
        ),
        (
            vec!["upgrade".into(), id(2)],
            vec![id(2)],
            (0..3).map(id).collect(),
        ),
        (vec!["stamp".into(), "head".into()], vec![id(4)], vec![]),
    ];
    for (args, current, expected_run) in steps {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("{args:?} on {dialect}");
        let err = succeeded(&p.retort(&args), &what);
        assert!(
            err.contains("(found: the virtual environment"),
            "{what}: retort did not say it ran the project's .venv alembic: {err}"
        );
        assert!(
            err.contains("alembic will use sqlalchemy.url from"),
            "{what}: retort did not say which database alembic touches: {err}"
        );
        assert_eq!(ran(&err), expected_run, "{what}: progress lines\n{err}");
        let current_set = set(&current);
        assert_eq!(
            alembic_current(al, &p),
            current_set,
            "{what}: alembic current"
        );
        let shown = if current.is_empty() {
            "<base>".to_string()
        } else {
            current.join(", ")
        };
        assert!(
            err.contains(&format!("re-read from alembic_version): {shown}")),
            "{what}: the state shown afterwards: {err}"
        );
        let json = p.retort_json(&["current"]);
        assert_eq!(
            strings(&json["current"]),
            current_set,
            "{what}: retort current"
        );
    }
    // stamp ran nothing: the tables are those of the upgrade to id(2).
    let tables: BTreeSet<String> = db
        .tables()
        .into_iter()
        .filter(|t| t.starts_with("t_"))
        .collect();
    assert_eq!(
        tables,
        set((0..3).map(|i| format!("t_{}", id(i)))),
        "{dialect}: tables"
    );
}

#[test]
fn moves_sqlite() {
    moves(Dialect::Sqlite);
}

#[test]
fn moves_postgresql() {
    moves(Dialect::Postgresql);
}

/// `--sql` is alembic's offline mode: the SQL of every revision, and the database untouched.
#[test]
fn offline_sql_touches_nothing() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Postgresql) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let out = p.retort(&["upgrade", "head", "--sql"]);
    succeeded(&out, "upgrade head --sql");
    let sql = text(&out.stdout);
    for r in &p.revisions {
        assert!(sql.contains(&format!("CREATE TABLE t_{}", r.id)), "{sql}");
        assert!(
            sql.contains(&format!("'{}'", r.id)),
            "bookkeeping for {}: {sql}",
            r.id
        );
    }
    assert!(
        db.tables().is_empty(),
        "--sql changed the database: {:?}",
        db.tables()
    );

    // An env.py without an offline mode is said plainly, before alembic runs.
    let env_py = p.root.join("migrations/env.py");
    let online_only = fs::read_to_string(&env_py)
        .expect("env.py")
        .replace("context.is_offline_mode()", "False");
    fs::write(&env_py, online_only).expect("env.py");
    let out = p.retort(&["upgrade", "head", "--sql"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("has no offline mode"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        db.tables().is_empty(),
        "the database was touched: {:?}",
        db.tables()
    );
}

/// A migration that fails: retort reports the revision and the database's message, and leaves
/// `alembic_version` as alembic left it.
fn failing_migration(dialect: Dialect, database_says: &str) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let last = p.revisions[4].id.clone();
    let broken = format!(
        "\"\"\"broken\n\nRevision ID: ffff00000006\nRevises: {last}\n\"\"\"\nfrom alembic import op\n\nrevision = 'ffff00000006'\ndown_revision = '{last}'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    op.execute(\"CREATE TABLE t_half (id INTEGER)\")\n    op.execute(\"INSERT INTO no_such_table VALUES (1)\")\n\n\ndef downgrade():\n    pass\n"
    );
    fs::write(
        p.root.join("migrations/versions/ffff00000006_broken.py"),
        broken,
    )
    .expect("write");
    let out = p.retort(&["upgrade", "head"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("failed in revision ffff00000006"), "{err}");
    assert!(err.contains(database_says), "{err}");
    assert!(
        err.contains("FAILED ffff00000006") || err.contains("ffff00000006"),
        "{err}"
    );
    let after = alembic_current(al, &p);
    assert!(!after.contains("ffff00000006"), "{after:?}");
    let json = p.retort_json(&["current"]);
    assert_eq!(
        strings(&json["current"]),
        after,
        "retort and alembic disagree after the failure"
    );
}

#[test]
fn failing_migration_sqlite() {
    failing_migration(Dialect::Sqlite, "no such table: no_such_table");
}

#[test]
fn failing_migration_postgresql() {
    failing_migration(
        Dialect::Postgresql,
        "relation \"no_such_table\" does not exist",
    );
}

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
        .env(
            "DATABASE_URL",
            support::sqlalchemy_url(url.as_str()),
        )
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

/// `revision -m` and `merge` write alembic's own files, which retort then reads back.
#[test]
fn revision_and_merge() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let p = support::linear(al, &db.url);
    give_venv(al, &p.root);
    let head = p.revisions[4].id.clone();
    let side_parent = p.revisions[3].id.clone();
    let json = p.retort_json(&["revision", "-m", "add things", "--rev-id", "aaaa00000001"]);
    assert_eq!(json["revisions"][0]["revision"], "aaaa00000001", "{json}");
    assert_eq!(json["revisions"][0]["parents"][0], head.as_str(), "{json}");
    assert!(Path::new(json["revisions"][0]["path"].as_str().expect("path")).is_file());
    p.retort_json(&[
        "revision",
        "-m",
        "side",
        "--head",
        &side_parent,
        "--splice",
        "--rev-id",
        "bbbb00000002",
    ]);
    assert_eq!(
        set(first_tokens(&al.run(&p, &["heads"]))),
        set(["aaaa00000001", "bbbb00000002"])
    );
    let out = p.retort(&["merge", "heads", "-m", "join", "--rev-id", "cccc00000003"]);
    let err = succeeded(&out, "merge heads");
    assert!(err.contains("new revision cccc00000003"), "{err}");
    assert_eq!(
        set(first_tokens(&al.run(&p, &["heads"]))),
        set(["cccc00000003"])
    );
    let heads = p.retort_json(&["heads"]);
    assert_eq!(heads[0]["id"], "cccc00000003", "{heads}");
    assert_eq!(
        set(heads[0]["parents"]
            .as_array()
            .expect("parents")
            .iter()
            .filter_map(Value::as_str)),
        set(["aaaa00000001", "bbbb00000002"])
    );
}

const MODELS: &str = "from sqlalchemy import Column, Integer, MetaData, String, Table\n\nmetadata = MetaData()\n\nusers = Table(\n    \"users\",\n    metadata,\n    Column(\"id\", Integer, primary_key=True),\n    Column(\"name\", String(50), nullable=False),\n#EXTRA\n)\n";

/// A project whose env.py compares SQLAlchemy models (`models.py`) with the database.
fn models_project(al: &Alembic, url: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::write(
        root.join("alembic.ini"),
        support::ini_text(
            "script_location = migrations\nprepend_sys_path = .",
            &support::sqlalchemy_url(url),
        ),
    )
    .expect("ini");
    fs::create_dir_all(root.join("migrations/versions")).expect("mkdir");
    fs::write(
        root.join("migrations/env.py"),
        ENV_PY.replace(
            "target_metadata = None",
            "from models import metadata as target_metadata",
        ),
    )
    .expect("env.py");
    fs::write(root.join("migrations/script.py.mako"), SCRIPT_MAKO).expect("mako");
    fs::write(root.join("models.py"), MODELS).expect("models");
    give_venv(al, root);
    tmp
}

/// The file `retort --json revision` reports.
fn draft_path(out: &Output) -> String {
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    json["revisions"][0]["path"]
        .as_str()
        .expect("path")
        .to_string()
}

/// `revision --autogenerate` writes alembic's own draft, which then applies; `check` exits 1
/// while the models and the database differ, 0 once they agree.
fn autogenerate(dialect: Dialect) {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let tmp = models_project(al, &db.url);
    let root = tmp.path();
    let retort = |args: &[&str]| common::retort(root, None, args);

    let out = retort(&["--json", "revision", "--autogenerate", "-m", "create users"]);
    succeeded(&out, "revision --autogenerate (create users)");
    let draft = fs::read_to_string(draft_path(&out)).expect("draft");
    assert!(draft.contains("op.create_table('users'"), "{draft}");
    succeeded(&retort(&["upgrade", "head"]), "upgrade head");
    let out = retort(&["check"]);
    succeeded(&out, "check with nothing to do");
    assert!(
        text(&out.stdout).contains("No new upgrade operations detected"),
        "{}",
        text(&out.stdout)
    );

    fs::write(
        root.join("models.py"),
        MODELS.replace(
            "#EXTRA",
            "    Column(\"email\", String(120), nullable=True),",
        ),
    )
    .expect("models");
    let out = retort(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check must fail once the models changed: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("add_column"),
        "{}",
        text(&out.stderr)
    );

    let out = retort(&["--json", "revision", "--autogenerate", "-m", "add email"]);
    succeeded(&out, "revision --autogenerate (add email)");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let path = json["revisions"][0]["path"]
        .as_str()
        .expect("path")
        .to_string();
    let draft = fs::read_to_string(&path).expect("draft");
    assert!(
        draft.contains("op.add_column('users', sa.Column('email'"),
        "{draft}"
    );
    succeeded(&retort(&["upgrade", "head"]), "upgrade head (the draft)");
    let columns = match dialect {
        Dialect::Sqlite => db.query("SELECT name FROM pragma_table_info('users')"),
        _ => db.query("SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_name = 'users'"),
    };
    assert!(
        columns.iter().any(|r| r[0].as_deref() == Some("email")),
        "{columns:?}"
    );
    succeeded(&retort(&["check"]), "check after applying the draft");
}

#[test]
fn autogenerate_sqlite() {
    autogenerate(Dialect::Sqlite);
}

#[test]
fn autogenerate_postgresql() {
    autogenerate(Dialect::Postgresql);
}

/// No alembic anywhere, and an env.py that raises: clear messages, nothing crashes.
#[test]
fn alembic_missing_or_env_py_raising() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let tmp = models_project(al, &db.url);
    let root = tmp.path();
    fs::remove_file(root.join(".venv")).expect("unlink .venv");
    let empty = tempfile::tempdir().expect("empty PATH");
    let out = common::retort_command(root, None, &["upgrade", "head"])
        .env("PATH", empty.path())
        .output()
        .expect("retort");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for looked_for in [
        "no alembic found",
        ".venv/ and venv/",
        "uv.lock",
        "poetry.lock",
        "alembic on PATH",
        "--alembic-command",
    ] {
        assert!(err.contains(looked_for), "missing {looked_for:?}: {err}");
    }

    fs::write(
        root.join("migrations/env.py"),
        "raise RuntimeError('boom from env.py')\n",
    )
    .expect("env.py");
    let out = common::retort(
        root,
        None,
        &[
            "--alembic-command",
            &al.executable().display().to_string(),
            "upgrade",
            "head",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("RuntimeError: boom from env.py"), "{err}");
}

const FLASK_APP: &str = r#"import os

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///unused.db")
db = SQLAlchemy(app)
migrate = Migrate(app, db)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
"#;

/// A Flask-Migrate project made by `flask db init` (alembic.ini inside `migrations/`, no
/// script_location, an env.py that needs the app): retort finds it from the application's
/// folder, reads it natively, and acts through `flask db`.
#[test]
fn flask_migrate_project() {
    let Some(al) = alembic() else { return };
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::write(root.join("app.py"), FLASK_APP).expect("app.py");
    let flask = al.venv_dir().join("bin/flask");
    let flask_db = |args: &[&str]| {
        let out = std::process::Command::new(&flask)
            .arg("db")
            .args(args)
            .current_dir(root)
            .env("DATABASE_URL", &db.url)
            .output()
            .expect("flask db");
        assert!(
            out.status.success(),
            "flask db {args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    };
    flask_db(&["init"]);
    give_venv(al, root);
    let retort = |args: &[&str]| common::retort(root, Some(&db.url), args);

    let out = retort(&["--json", "revision", "--autogenerate", "-m", "users"]);
    let err = succeeded(&out, "revision --autogenerate on Flask-Migrate");
    assert!(
        err.contains("/bin/flask db (found: the virtual environment"),
        "{err}"
    );
    let draft = fs::read_to_string(draft_path(&out)).expect("draft");
    assert!(draft.contains("op.create_table('user'"), "{draft}");
    let err = succeeded(
        &retort(&["upgrade", "head"]),
        "upgrade head on Flask-Migrate",
    );
    assert_eq!(ran(&err).len(), 1, "{err}");
    assert_eq!(
        set(first_tokens(&flask_db(&["current"]))),
        strings(
            &serde_json::from_slice::<Value>(&retort(&["--json", "current"]).stdout).expect("json")
                ["current"]
        ),
    );
    assert_eq!(
        set(first_tokens(&flask_db(&["heads"]))),
        set(first_tokens(&text(&retort(&["heads"]).stdout)))
    );
    assert!(
        db.tables().contains(&"user".to_string()),
        "{:?}",
        db.tables()
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
