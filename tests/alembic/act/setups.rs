//! Other setups: no alembic anywhere or an env.py that raises, and a Flask-Migrate project made by
//! `flask db init`.

use super::*;

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
