//! What a front end tells the engine about its surroundings, asked only when an operation needs
//! it: the database it names (the command line's `--url` or a profile), the environment, the
//! folder relative paths are read from, how to run an Alembic project's alembic, and where to
//! tell the person what is going on. The engine owns the rest of the choice: the environment's
//! `DATABASE_URL` and friends, then the project's own URL (`retort.toml` or `sqlalchemy.url`).

use super::{Kind, Workspace};
use crate::connection::{choose_url, choose_url_from, UrlSource};
use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use std::path::Path;
use std::time::Duration;

pub trait Connector: Sync {
    /// A database named outright (`--url`, else a profile's): beats every other source.
    fn named(&self) -> Result<Option<(DatabaseUrl, UrlSource)>>;

    /// An environment variable (`DATABASE_URL`, `DATABASE_HOST`, …); a front end that reads no
    /// environment answers `None`.
    fn env(&self, _name: &str) -> Option<String> {
        None
    }

    /// The folder relative SQLite paths and file arguments are read from.
    fn cwd(&self) -> &Path;

    /// A server for scratch databases (`--dev-url`), beating the project's database.
    fn dev_url(&self) -> Option<&str> {
        None
    }

    /// How long to wait for another runner's lock, or for a server to answer.
    fn lock_timeout(&self) -> Duration;

    /// Alembic projects: the command that runs their alembic, when one was named.
    fn alembic_command(&self) -> Option<&str> {
        None
    }

    /// Alembic projects: more variables for alembic's environment (a profile's).
    fn alembic_env(&self) -> Result<Vec<(String, String)>> {
        Ok(Vec::new())
    }

    /// Something the person should know while the work goes on.
    fn notice(&self, _notice: Notice) {}
}

/// What an operation tells the person as it goes (the command line prints these on stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Which alembic runs, and how it was found.
    AlembicCommand { command: String, found_by: String },
    /// Which database alembic will touch, and how it learns of it (password masked).
    Handoff(String),
    /// A change alembic's autogenerate detected ("Detected added column 'x.y'").
    Detected(String),
}

impl Workspace {
    /// The database and where it came from, first match wins: named by the front end, then
    /// `DATABASE_URL`, `DATABASE_HOST` and friends, then the project's own URL; `None` when
    /// nothing names one. A source is only read when none before it named a database.
    pub fn choose_database(
        &self,
        connector: &dyn Connector,
    ) -> Result<Option<(DatabaseUrl, UrlSource)>> {
        if let Some(named) = connector.named()? {
            return Ok(Some(named));
        }
        let env = |name: &str| connector.env(name);
        match &self.kind {
            Kind::Native(project) => choose_url(None, &env, project, connector.cwd()),
            Kind::Alembic(project) => {
                let configured = || {
                    Ok(project
                        .ini
                        .sqlalchemy_url
                        .clone()
                        .map(|url| (url, project.ini.here.clone(), UrlSource::AlembicIni)))
                };
                choose_url_from(None, &env, configured, connector.cwd())
            }
        }
    }

    /// [`Workspace::choose_database`] for operations that need one: none is an error that
    /// says how to name one.
    pub(crate) fn database_choice(
        &self,
        connector: &dyn Connector,
    ) -> Result<(DatabaseUrl, UrlSource)> {
        self.choose_database(connector)?.ok_or_else(|| {
            let own = match self.kind {
                Kind::Native(_) => "url in retort.toml",
                Kind::Alembic(_) => "sqlalchemy.url in alembic.ini",
            };
            Error::Invalid {
                message: format!(
                    "no database: pass --url, set DATABASE_URL (or DATABASE_HOST, …), or set {own}"
                ),
            }
        })
    }

    pub(crate) fn database(&self, connector: &dyn Connector) -> Result<DatabaseUrl> {
        Ok(self.database_choice(connector)?.0)
    }
}

/// Where scratch databases go: `--dev-url`, else the native project's database (its server).
pub(crate) fn scratch_server(
    connector: &dyn Connector,
    workspace: Option<&Workspace>,
) -> Result<Option<DatabaseUrl>> {
    if let Some(dev) = connector.dev_url() {
        return DatabaseUrl::parse(dev, connector.cwd()).map(Some);
    }
    match workspace {
        Some(workspace) if workspace.native_project().is_some() => {
            Ok(workspace.choose_database(connector)?.map(|(url, _)| url))
        }
        _ => Ok(None),
    }
}

/// A scratch server, or the error that says how to give one.
pub(crate) fn need_server(server: Option<DatabaseUrl>) -> Result<DatabaseUrl> {
    server.ok_or_else(|| Error::Invalid {
        message: "this needs a database server for scratch databases, which also tells the dialect: set url in retort.toml, pass --url or --dev-url (SQLite projects use temporary files)".into(),
    })
}
