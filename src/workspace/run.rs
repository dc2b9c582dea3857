//! Upgrade and downgrade, with progress and cancel: a Retort project through the engine's
//! executor, an Alembic project through its own alembic; and `--sql`, the offline script.

use super::alembic_run::Touches;
use super::connector::Connector;
use super::{Kind, Workspace};
use crate::apply::{self, RunOptions};
use crate::dialect::{Actor, Book};
use crate::error::{Direction, Error, Result};
use crate::graph::Target;
use crate::plan::OfflineRange;
use crate::report::{ProgressFn, Report, RunFailure};
use crate::Dialect;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// An upgrade or downgrade as a front end asks for it.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub direction: Direction,
    pub target: Target,
    /// Upgrade past revisions whose file changed after they were applied.
    pub allow_drift: bool,
    /// SQLite: copy the file before changing it.
    pub backup: bool,
    /// Checked between revisions: set it to stop after the revision that is running.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// What a run (or a stamp) did, and where the database is now.
#[derive(Debug, Clone)]
pub struct Moved {
    pub report: Report,
    /// The database (password masked).
    pub database: String,
    /// Set when the project's own alembic did the work: the version table the state was
    /// re-read from afterwards.
    pub reread_from: Option<String>,
}

impl Workspace {
    pub async fn run(
        &self,
        connector: &dyn Connector,
        request: &RunRequest,
        progress: ProgressFn<'_>,
    ) -> std::result::Result<Moved, RunFailure> {
        let before_start = |error| RunFailure::nothing_run(request.direction, error);
        match &self.kind {
            Kind::Native(project) => {
                let url = self.database(connector).map_err(before_start)?;
                let options = RunOptions {
                    direction: request.direction,
                    target: request.target.clone(),
                    allow_drift: request.allow_drift,
                    lock_timeout: connector.lock_timeout(),
                    backup: request.backup,
                    cancel: request.cancel.clone(),
                };
                let report = apply::run(project, &url, &options, progress).await?;
                Ok(Moved {
                    report,
                    database: url.masked(),
                    reread_from: None,
                })
            }
            Kind::Alembic(project) => {
                let prepared = self
                    .prepare_alembic(project, connector, Touches::Database)
                    .map_err(before_start)?;
                let args = vec![
                    request.direction.name().to_string(),
                    request.target.to_string(),
                ];
                let report = prepared
                    .run_moving(request.direction, &args, progress, connector.lock_timeout())
                    .await
                    // alembic's own output is the record of what it ran before failing.
                    .map_err(before_start)?;
                Ok(Moved {
                    report,
                    database: prepared
                        .url
                        .as_ref()
                        .map(|u| u.masked())
                        .unwrap_or_default(),
                    reread_from: Some(project.version_table_name()),
                })
            }
        }
    }

    /// The SQL an upgrade or downgrade would run from an assumed starting point, connecting to
    /// nothing (Alembic's offline mode). `dialect` is needed when no database is named; an
    /// Alembic project's alembic reports its revisions to `progress` as it writes them.
    pub async fn offline_sql(
        &self,
        connector: &dyn Connector,
        direction: Direction,
        range: &OfflineRange,
        dialect: Option<Dialect>,
        progress: ProgressFn<'_>,
    ) -> Result<String> {
        match &self.kind {
            Kind::Native(project) => {
                let dialect = match dialect {
                    Some(dialect) => dialect,
                    None => self
                        .choose_database(connector)?
                        .map(|(url, _)| url.dialect())
                        .ok_or_else(|| Error::Invalid {
                            message: "--sql needs to know the dialect: pass --dialect, --url, or set a database".into(),
                        })?,
                };
                let (plan, create_tables) =
                    crate::plan::offline(project, dialect, direction, range)?;
                let tables = project.tables();
                let book = Book {
                    dialect,
                    tables: &tables,
                };
                Ok(crate::plan::render_sql(
                    &plan,
                    book,
                    &Actor::current(),
                    create_tables,
                ))
            }
            Kind::Alembic(project) => {
                if !project.env_py_has_offline_mode() {
                    return Err(Error::NoOfflineMode {
                        env_py: project.ini.script_location.join("env.py"),
                    });
                }
                let prepared = self.prepare_alembic(project, connector, Touches::Nothing)?;
                let args = vec![
                    direction.name().to_string(),
                    range.to_string(),
                    "--sql".into(),
                ];
                Ok(prepared.run(&args, progress).await?.stdout)
            }
        }
    }
}
