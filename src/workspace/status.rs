//! Where a database is (current, pending, drift, dirty, unknown), read fresh without writing,
//! and what happened to it (Retort's log; Alembic keeps none).

use super::connector::Connector;
use super::{Kind, Workspace};
use crate::apply::{self, LogRow, Status};
use crate::error::Result;

impl Workspace {
    pub async fn status(&self, connector: &dyn Connector) -> Result<Status> {
        let url = self.database(connector)?;
        let timeout = connector.lock_timeout();
        match &self.kind {
            Kind::Native(project) => apply::status(project, &url, timeout).await,
            Kind::Alembic(project) => project.status(&url, timeout).await,
        }
    }

    /// The database's log, newest first (an Alembic project's database keeps none: empty).
    pub async fn activity(&self, connector: &dyn Connector, limit: usize) -> Result<Vec<LogRow>> {
        match &self.kind {
            Kind::Native(project) => {
                let url = self.database(connector)?;
                apply::activity(project, &url, limit, connector.lock_timeout()).await
            }
            Kind::Alembic(_) => Ok(Vec::new()),
        }
    }
}
