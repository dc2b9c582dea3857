//! Upgrade and downgrade from the app: the preview (every statement, bookkeeping included), then
//! the run, streaming the engine's progress events over a channel and stoppable between
//! revisions. One run at a time.

use crate::dto::PreviewView;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::target::{Target, TIMEOUT};
use retort::apply::{self, Progress, Report, RunOptions};
use retort::error::Direction;
use retort::workspace::Workspace;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

fn options(direction: Direction, target: String, cancel: Option<Arc<AtomicBool>>) -> RunOptions {
    RunOptions {
        direction,
        target,
        allow_drift: false,
        lock_timeout: TIMEOUT,
        backup: true,
        cancel,
    }
}

#[tauri::command]
pub async fn preview(
    app: AppHandle,
    profile: String,
    direction: Direction,
    target: String,
) -> CommandResult<PreviewView> {
    preview_of(&Target::resolve(&app, &profile)?, direction, &target).await
}

/// The preview of `direction` to `to` on `target`'s database.
pub async fn preview_of(
    resolved: &Target,
    direction: Direction,
    to: &str,
) -> CommandResult<PreviewView> {
    let project = match &resolved.workspace {
        Workspace::Retort(project) => project,
        Workspace::Alembic(project) => {
            return super::alembic::preview(resolved, project, direction, to).await
        }
    };
    let (plan, sql) =
        apply::preview(project, &resolved.url, &options(direction, to.into(), None)).await?;
    Ok(PreviewView {
        destructive_lines: retort::sql::destructive_lines(&sql),
        plan,
        sql,
        database: resolved.url.masked(),
    })
}

#[tauri::command]
pub async fn apply(
    app: AppHandle,
    state: State<'_, AppState>,
    profile: String,
    direction: Direction,
    target: String,
    confirm: Option<String>,
    on_progress: Channel<Progress>,
) -> CommandResult<Report> {
    let resolved = Target::resolve(&app, &profile)?;
    let cancel = state
        .running
        .start(true)
        .ok_or_else(|| CommandError::new("busy", "another upgrade or downgrade is running"))?;
    let send = move |event: Progress| {
        let _ = on_progress.send(event);
    };
    let result = apply_to(
        &resolved,
        direction,
        &target,
        confirm.as_deref(),
        cancel,
        &send,
    )
    .await;
    state.running.finish();
    result
}

/// Runs `direction` to `to` on `target`'s database; a protected profile needs `confirm` to be
/// its database's name.
pub async fn apply_to(
    resolved: &Target,
    direction: Direction,
    to: &str,
    confirm: Option<&str>,
    cancel: Arc<AtomicBool>,
    send: &(dyn Fn(Progress) + Send + Sync),
) -> CommandResult<Report> {
    if resolved.profile.protected && confirm != Some(resolved.database_name().as_str()) {
        return Err(CommandError::new(
            "confirmation_required",
            format!(
                "{} is protected: type the database name ({}) to apply",
                resolved.profile.name,
                resolved.database_name()
            ),
        ));
    }
    match &resolved.workspace {
        Workspace::Retort(project) => apply::run(
            project,
            &resolved.url,
            &options(direction, to.into(), Some(cancel)),
            send,
        )
        .await
        .map_err(|failure| CommandError::from(failure.error)),
        Workspace::Alembic(project) => {
            super::alembic::apply(resolved, project, direction, to, send).await
        }
    }
}

/// Stops the running upgrade or downgrade after the revision in progress.
#[tauri::command]
pub fn cancel_apply(state: State<'_, AppState>) -> bool {
    state.running.cancel()
}
