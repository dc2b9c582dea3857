//! Settings: profiles added, edited, tested and deleted. A password sent here goes straight to
//! the keyring (through the engine's profile store); no command returns one.

use crate::dto::ProfileInput;
use crate::error::CommandResult;
use crate::profiles;
use retort::workspace::{Profile, ProfileEdit, Status};
use tauri::AppHandle;

#[tauri::command]
pub fn list_profiles(app: AppHandle) -> CommandResult<Vec<Profile>> {
    profiles::load(&app)
}

#[tauri::command]
pub async fn save_profile(app: AppHandle, input: ProfileInput) -> CommandResult<Profile> {
    let edit = ProfileEdit {
        profile: input.profile,
        password: input.password,
        previous_name: input.previous_name,
    };
    Ok(profiles::store(&app)?.save_edit(edit)?)
}

#[tauri::command]
pub async fn delete_profile(app: AppHandle, name: String) -> CommandResult<()> {
    Ok(profiles::store(&app)?.delete(&name)?)
}

/// Connects with the saved profile and reads where the database is.
#[tauri::command]
pub async fn test_connection(app: AppHandle, name: String) -> CommandResult<Status> {
    crate::commands::databases::database_status(app, name).await
}
