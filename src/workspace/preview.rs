//! Everything an upgrade or downgrade would run on the database, before it runs: a Retort
//! project's plan rendered with its bookkeeping; an Alembic project's own `--sql` output for the
//! absolute range the target means from where the database is now.

use super::alembic_run::Touches;
use super::connector::Connector;
use super::{Kind, Workspace};
use crate::apply::{self, RunOptions};
use crate::error::{Direction, Error, Result};
use crate::graph::Target;
use crate::plan::Plan;
use serde::Serialize;

/// Everything an upgrade or downgrade would run, before it runs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewView {
    pub plan: Plan,
    /// Every statement in order, bookkeeping included.
    pub sql: String,
    /// 1-based lines of `sql` where a statement that loses data starts.
    pub destructive_lines: Vec<usize>,
    /// The database the plan was made for (password masked).
    pub database: String,
}

impl Workspace {
    pub async fn preview(
        &self,
        connector: &dyn Connector,
        direction: Direction,
        target: &Target,
    ) -> Result<PreviewView> {
        let url = self.database(connector)?;
        let (plan, sql) = match &self.kind {
            Kind::Native(project) => {
                let options = RunOptions {
                    direction,
                    target: target.clone(),
                    allow_drift: false,
                    lock_timeout: connector.lock_timeout(),
                    backup: true,
                    cancel: None,
                };
                apply::preview(project, &url, &options).await?
            }
            Kind::Alembic(project) => {
                if !project.env_py_has_offline_mode() {
                    return Err(Error::NoOfflineMode {
                        env_py: project.ini.script_location.join("env.py"),
                    });
                }
                // Alembic's offline mode takes absolute revisions only: the engine resolves
                // `-1` and the like against the database first.
                let (plan, range) = project
                    .plan(&url, direction, target, connector.lock_timeout())
                    .await?;
                let prepared = self.prepare_alembic(project, connector, Touches::Database)?;
                let args = vec![direction.name().to_string(), range, "--sql".into()];
                (plan, prepared.run(&args, &|_| {}).await?.stdout)
            }
        };
        Ok(PreviewView {
            destructive_lines: crate::sql::destructive_lines(&sql),
            plan,
            sql,
            database: url.masked(),
        })
    }
}
