//! From a profile's name to what the engine needs: the opened project (either kind) and the
//! database URL, its password read from the keyring just for this call. A target is the app's
//! answer to the engine's questions about its surroundings: the profile names the database and
//! how to run an Alembic project's alembic; the app reads no environment.

use crate::error::CommandResult;
use crate::profiles;
use retort::workspace::{Connector, DatabaseUrl, Profile, Result, UrlSource, Workspace};
use std::path::Path;
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
        let url = profile.url(profile.password()?.as_deref())?;
        let workspace = Workspace::open(&profile.project)?;
        Ok(Target {
            profile,
            workspace,
            url,
        })
    }
}

impl Connector for Target {
    fn named(&self) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        Ok(Some((self.url.clone(), UrlSource::Profile)))
    }

    fn cwd(&self) -> &Path {
        &self.profile.project
    }

    fn lock_timeout(&self) -> Duration {
        TIMEOUT
    }

    fn alembic_command(&self) -> Option<&str> {
        self.profile.alembic_command.as_deref()
    }

    fn alembic_env(&self) -> Result<Vec<(String, String)>> {
        Ok(self.profile.alembic_env(self.url.password().as_deref()))
    }
}
