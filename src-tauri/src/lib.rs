//! Retort's desktop app: Tauri wiring only. Every command in `commands/` is a thin adapter over
//! the `retort` engine (no SQL, graph or diff logic here); errors cross the bridge as
//! `{code, message}` with the engine's stable codes.

mod cancel;
pub mod commands;
mod demo;
mod dialog;
mod dto;
mod error;
mod profiles;
mod state;
pub mod target;

pub use dto::*;
pub use error::CommandError;

use tauri::Manager;

pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let state = state::AppState::new(app.handle())?;
            app.manage(state);
            demo::first_start(app.handle())?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::profiles::list_profiles,
            commands::profiles::save_profile,
            commands::profiles::delete_profile,
            commands::profiles::test_connection,
            commands::projects::open_project,
            commands::projects::revision_details,
            commands::databases::database_status,
            commands::databases::activity,
            commands::autogen::read_schema,
            commands::autogen::save_schema,
            commands::autogen::autogenerate,
            commands::autogen::cancel_autogenerate,
            commands::autogen::save_draft,
            commands::autogen::alembic_autogenerate,
            commands::autogen::save_alembic_draft,
            commands::autogen::discard_alembic_draft,
            commands::apply::preview,
            commands::apply::apply,
            commands::apply::cancel_apply,
            commands::dialogs::pick_folder,
            commands::dialogs::pick_file,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Retort could not start: {e}");
            std::process::exit(1);
        }
    }
}
