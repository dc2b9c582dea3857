//! Settings: profiles added, edited, tested and deleted. A password sent here goes straight to
//! the keyring; no command returns one.

use crate::dto::ProfileInput;
use crate::error::{CommandError, CommandResult};
use crate::profiles;
use retort::apply::Status;
use retort::profile::{secret, ProfileView};
use retort::ErrorCode;
use tauri::AppHandle;

pub fn list_profiles(app: AppHandle) -> CommandResult<Vec<ProfileView>> {
    Ok(profiles::load(&app)?
        .into_iter()
        .map(ProfileView::from)
        .collect())
}

pub async fn save_profile(app: AppHandle, input: ProfileInput) -> CommandResult<ProfileView> {
    let mut profile = input.profile;
    profile.name = profile.name.trim().to_string();
    if profile.name.is_empty() {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            "a profile needs a name",
        ));
    }
    let previous_name = input.previous_name.unwrap_or_else(|| profile.name.clone());
    let mut all = profiles::load(&app)?;
    if previous_name != profile.name && all.iter().any(|p| p.name == profile.name) {
        return Err(CommandError::new(
            ErrorCode::ProfileExists,
            format!("a profile named {:?} exists already", profile.name),
        ));
    }
    let previous = all.iter().position(|p| p.name == previous_name);
    let had_password = previous.is_some_and(|i| all[i].has_password);
    match input.password {
        Some(password) if !password.is_empty() => {
            secret::set_password(&profile.name, &password)?;
            profile.has_password = true;
        }
        Some(_) => {
            secret::delete_password(&previous_name)?;
            profile.has_password = false;
        }
        None => profile.has_password = had_password,
    }
    // A renamed profile takes its keyring entry along.
    if previous_name != profile.name && had_password {
        if let Some(password) = secret::get_password(&previous_name)? {
            secret::set_password(&profile.name, &password)?;
        }
        secret::delete_password(&previous_name)?;
    }
    match previous {
        Some(i) => all[i] = profile.clone(),
        None => all.push(profile.clone()),
    }
    profiles::save(&app, &all)?;
    Ok(profile.into())
}

pub async fn delete_profile(app: AppHandle, name: String) -> CommandResult<()> {
    let mut all = profiles::load(&app)?;
    all.retain(|p| p.name != name);
    secret::delete_password(&name)?;
    profiles::save(&app, &all)
}

/// Connects with the saved profile and reads where the database is.
pub async fn test_connection(app: AppHandle, name: String) -> CommandResult<Status> {
    crate::commands::databases::database_status(app, name).await
}
