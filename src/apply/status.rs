//! One screen of truth about a database: where it is, what is pending, what drifted, what is
//! unknown, what is dirty. Feeds `status`, `current` and the app's database cards.

use super::session::Session;
use super::state::DbState;
use crate::database_url::DatabaseUrl;
use crate::error::Result;
use crate::project::Project;
use crate::report::{LogRow, RowState, Status};
use std::time::Duration;

pub async fn status(project: &Project, url: &DatabaseUrl, timeout: Duration) -> Result<Status> {
    let state = match Session::open(url, project.tables(), false, timeout).await? {
        Some(mut session) => {
            let state = read_with_liveness(&mut session).await;
            session.close().await;
            state?
        }
        None => DbState::default(),
    };
    Ok(compute(project, url, state))
}

/// The state, and for a claimed revision whether its runner is alive (holds the run lock).
pub(super) async fn read_with_liveness(session: &mut Session) -> Result<DbState> {
    let mut state = session.read_state().await?;
    if state.unfinished().map(|r| r.state) == Some(RowState::Running) {
        state.claim_live = session.run_lock_held().await?;
    }
    Ok(state)
}

/// The newest log rows of a database (empty when Retort never touched it).
pub async fn activity(
    project: &Project,
    url: &DatabaseUrl,
    limit: usize,
    timeout: Duration,
) -> Result<Vec<LogRow>> {
    match Session::open(url, project.tables(), false, timeout).await? {
        Some(mut session) => {
            let rows = session.read_log(limit).await;
            session.close().await;
            rows
        }
        None => Ok(Vec::new()),
    }
}

pub fn compute(project: &Project, url: &DatabaseUrl, state: DbState) -> Status {
    let graph = &project.graph;
    let (applied, unknown) = graph.applied_mask(state.applied_ids());
    let heads = graph.heads();
    let pending = crate::plan::upgrade_order(graph, &applied, &heads);
    let drift = state
        .rows
        .iter()
        .filter_map(|row| {
            let i = graph.index_of(&row.revision)?;
            (project.revisions[i].checksum != row.checksum).then(|| row.revision.clone())
        })
        .collect();
    Status {
        database: url.masked(),
        dialect: url.dialect(),
        initialized: state.tables == 2,
        current: graph.ids(&graph.current_heads(&applied)),
        heads: graph.ids(&heads),
        pending: graph.ids(&pending),
        drift,
        unknown,
        dirty: state.dirty().cloned(),
        running: state.in_progress().cloned(),
        applied: state.rows,
    }
}
