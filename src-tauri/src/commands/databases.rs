//! Where a database is: current revisions, pending, drift, dirty, unknown, read fresh.

use crate::error::CommandResult;
use crate::target::{Target, TIMEOUT};
use retort::apply::{self, Status};
use retort::workspace::Workspace;
use tauri::AppHandle;

#[tauri::command]
pub async fn database_status(app: AppHandle, profile: String) -> CommandResult<Status> {
    let target = Target::resolve(&app, &profile)?;
    let status = match &target.workspace {
        Workspace::Retort(project) => apply::status(project, &target.url, TIMEOUT).await?,
        Workspace::Alembic(project) => project.status(&target.url, TIMEOUT).await?,
    };
    Ok(status)
}
