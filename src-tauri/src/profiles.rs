//! The profiles, kept by the engine's [`ProfileStore`] in the file `retort --profile` reads: one
//! writer of that file for the app and the command line. Passwords go to the OS keyring only.

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use retort::workspace::{Profile, ProfileStore};
use tauri::{AppHandle, Manager, Runtime};

/// The profiles file, read fresh (the CLI or another window may have written it since).
pub fn store<R: Runtime>(app: &AppHandle<R>) -> CommandResult<ProfileStore> {
    let state = app.state::<AppState>();
    Ok(ProfileStore::open(&state.store_path)?)
}

pub fn load<R: Runtime>(app: &AppHandle<R>) -> CommandResult<Vec<Profile>> {
    Ok(store(app)?.profiles)
}

pub fn find<R: Runtime>(app: &AppHandle<R>, name: &str) -> CommandResult<Profile> {
    Ok(store(app)?.get(name).map_err(CommandError::from)?.clone())
}
