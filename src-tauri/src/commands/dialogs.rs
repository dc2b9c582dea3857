//! Choosing a project folder or a SQLite file with the system's own dialog.

use crate::dialog::{pick, Pick};

pub async fn pick_folder(app: tauri::AppHandle, title: String) -> Option<String> {
    pick(&app, title, Pick::Folder)
        .await
        .map(|p| p.display().to_string())
}

pub async fn pick_file(
    app: tauri::AppHandle,
    title: String,
    extensions: Vec<String>,
) -> Option<String> {
    pick(&app, title, Pick::File { extensions })
        .await
        .map(|p| p.display().to_string())
}
