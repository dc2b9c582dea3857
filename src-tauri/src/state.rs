//! What the app keeps between commands: where its files live and the cancel flag of the run in
//! progress (one at a time, so a second click cannot start a concurrent run).

use crate::cancel::CancelSlot;
use std::path::PathBuf;
use tauri::{AppHandle, Manager};

pub struct AppState {
    /// The app's data folder: the demo project and its database.
    pub data_dir: PathBuf,
    /// The profiles file (`tauri-plugin-store`), in the config folder the CLI's `--profile`
    /// reads: `RETORT_PROFILES` overrides it, for tests.
    pub store_path: PathBuf,
    /// The upgrade or downgrade in progress (one at a time).
    pub running: CancelSlot,
    /// The autogenerate in progress.
    pub autogenerating: CancelSlot,
}

impl AppState {
    pub fn new(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
        let data_dir = match std::env::var_os("RETORT_APP_DATA") {
            Some(dir) => PathBuf::from(dir),
            None => app.path().app_data_dir()?,
        };
        let store_path = match retort::workspace::default_store_path() {
            Some(path) => path,
            None => app.path().app_config_dir()?.join("profiles.json"),
        };
        std::fs::create_dir_all(&data_dir)?;
        Ok(AppState {
            data_dir,
            store_path,
            running: CancelSlot::default(),
            autogenerating: CancelSlot::default(),
        })
    }
}
