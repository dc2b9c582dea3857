//! Retort's desktop app: Tauri wiring only. Every command in `commands/` is a thin adapter over
//! the `retort` engine (no SQL, graph or diff logic here), registered through the one command
//! table in `contract.rs`; errors cross the bridge as `{code, message}` with one closed list of
//! codes (`retort::workspace::ErrorCode`).

mod cancel;
pub mod commands;
mod contract;
mod contract_macro;
#[cfg(test)]
mod contract_ts;
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
        .invoke_handler(contract::handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Retort could not start: {e}");
            std::process::exit(1);
        }
    }
}
