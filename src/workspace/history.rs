//! `history`: the revisions of a range, newest first, and which are current. The database is
//! read only when the range or the current marks need it.

use super::connector::Connector;
use super::{Kind, Workspace};
use crate::apply::RowState;
use crate::error::Result;
use crate::graph::Range;

/// Revisions (graph indexes) in history order, and for every revision whether it is current.
#[derive(Debug, Clone)]
pub struct History {
    pub revisions: Vec<usize>,
    pub current: Vec<bool>,
}

impl Workspace {
    pub async fn history(
        &self,
        connector: &dyn Connector,
        range: Option<&Range>,
        indicate_current: bool,
    ) -> Result<History> {
        let graph = self.graph();
        let needs_db = indicate_current || range.is_some_and(Range::needs_database);
        // The applied set, and what is "current": natively the computed heads; for Alembic, as
        // `alembic history -i`, exactly the rows of its version table. One read of the database.
        let (applied, current_ids): (Vec<bool>, Vec<String>) = match (&self.kind, needs_db) {
            (_, false) => (vec![false; graph.len()], Vec::new()),
            (Kind::Alembic(alembic), true) => {
                let url = self.database(connector)?;
                let state = alembic.read_state(&url, connector.lock_timeout()).await?;
                (state.applied, state.version_rows)
            }
            (Kind::Native(_), true) => {
                let status = self.status(connector).await?;
                let applied = status
                    .applied
                    .iter()
                    .filter(|r| r.state == RowState::Applied)
                    .map(|r| r.revision.as_str());
                (graph.applied_mask(applied).0, status.current)
            }
        };
        let current = graph.applied_mask(current_ids.iter().map(String::as_str)).0;
        let current_list: Vec<usize> = (0..graph.len()).filter(|i| current[*i]).collect();
        let revisions = graph.history_from(range, &applied, &current_list)?;
        Ok(History { revisions, current })
    }
}
