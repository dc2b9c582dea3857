//! Acting on Alembic projects through retort: upgrade, downgrade, stamp, `--sql`, `revision`,
//! `merge`, `revision --autogenerate` and `check` run the project's own alembic (the real one from
//! PyPI, in the cached virtual environment, found as the project's `.venv`); afterwards alembic
//! itself is asked where the database is, and the database's tables are looked at.

use crate::common;
use crate::common::alembic as support;
use crate::common::alembic::{alembic, first_tokens, Alembic, Project, ENV_PY, SCRIPT_MAKO};
use crate::common::{text, TestDb};
use retort::Dialect;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Output;

mod authoring;
mod environment;
mod moves;
mod setups;

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
