//! First start: with no profiles, the bundled demo project (a resource of the bundle, or the
//! repository's `migrations/` in a development build) is copied into the app's data folder and
//! a "Demo (SQLite)" profile points at a database file there, so a newcomer has something to
//! upgrade and downgrade at once, with no server.

use crate::profiles;
use crate::state::AppState;
use retort::workspace::{Dialect, Environment, Profile};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager};

pub const DEMO_PROFILE: &str = "Demo (SQLite)";

pub fn first_start(app: &AppHandle) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = profiles::store(app).map_err(|e| e.message)?;
    if !store.profiles.is_empty() {
        return Ok(());
    }
    let state = app.state::<AppState>();
    let target = state.data_dir.join("demo");
    if !target.join("retort.toml").is_file() {
        copy_dir(&demo_source(app), &target)?;
    }
    let profile = Profile {
        name: DEMO_PROFILE.into(),
        project: target.clone(),
        dialect: Dialect::Sqlite,
        host: None,
        port: None,
        database: None,
        user: None,
        sqlite_file: Some(target.join("demo.db")),
        tls: Default::default(),
        environment: Environment::Dev,
        colour: Some("#2f855a".into()),
        protected: false,
        has_password: false,
        alembic_command: None,
        password_variable: None,
        extra_env: Default::default(),
    };
    store.put(profile);
    store.save().map_err(|e| e.to_string())?;
    Ok(())
}

/// The bundled copy, else the source tree's (development builds run without a bundle).
fn demo_source(app: &AppHandle) -> PathBuf {
    let bundled = app
        .path()
        .resource_dir()
        .map(|dir| dir.join("demo"))
        .ok()
        .filter(|dir| dir.join("retort.toml").is_file());
    bundled.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations"))
}

/// Copies the project files (not a database or its backups that a source tree may hold).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let skip = name.to_string_lossy().ends_with(".db")
            || name.to_string_lossy().contains(".db-")
            || name == "backups";
        if skip {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else {
            std::fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}
