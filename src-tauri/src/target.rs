//! From a profile's name to what the engine needs: the opened project (Retort or Alembic) and
//! the database URL, its password read from the keyring just for this call.

use crate::error::{CommandError, CommandResult};
use crate::profiles;
use retort::db::DatabaseUrl;
use retort::profile::{secret, Profile};
use retort::workspace::Workspace;
use retort::ErrorCode;
use std::time::Duration;
use tauri::{AppHandle, Runtime};

/// How long a command waits for another runner's lock or a server.
pub const TIMEOUT: Duration = Duration::from_secs(15);

pub struct Target {
    pub profile: Profile,
    pub workspace: Workspace,
    pub url: DatabaseUrl,
}

impl Target {
    pub fn resolve<R: Runtime>(app: &AppHandle<R>, name: &str) -> CommandResult<Target> {
        Target::of(profiles::find(app, name)?)
    }

    /// The target of a profile, its password read from the keyring when it has one.
    pub fn of(profile: Profile) -> CommandResult<Target> {
        let password = if profile.has_password {
            Some(secret::get_password(&profile.name)?.ok_or_else(|| {
                CommandError::new(
                    ErrorCode::KeyringUnavailable,
                    format!(
                        "the keyring has no password for profile {:?}; set it again in Settings",
                        profile.name
                    ),
                )
            })?)
        } else {
            None
        };
        let url = profile.url(password.as_deref())?;
        let workspace = Workspace::open(&profile.project)?;
        Ok(Target {
            profile,
            workspace,
            url,
        })
    }

    /// The name a protected profile asks the person to type before applying.
    pub fn database_name(&self) -> String {
        self.profile.database_name()
    }
}
