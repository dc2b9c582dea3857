//! The app's contract with its UI, in one place: the table below is the only list of commands.
//! It registers them with Tauri and, in `cargo test -p retort-app`, writes their TypeScript
//! (`ui/src/lib/backend/bindings/commands.ts`: one typed function per command), so the UI cannot
//! call a command that does not exist, or pass a misnamed or mistyped argument, and type-check.
//!
//! Why ts-rs and this table rather than tauri-specta: every type the UI sees already derives
//! ts-rs's `TS`, in the engine as in the shell; tauri-specta (2.0.0-rc.26 when this was
//! written) is a release candidate pinned to exact `specta` release candidates, and would
//! replace those derives across the engine with another crate's for the same result. The table
//! costs one macro (`contract_macro.rs`) and one small generator (`contract_ts.rs`), and the
//! compiler checks each entry against the command's body.
//!
//! One casing on the wire: snake_case, the Rust names as they are, for command arguments (Tauri
//! would otherwise turn them into camelCase), struct fields and enum values alike; the same
//! JSON the CLI's `--json` prints. The profiles file keeps its camelCase keys (a file format,
//! not the wire; the engine's profile store writes it).
//!
//! Errors are a `CommandError` whose `code` is `retort::workspace::ErrorCode`: one closed list
//! for the engine's codes and the shell's (`busy`, `profile_store`, …). Rules both sides need are
//! computed in the engine and sent: the name a protected profile asks to be typed is
//! `ProfileView::confirmation_name`, from the rule `Profile::confirm` enforces.

use crate::commands::{app, apply, autogen, databases, dialogs, profiles, projects};
use crate::contract_macro::app_contract;
use crate::dto::{
    AppInfo, AutogenView, PreviewView, ProfileInput, ProjectView, RevisionDetails, SchemaFileView,
    WrittenRevision,
};
use crate::state::AppState;
use retort::workspace::{AutogenStep, Direction, LogRow, ProfileView, Progress, Report, Status};
use tauri::{AppHandle, State};

app_contract! {
    /// Facts about the app itself, for the about box and the first-start notice.
    blocking fn app_info[state: State<'_, AppState>]() -> AppInfo = app::app_info;

    // Settings: profiles. A password goes to the keyring; no command returns one.
    blocking fn list_profiles[app: AppHandle]() -> Vec<ProfileView> = profiles::list_profiles;
    async fn save_profile[app: AppHandle](input: ProfileInput) -> ProfileView = profiles::save_profile;
    async fn delete_profile[app: AppHandle](name: String) -> () = profiles::delete_profile;
    /// Connects with the saved profile `name` and reads where its database is.
    async fn test_connection[app: AppHandle](name: String) -> Status = profiles::test_connection;

    /// The project in the folder `path` (a profile's project), its graph laid out for drawing.
    async fn open_project[](path: String) -> ProjectView = projects::open_project;
    /// One revision of the project in `path`, by id or unique prefix.
    async fn revision_details[](path: String, id: String) -> RevisionDetails = projects::revision_details;

    /// Where the database of the profile named `profile` is, read fresh.
    async fn database_status[app: AppHandle](profile: String) -> Status = databases::database_status;
    /// The database's `retort_log`, newest first (always empty for Alembic projects).
    async fn activity[app: AppHandle](profile: String, limit: usize) -> Vec<LogRow> = databases::activity;

    /// The project's `schema.sql` (text "" when the file does not exist yet). Retort projects only.
    async fn read_schema[app: AppHandle](profile: String) -> SchemaFileView = autogen::read_schema;
    async fn save_schema[app: AppHandle](profile: String, text: String) -> () = autogen::save_schema;
    /// `schema.sql` compared with the revisions at the single head, on scratch databases beside
    /// the profile's database. `renames`: accepted renames, `table.from=to` (columns) or
    /// `from=to` (tables).
    async fn autogenerate[app: AppHandle, state: State<'_, AppState>](
        profile: String, renames: Vec<String>; on_progress: Channel<AutogenStep>
    ) -> AutogenView = autogen::autogenerate;
    /// Stops the running autogenerate (its scratch databases are dropped); false when none runs.
    blocking fn cancel_autogenerate[state: State<'_, AppState>]() -> bool = autogen::cancel_autogenerate;
    /// Saves a reviewed (possibly edited) autogenerate draft as a new revision.
    async fn save_draft[app: AppHandle](
        profile: String, message: String, revises: Vec<String>, upgrade: String, downgrade: String,
        notes: Vec<String>
    ) -> WrittenRevision = autogen::save_draft;
    /// Alembic projects: runs `alembic revision --autogenerate -m MESSAGE`; `source` is the
    /// module written.
    async fn alembic_autogenerate[app: AppHandle](profile: String, message: String) -> WrittenRevision = autogen::alembic_autogenerate;
    /// Alembic projects: writes the edited Python of a draft module back to `path`.
    async fn save_alembic_draft[app: AppHandle](profile: String, path: String, source: String) -> () = autogen::save_alembic_draft;
    /// Alembic projects: deletes the draft module at `path`.
    async fn discard_alembic_draft[app: AppHandle](profile: String, path: String) -> () = autogen::discard_alembic_draft;

    /// Everything an upgrade or downgrade to `target` (`head`, `heads`, a revision id, `+1`,
    /// `-1`, `base`, `label@head`…) would run, before it runs.
    async fn preview[app: AppHandle](profile: String, direction: Direction, target: String) -> PreviewView = apply::preview;
    /// Runs the upgrade or downgrade; a protected profile needs `confirm` to be its
    /// `confirmation_name`. One run at a time (`busy` otherwise).
    async fn apply[app: AppHandle, state: State<'_, AppState>](
        profile: String, direction: Direction, target: String, confirm: Option<String>;
        on_progress: Channel<Progress>
    ) -> Report = apply::apply;
    /// Stops the running upgrade or downgrade after the revision in progress; false when none runs.
    blocking fn cancel_apply[state: State<'_, AppState>]() -> bool = apply::cancel_apply;

    /// The system's folder dialog; null when cancelled.
    async fn pick_folder[app: AppHandle](title: String) -> Option<String> = dialogs::pick_folder;
    /// The system's file dialog, showing files with one of `extensions`; null when cancelled.
    async fn pick_file[app: AppHandle](title: String, extensions: Vec<String>) -> Option<String> = dialogs::pick_file;
}
