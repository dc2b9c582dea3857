//! What every command needs: the global flags, the project, the chosen database. The context is
//! the command line's answer to the engine's questions about its surroundings ([`Connector`]):
//! `--url`, `--profile`, the environment, `--dev-url`, `--alembic-command`, and stderr for
//! notices.

use crate::args::Global;
use crate::style::Style;
use retort::workspace::{
    default_store_path, Connector, DatabaseUrl, Error, Notice, Profile, ProfileStore, Result,
    UrlSource, Workspace,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Context {
    pub global: Global,
    pub cwd: PathBuf,
    pub out: Style,
    pub err: Style,
    /// `--profile NAME`, read from the app's profiles file.
    pub profile: Option<Profile>,
    /// The profile's password once read: the keyring is asked once per run.
    password: std::sync::OnceLock<Option<String>>,
}

impl Context {
    pub fn new(global: Global) -> Result<Context> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        let profile = match &global.profile {
            Some(name) => {
                let path = default_store_path().ok_or_else(|| Error::Invalid {
                    message: "--profile: no home or config folder to find the profiles file in (set RETORT_PROFILES)".into(),
                })?;
                Some(ProfileStore::open(&path)?.get(name)?.clone())
            }
            None => None,
        };
        Ok(Context {
            global,
            cwd,
            out: Style::stdout(),
            err: Style::stderr(),
            profile,
            password: std::sync::OnceLock::new(),
        })
    }

    fn profile_password(&self) -> Result<Option<String>> {
        if let Some(known) = self.password.get() {
            return Ok(known.clone());
        }
        let password = match &self.profile {
            Some(profile) => profile.password()?,
            None => None,
        };
        Ok(self.password.get_or_init(|| password).clone())
    }

    fn start(&self) -> PathBuf {
        match &self.global.config {
            Some(path) if path.is_absolute() => path.clone(),
            Some(path) => self.cwd.join(path),
            None => match &self.profile {
                Some(profile) => self.cwd.join(&profile.project),
                None => self.cwd.clone(),
            },
        }
    }

    /// The native project or the Alembic project `retort` was pointed at.
    pub fn workspace(&self) -> Result<Workspace> {
        Workspace::open(&self.start())
    }

    pub fn print_json(&self, value: &impl serde::Serialize) -> Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Error::Invalid {
            message: format!("cannot write JSON: {e}"),
        })?;
        println!("{text}");
        Ok(())
    }
}

impl Connector for Context {
    /// `--url`, else `--profile`'s database (its password from the keyring).
    fn named(&self) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        if let Some(url) = &self.global.url {
            return Ok(Some((DatabaseUrl::parse(url, &self.cwd)?, UrlSource::Flag)));
        }
        match &self.profile {
            Some(profile) => Ok(Some((
                profile.url(self.profile_password()?.as_deref())?,
                UrlSource::Profile,
            ))),
            None => Ok(None),
        }
    }

    fn env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn cwd(&self) -> &Path {
        &self.cwd
    }

    fn dev_url(&self) -> Option<&str> {
        self.global.dev_url.as_deref()
    }

    fn lock_timeout(&self) -> Duration {
        Duration::from_secs(self.global.lock_timeout)
    }

    /// `--alembic-command`, else the profile's.
    fn alembic_command(&self) -> Option<&str> {
        self.global.alembic_command.as_deref().or(self
            .profile
            .as_ref()
            .and_then(|p| p.alembic_command.as_deref()))
    }

    /// The profile's extra variables, and its password again under the name the project's
    /// env.py reads.
    fn alembic_env(&self) -> Result<Vec<(String, String)>> {
        match &self.profile {
            Some(profile) => Ok(profile.alembic_env(self.profile_password()?.as_deref())),
            None => Ok(Vec::new()),
        }
    }

    fn notice(&self, notice: Notice) {
        match notice {
            Notice::AlembicCommand { command, found_by } => {
                eprintln!("Running {command} (found: {found_by})")
            }
            Notice::Handoff(text) | Notice::Detected(text) => eprintln!("{text}"),
        }
    }
}
