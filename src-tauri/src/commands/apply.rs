//! Upgrade and downgrade from the app: the preview (every statement, bookkeeping included), then
//! the run, streaming the engine's progress events over a channel and stoppable between
//! revisions. One run at a time.

use crate::dto::PreviewView;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::target::Target;
use retort::workspace::{Direction, ErrorCode, Progress, ProgressFn, Report, RunRequest};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

pub async fn preview(
    app: AppHandle,
    profile: String,
    direction: Direction,
    target: String,
) -> CommandResult<PreviewView> {
    preview_of(&Target::resolve(&app, &profile)?, direction, &target).await
}

/// The preview of `direction` to `to` (parsed here, at the edge) on `target`'s database.
pub async fn preview_of(
    resolved: &Target,
    direction: Direction,
    to: &str,
) -> CommandResult<PreviewView> {
    let to = retort::workspace::Target::parse(to)?;
    Ok(resolved.workspace.preview(resolved, direction, &to).await?)
}

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
    let cancel = state.running.start(true).ok_or_else(|| {
        CommandError::new(ErrorCode::Busy, "another upgrade or downgrade is running")
    })?;
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

/// Runs `direction` to `to` (parsed here, at the edge) on `target`'s database; a protected
/// profile needs `confirm` to be its `confirmation_name` (the engine's `Profile::confirm`).
pub async fn apply_to(
    resolved: &Target,
    direction: Direction,
    to: &str,
    confirm: Option<&str>,
    cancel: Arc<AtomicBool>,
    send: ProgressFn<'_>,
) -> CommandResult<Report> {
    resolved.profile.confirm(confirm)?;
    let request = RunRequest {
        direction,
        target: retort::workspace::Target::parse(to)?,
        allow_drift: false,
        backup: true,
        cancel: Some(cancel),
    };
    Ok(resolved
        .workspace
        .run(resolved, &request, send)
        .await
        // The UI reads the database's state again after any failure, which shows what ran.
        .map_err(|failure| CommandError::from(failure.error))?
        .report)
}

/// Stops the running upgrade or downgrade after the revision in progress.
pub fn cancel_apply(state: State<'_, AppState>) -> bool {
    state.running.cancel()
}
