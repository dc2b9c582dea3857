//! What every command needs: the global flags, the project, the chosen database.

use crate::args::Global;
use crate::style::Style;
use retort::alembic::AlembicProject;
use retort::connection::{choose_url, choose_url_from, UrlSource};
use retort::db::DatabaseUrl;
use retort::profile::{default_store_path, secret, Profile, ProfileStore};
use retort::project::Project;
use retort::workspace::Workspace;
use retort::{Error, Result};
use std::path::PathBuf;
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

    /// The profile's database, its password taken from the keyring.
    fn profile_url(&self) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        let Some(profile) = &self.profile else {
            return Ok(None);
        };
        Ok(Some((
            profile.url(self.profile_password()?.as_deref())?,
            UrlSource::Profile,
        )))
    }

    fn profile_password(&self) -> Result<Option<String>> {
        if let Some(known) = self.password.get() {
            return Ok(known.clone());
        }
        let password = self.read_profile_password()?;
        Ok(self.password.get_or_init(|| password).clone())
    }

    fn read_profile_password(&self) -> Result<Option<String>> {
        match &self.profile {
            Some(profile) if profile.has_password => {
                let password = secret::get_password(&profile.name)?;
                password.map(Some).ok_or_else(|| Error::Keyring {
                    profile: profile.name.clone(),
                    message: "the profile says it has a password, but the keyring has no entry for it; set it again in the Retort app".into(),
                })
            }
            _ => Ok(None),
        }
    }

    /// The command that runs an Alembic project's alembic: `--alembic-command`, else the
    /// profile's.
    pub fn alembic_command(&self) -> Option<&str> {
        self.global.alembic_command.as_deref().or(self
            .profile
            .as_ref()
            .and_then(|p| p.alembic_command.as_deref()))
    }

    /// Variables the profile adds to alembic's environment: its extra variables, and the
    /// password again under the name the project's env.py reads.
    pub fn profile_env(&self) -> Result<Vec<(String, String)>> {
        match &self.profile {
            Some(profile) => Ok(profile.alembic_env(self.profile_password()?.as_deref())),
            None => Ok(Vec::new()),
        }
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

    /// A native project, for the commands that write revisions or apply them.
    pub fn project(&self) -> Result<Project> {
        match self.workspace()? {
            Workspace::Retort(project) => Ok(project),
            Workspace::Alembic(project) => Err(Error::Invalid {
                message: format!(
                    "{} is an Alembic project: retort reads it, and runs its alembic for upgrade, downgrade, stamp, revision, merge and check; this command is for Retort projects",
                    project.ini.path.display()
                ),
            }),
        }
    }

    pub fn lock_timeout(&self) -> Duration {
        Duration::from_secs(self.global.lock_timeout)
    }

    /// The database for commands that need one; an error says how to name one.
    pub fn url(&self, project: &Project) -> Result<DatabaseUrl> {
        Ok(self.try_url(project)?.ok_or_else(|| Error::Invalid {
            message: "no database: pass --url, set DATABASE_URL (or DATABASE_HOST, …), or set url in retort.toml".into(),
        })?.0)
    }

    /// The database of an Alembic project: the same chain, ending at `sqlalchemy.url`.
    pub fn alembic_url(&self, project: &AlembicProject) -> Result<DatabaseUrl> {
        Ok(self.alembic_url_choice(project)?.0)
    }

    /// The database of an Alembic project and where it came from.
    pub fn alembic_url_choice(&self, project: &AlembicProject) -> Result<(DatabaseUrl, UrlSource)> {
        if self.global.url.is_none() {
            if let Some(chosen) = self.profile_url()? {
                return Ok(chosen);
            }
        }
        let env = |name: &str| std::env::var(name).ok();
        let configured = || {
            Ok(project
                .ini
                .sqlalchemy_url
                .clone()
                .map(|url| (url, project.ini.here.clone(), UrlSource::AlembicIni)))
        };
        choose_url_from(self.global.url.as_deref(), &env, configured, &self.cwd)?
            .ok_or_else(|| Error::Invalid {
                message: "no database: pass --url, set DATABASE_URL (or DATABASE_HOST, …), or set sqlalchemy.url in alembic.ini".into(),
            })
    }

    pub fn try_url(&self, project: &Project) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        if self.global.url.is_none() {
            if let Some(chosen) = self.profile_url()? {
                return Ok(Some(chosen));
            }
        }
        let env = |name: &str| std::env::var(name).ok();
        choose_url(self.global.url.as_deref(), &env, project, &self.cwd)
    }

    pub fn print_json(&self, value: &impl serde::Serialize) -> Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Error::Invalid {
            message: format!("cannot write JSON: {e}"),
        })?;
        println!("{text}");
        Ok(())
    }
}
