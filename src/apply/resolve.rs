//! `resolve`: after a human repaired a database left dirty by a failed non-transactional
//! revision, record whether that revision is in effect (`--applied`) or not (`--rolled-back`).

use super::lock;
use super::session::Session;
use crate::database_url::DatabaseUrl;
use crate::dialect::LogEntry;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::report::{ProgressFn, RowState};
use std::time::Duration;

pub async fn resolve(
    project: &Project,
    url: &DatabaseUrl,
    revision: &str,
    applied: bool,
    lock_timeout: Duration,
    progress: ProgressFn<'_>,
) -> Result<String> {
    lock::locked(
        url,
        project.tables(),
        lock_timeout,
        progress,
        async |session: &mut Session| resolve_locked(session, project, revision, applied).await,
    )
    .await
}

async fn resolve_locked(
    session: &mut Session,
    project: &Project,
    revision: &str,
    applied: bool,
) -> Result<String> {
    let state = session.read_state().await?;
    let row = state
        .rows
        .iter()
        .filter(|r| r.state != RowState::Applied)
        .find(|r| r.revision.starts_with(revision))
        .ok_or_else(|| Error::NotDirty {
            revision: revision.to_string(),
        })?;
    let id = row.revision.clone();
    let checksum = project
        .graph
        .index_of(&id)
        .map(|i| project.revisions[i].checksum.clone())
        .unwrap_or_else(|| row.checksum.clone());
    let actor = session.actor.clone();
    let book = session.book();
    let change = if applied {
        book.mark_applied(&id, &checksum, 0)
    } else {
        book.delete_applied(&id)
    };
    let log = book.log(&LogEntry {
        action: "resolve",
        revision: Some(&id),
        duration_ms: 0,
        outcome: if applied { "applied" } else { "rolled-back" },
        statement: row.statement.map(|n| n as usize),
        error: None,
        host: &actor.host,
        user: &actor.user,
    });
    session.exec(&change, "resolving").await?;
    session.exec(&log, "resolving").await?;
    Ok(id)
}
