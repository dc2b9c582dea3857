//! Where a database is: current revisions, pending, drift, dirty, unknown, read fresh.

use crate::error::CommandResult;
use crate::target::Target;
use retort::workspace::{LogRow, Status};
use tauri::AppHandle;

pub async fn database_status(app: AppHandle, profile: String) -> CommandResult<Status> {
    status_of(&Target::resolve(&app, &profile)?).await
}

/// Where `target`'s database is, read fresh.
pub async fn status_of(target: &Target) -> CommandResult<Status> {
    Ok(target.workspace.status(target).await?)
}

/// The database's `retort_log`, newest first (Alembic keeps no log: an empty list).
pub async fn activity(app: AppHandle, profile: String, limit: usize) -> CommandResult<Vec<LogRow>> {
    let target = Target::resolve(&app, &profile)?;
    Ok(target.workspace.activity(&target, limit).await?)
}
