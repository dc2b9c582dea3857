//! Settings: profiles added, edited, tested and deleted. A password sent here goes straight to
//! the keyring (through the engine's profile store); no command returns one. Profiles go to the
//! UI as `ProfileView`s, with the name a protected profile asks to be typed computed by the
//! engine's one rule (`Profile::confirmation_name`).

use crate::dto::ProfileInput;
use crate::error::CommandResult;
use crate::profiles;
use retort::workspace::{ProfileEdit, ProfileView, Status};
use tauri::AppHandle;

pub fn list_profiles(app: AppHandle) -> CommandResult<Vec<ProfileView>> {
    Ok(profiles::load(&app)?
        .into_iter()
        .map(ProfileView::from)
        .collect())
}

pub async fn save_profile(app: AppHandle, input: ProfileInput) -> CommandResult<ProfileView> {
    let edit = ProfileEdit {
        profile: input.profile,
        password: input.password,
        previous_name: input.previous_name,
    };
    Ok(profiles::store(&app)?.save_edit(edit)?.into())
}

pub async fn delete_profile(app: AppHandle, name: String) -> CommandResult<()> {
    Ok(profiles::store(&app)?.delete(&name)?)
}

/// Connects with the saved profile and reads where the database is.
pub async fn test_connection(app: AppHandle, name: String) -> CommandResult<Status> {
    crate::commands::databases::database_status(app, name).await
}
