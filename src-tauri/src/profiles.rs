//! The profiles, kept with `tauri-plugin-store` in the file `retort --profile` reads (the
//! engine's `ProfileStore` knows the same format). Passwords go to the OS keyring only.

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use retort::profile::{profiles_from_file, profiles_to_file, Profile, STORE_KEY};
use retort::ErrorCode;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;

pub fn load<R: Runtime>(app: &AppHandle<R>) -> CommandResult<Vec<Profile>> {
    let state = app.state::<AppState>();
    let store = app.store(&state.store_path)?;
    // The CLI or another window may have written the file since.
    if state.store_path.exists() {
        store.reload()?;
    }
    match store.get(STORE_KEY) {
        Some(value) => profiles_from_file(value).map_err(|e| {
            CommandError::new(
                ErrorCode::ProfileStore,
                format!("{}: {e}", state.store_path.display()),
            )
        }),
        None => Ok(Vec::new()),
    }
}

pub fn save<R: Runtime>(app: &AppHandle<R>, profiles: &[Profile]) -> CommandResult<()> {
    let state = app.state::<AppState>();
    let store = app.store(&state.store_path)?;
    let value = profiles_to_file(profiles)
        .map_err(|e| CommandError::new(ErrorCode::ProfileStore, e.to_string()))?;
    store.set(STORE_KEY, value);
    store.save()?;
    Ok(())
}

pub fn find<R: Runtime>(app: &AppHandle<R>, name: &str) -> CommandResult<Profile> {
    load(app)?
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            CommandError::new(ErrorCode::NoProfile, format!("no profile named {name:?}"))
        })
}
