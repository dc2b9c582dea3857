//! What every command needs: the global flags, the project, the chosen database.

use crate::args::Global;
use crate::style::Style;
use retort::connection::{choose_url, UrlSource};
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

    pub fn project(&self) -> Result<Project> {
        let start = match &self.global.config {
            Some(path) if path.is_absolute() => path.clone(),
            Some(path) => self.cwd.join(path),
            None => self.cwd.clone(),
        };
        Project::open(&Project::find(&start)?)
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

    pub fn try_url(&self, project: &Project) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        if let Some(name) = &self.global.profile {
            return Err(Error::Invalid {
                message: format!("--profile {name}: connection profiles are saved by the Retort desktop app, which this build does not include yet; use --url or DATABASE_URL"),
            });
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
