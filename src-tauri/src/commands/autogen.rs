//! The autogenerate review screen: `schema.sql` read and saved, the draft computed (changes with
//! destructive marks and rename proposals), and the reviewed SQL saved as a new revision through
//! the engine's id and parent rules. For an Alembic project, its own `alembic revision
//! --autogenerate` writes the draft, which is then shown, edited or discarded.

use crate::dto::{AutogenView, SchemaFileView, WrittenRevision};
use crate::error::CommandResult;
use crate::state::AppState;
use crate::target::Target;
use retort::workspace::{parse_renames, AutogenStep, Draft, DraftRequest};
use tauri::ipc::Channel;
use tauri::AppHandle;
use tauri::State;

pub async fn read_schema(app: AppHandle, profile: String) -> CommandResult<SchemaFileView> {
    Ok(Target::resolve(&app, &profile)?.workspace.schema_file()?)
}

pub async fn save_schema(app: AppHandle, profile: String, text: String) -> CommandResult<()> {
    Ok(Target::resolve(&app, &profile)?
        .workspace
        .save_schema_file(&text)?)
}

/// `schema.sql` compared with the revisions at the single head (scratch databases beside the
/// profile's database); `renames` as the CLI's `--rename`.
pub async fn autogenerate(
    app: AppHandle,
    state: State<'_, AppState>,
    profile: String,
    renames: Vec<String>,
    on_progress: Channel<AutogenStep>,
) -> CommandResult<AutogenView> {
    let target = Target::resolve(&app, &profile)?;
    let request = DraftRequest {
        renames: parse_renames(&renames)?,
        ..DraftRequest::default()
    };
    let cancel = state.autogenerating.start(false);
    let send = move |step: AutogenStep| {
        let _ = on_progress.send(step);
    };
    let view = target
        .workspace
        .draft(&target, &request, &send, cancel)
        .await;
    state.autogenerating.finish();
    Ok(view?)
}

/// Stops the autogenerate in progress; its scratch databases are dropped.
pub fn cancel_autogenerate(state: State<'_, AppState>) -> bool {
    state.autogenerating.cancel()
}

/// Saves the reviewed draft as a new revision (read back at once, so a broken file fails now).
pub async fn save_draft(
    app: AppHandle,
    profile: String,
    message: String,
    revises: Vec<String>,
    upgrade: String,
    downgrade: String,
    notes: Vec<String>,
) -> CommandResult<WrittenRevision> {
    let draft = Draft {
        message,
        revises,
        upgrade,
        downgrade,
        notes,
    };
    Ok(Target::resolve(&app, &profile)?
        .workspace
        .save_draft(&draft)?)
}

/// Runs the project's `alembic revision --autogenerate -m MESSAGE` on the profile's database
/// and returns the module it wrote.
pub async fn alembic_autogenerate(
    app: AppHandle,
    profile: String,
    message: String,
) -> CommandResult<WrittenRevision> {
    let target = Target::resolve(&app, &profile)?;
    Ok(target.workspace.alembic_draft(&target, &message).await?)
}

/// Saves the edited Python of an Alembic draft.
pub async fn save_alembic_draft(
    app: AppHandle,
    profile: String,
    path: String,
    source: String,
) -> CommandResult<()> {
    Ok(Target::resolve(&app, &profile)?
        .workspace
        .save_alembic_draft(&path, &source)?)
}

/// Discards an Alembic draft: deletes the module alembic wrote.
pub async fn discard_alembic_draft(
    app: AppHandle,
    profile: String,
    path: String,
) -> CommandResult<()> {
    Ok(Target::resolve(&app, &profile)?
        .workspace
        .discard_alembic_draft(&path)?)
}
