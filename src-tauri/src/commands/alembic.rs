//! Upgrade and downgrade of an Alembic project from the app: the project's own alembic runs,
//! handed the profile's database in its environment; `--sql` gives the preview. Its progress
//! lines arrive as the same events the native applier sends.

use crate::dto::PreviewView;
use crate::error::{CommandError, CommandResult};
use crate::target::{Target, TIMEOUT};
use retort::alembic::{run_alembic, AlembicProject};
use retort::apply::{Progress, Report, StepResult};
use retort::connection::UrlSource;
use retort::error::Direction;
use retort::ErrorCode;
use std::sync::Mutex;

/// The project's alembic, handed the profile's database, password and variables.
pub(crate) fn handoff(
    target: &Target,
    project: &AlembicProject,
) -> CommandResult<retort::alembic::Handoff> {
    Ok(project.handoff(
        target.profile.alembic_command.as_deref(),
        Some((&target.url, UrlSource::Profile)),
        target.profile.alembic_env(target.url.password().as_deref()),
    )?)
}

/// `alembic upgrade|downgrade FROM:TO --sql`, from where the database is now.
pub async fn preview(
    target: &Target,
    project: &AlembicProject,
    direction: Direction,
    to: &str,
) -> CommandResult<PreviewView> {
    if !project.env_py_has_offline_mode() {
        return Err(CommandError::new(
            ErrorCode::NoOfflineMode,
            "this project's env.py has no offline mode, so alembic cannot show the SQL before running it",
        ));
    }
    // Alembic's offline mode takes absolute revisions only: the engine resolves `-1` and the
    // like against the database first.
    let (plan, range) = project.plan(&target.url, direction, to, TIMEOUT).await?;
    let handoff = handoff(target, project)?;
    let args = vec![direction.name().to_string(), range, "--sql".into()];
    let output = run_alembic(&handoff.command, &project.ini, &args, &handoff.env, &|_| {}).await?;
    Ok(PreviewView {
        destructive_lines: retort::sql::destructive_lines(&output.stdout),
        plan,
        sql: output.stdout,
        database: target.url.masked(),
    })
}

/// Runs the project's alembic, forwarding its progress, then re-reads `alembic_version`.
pub async fn apply(
    target: &Target,
    project: &AlembicProject,
    direction: Direction,
    to: &str,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> CommandResult<Report> {
    let handoff = handoff(target, project)?;
    let steps = Mutex::new(Vec::new());
    let messages = Mutex::new(std::collections::HashMap::new());
    let forward = |event: Progress| {
        match &event {
            Progress::RevisionStarted {
                revision, message, ..
            } => {
                if let Ok(mut m) = messages.lock() {
                    m.insert(revision.clone(), message.clone());
                }
            }
            Progress::RevisionDone {
                revision,
                direction,
                duration_ms,
            } => {
                let message = messages
                    .lock()
                    .ok()
                    .and_then(|m| m.get(revision).cloned())
                    .unwrap_or_default();
                if let Ok(mut s) = steps.lock() {
                    s.push(StepResult {
                        revision: revision.clone(),
                        message,
                        direction: *direction,
                        duration_ms: *duration_ms,
                    });
                }
            }
            _ => {}
        }
        progress(event);
    };
    let args = vec![direction.name().to_string(), to.to_string()];
    run_alembic(
        &handoff.command,
        &project.ini,
        &args,
        &handoff.env,
        &forward,
    )
    .await?;
    let status = project.status(&target.url, TIMEOUT).await?;
    Ok(Report {
        direction,
        steps: steps.into_inner().unwrap_or_default(),
        backup: None,
        cancelled: false,
        current: status.current,
    })
}
