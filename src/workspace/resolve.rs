//! `resolve`: clear a dirty mark after a person fixed the database by hand. Alembic keeps no
//! dirty marks, so only Retort projects have it.

use super::connector::Connector;
use super::Workspace;
use crate::apply::{self, ProgressFn};
use crate::error::Result;

impl Workspace {
    /// Records `rev` as applied (`applied`) or rolled back; returns its full id.
    pub async fn resolve(
        &self,
        connector: &dyn Connector,
        rev: &str,
        applied: bool,
        progress: ProgressFn<'_>,
    ) -> Result<String> {
        let project = self.native("resolve")?;
        let url = self.database(connector)?;
        apply::resolve(
            project,
            &url,
            rev,
            applied,
            connector.lock_timeout(),
            progress,
        )
        .await
    }
}
