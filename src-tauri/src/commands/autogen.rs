//! The autogenerate review screen: `schema.sql` read and saved, the draft computed (changes with
//! destructive marks and rename proposals), and the reviewed SQL saved as a new revision. For an
//! Alembic project, its own `alembic revision --autogenerate` writes the draft, which is then
//! shown, edited or discarded.

use crate::dto::{AutogenView, SchemaFileView, WrittenRevision};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;
use crate::target::Target;
use retort::alembic::{run_alembic, AlembicProject};
use retort::autogen::{draft_revision, Autogen, AutogenStep, Side};
use retort::project::Project;
use retort::schema::{summary, Rename};
use retort::script::{new_revision_id, NewRevision};
use retort::workspace::Workspace;
use retort::ErrorCode;
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::AppHandle;
use tauri::State;

fn native(target: &Target) -> CommandResult<&Project> {
    match &target.workspace {
        Workspace::Retort(project) => Ok(project),
        Workspace::Alembic(_) => Err(CommandError::new(
            ErrorCode::AlembicProject,
            "an Alembic project drafts revisions with its own alembic: use alembic_autogenerate",
        )),
    }
}

fn alembic(target: &Target) -> CommandResult<&AlembicProject> {
    match &target.workspace {
        Workspace::Alembic(project) => Ok(project),
        Workspace::Retort(_) => Err(CommandError::new(
            ErrorCode::Invalid,
            "not an Alembic project",
        )),
    }
}

pub async fn read_schema(app: AppHandle, profile: String) -> CommandResult<SchemaFileView> {
    let target = Target::resolve(&app, &profile)?;
    let path = native(&target)?.schema_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(CommandError::new(
                ErrorCode::Io,
                format!("{}: {e}", path.display()),
            ))
        }
    };
    Ok(SchemaFileView {
        path: path.display().to_string(),
        text,
    })
}

pub async fn save_schema(app: AppHandle, profile: String, text: String) -> CommandResult<()> {
    let target = Target::resolve(&app, &profile)?;
    let path = native(&target)?.schema_path();
    std::fs::write(&path, text)
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("{}: {e}", path.display())))
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
    let project = native(&target)?;
    let head = project.graph.single_head("head")?;
    let revises: Vec<String> = head
        .iter()
        .map(|i| project.graph.id(*i).to_string())
        .collect();
    let from = match revises.first() {
        Some(id) => Side::Revisions(id.clone()),
        None => Side::Empty,
    };
    let renames = renames
        .iter()
        .map(|r| Rename::parse(r).map_err(retort::Error::from))
        .collect::<Result<Vec<_>, _>>()?;
    let to = Side::SchemaFile(project.schema_path());
    let cancel = state.autogenerating.start(false);
    let send = move |step: AutogenStep| {
        let _ = on_progress.send(step);
    };
    let diff = Autogen::new(Some(project), target.url.clone())
        .compare_observed(&from, &to, &renames, &send, cancel)
        .await;
    state.autogenerating.finish();
    let diff = diff?;
    let source = format!(
        "{} compared with {}",
        project.config.schema,
        from.describe()
    );
    let draft = draft_revision(&diff, String::new(), revises.clone(), "", &source);
    Ok(AutogenView {
        summary: summary(&diff),
        upgrade: draft.upgrade,
        downgrade: draft.downgrade,
        notes: draft.notes,
        revises,
        source,
        diff,
    })
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
    let target = Target::resolve(&app, &profile)?;
    let project = native(&target)?;
    if message.trim().is_empty() {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            "a revision needs a message",
        ));
    }
    let rev = NewRevision {
        id: new_revision_id(),
        parents: revises,
        message,
        created: chrono::Utc::now(),
        branch_labels: Vec::new(),
        depends_on: Vec::new(),
        transactional: true,
        upgrade,
        downgrade,
        notes,
    };
    let path = project.write_checked(&rev)?;
    Ok(WrittenRevision {
        revision: rev.id,
        path: path.display().to_string(),
        source: None,
    })
}

/// Runs the project's `alembic revision --autogenerate -m MESSAGE` on the profile's database
/// and returns the module it wrote.
pub async fn alembic_autogenerate(
    app: AppHandle,
    profile: String,
    message: String,
) -> CommandResult<WrittenRevision> {
    let target = Target::resolve(&app, &profile)?;
    let project = alembic(&target)?;
    let handoff = super::alembic::handoff(&target, project)?;
    let args = vec![
        "revision".to_string(),
        "--autogenerate".into(),
        "-m".into(),
        message,
    ];
    run_alembic(&handoff.command, &project.ini, &args, &handoff.env, &|_| {}).await?;
    let new = project.reread_new()?;
    let header = new.into_iter().next().ok_or_else(|| {
        CommandError::new(ErrorCode::AlembicFailed, "alembic wrote no new revision")
    })?;
    let source = std::fs::read_to_string(&header.path)
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("{}: {e}", header.path.display())))?;
    Ok(WrittenRevision {
        revision: header.id.clone(),
        path: header.path.display().to_string(),
        source: Some(source),
    })
}

/// The one file an Alembic draft may be: a `.py` under one of the project's version locations.
fn draft_file(project: &AlembicProject, path: &str) -> CommandResult<PathBuf> {
    let path = PathBuf::from(path);
    let inside = project
        .ini
        .version_locations
        .iter()
        .any(|dir| path.starts_with(dir));
    if !inside || path.extension().is_none_or(|e| e != "py") || !path.is_file() {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            format!(
                "{} is not a revision module of this project",
                path.display()
            ),
        ));
    }
    Ok(path)
}

/// Saves the edited Python of an Alembic draft.
pub async fn save_alembic_draft(
    app: AppHandle,
    profile: String,
    path: String,
    source: String,
) -> CommandResult<()> {
    let target = Target::resolve(&app, &profile)?;
    let project = alembic(&target)?;
    let file = draft_file(project, &path)?;
    std::fs::write(&file, source).map_err(|e| CommandError::new(ErrorCode::Io, e.to_string()))?;
    // Read back as Retort reads every module, so a broken header shows now.
    AlembicProject::open_section(&project.ini.path, &project.ini.section)?;
    Ok(())
}

/// Discards an Alembic draft: deletes the module alembic wrote.
pub async fn discard_alembic_draft(
    app: AppHandle,
    profile: String,
    path: String,
) -> CommandResult<()> {
    let target = Target::resolve(&app, &profile)?;
    let project = alembic(&target)?;
    let file = draft_file(project, &path)?;
    std::fs::remove_file(Path::new(&file))
        .map_err(|e| CommandError::new(ErrorCode::Io, e.to_string()))
}
