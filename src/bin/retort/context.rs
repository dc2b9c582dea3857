//! What every command needs: the global flags, the project, the chosen database.

use crate::args::Global;
use crate::style::Style;
use crate::workspace::Workspace;
use retort::alembic::AlembicProject;
use retort::connection::{choose_url, choose_url_from, UrlSource};
use retort::db::DatabaseUrl;
use retort::project::Project;
use retort::{Error, Result};
use std::path::PathBuf;
use std::time::Duration;

pub struct Context {
    pub global: Global,
    pub cwd: PathBuf,
    pub out: Style,
    pub err: Style,
}

impl Context {
    pub fn new(global: Global) -> Result<Context> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        Ok(Context {
            global,
            cwd,
            out: Style::stdout(),
            err: Style::stderr(),
        })
    }

    fn start(&self) -> PathBuf {
        match &self.global.config {
            Some(path) if path.is_absolute() => path.clone(),
            Some(path) => self.cwd.join(path),
            None => self.cwd.clone(),
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
        self.refuse_profile()?;
        let env = |name: &str| std::env::var(name).ok();
        let configured = project
            .ini
            .sqlalchemy_url
            .clone()
            .map(|url| (url, project.ini.here.clone(), UrlSource::AlembicIni));
        choose_url_from(self.global.url.as_deref(), &env, configured, &self.cwd)?
            .ok_or_else(|| Error::Invalid {
                message: "no database: pass --url, set DATABASE_URL (or DATABASE_HOST, …), or set sqlalchemy.url in alembic.ini".into(),
            })
    }

    fn refuse_profile(&self) -> Result<()> {
        match &self.global.profile {
            Some(name) => Err(Error::Invalid {
                message: format!("--profile {name}: connection profiles are saved by the Retort desktop app, which this build does not include yet; use --url or DATABASE_URL"),
            }),
            None => Ok(()),
        }
    }

    pub fn try_url(&self, project: &Project) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        self.refuse_profile()?;
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
