//! Where a database is: current revisions, pending, drift, dirty, unknown, read fresh.

use crate::error::CommandResult;
use crate::target::{Target, TIMEOUT};
use retort::apply::{self, Status};
use retort::workspace::Workspace;
use tauri::AppHandle;

pub async fn database_status(app: AppHandle, profile: String) -> CommandResult<Status> {
    status_of(&Target::resolve(&app, &profile)?).await
}

/// Where `target`'s database is, read fresh.
pub async fn status_of(target: &Target) -> CommandResult<Status> {
    let status = match &target.workspace {
        Workspace::Retort(project) => apply::status(project, &target.url, TIMEOUT).await?,
        Workspace::Alembic(project) => project.status(&target.url, TIMEOUT).await?,
    };
    Ok(status)
}

/// The database's `retort_log`, newest first (Alembic keeps no log: an empty list).
pub async fn activity(
    app: AppHandle,
    profile: String,
    limit: usize,
) -> CommandResult<Vec<retort::apply::LogRow>> {
    let target = Target::resolve(&app, &profile)?;
    match &target.workspace {
        Workspace::Retort(project) => {
            Ok(apply::activity(project, &target.url, limit, TIMEOUT).await?)
        }
        Workspace::Alembic(_) => Ok(Vec::new()),
    }
}
