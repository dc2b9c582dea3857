//! Native file and folder dialogs (rfd), behind one function so end-to-end tests can preset the
//! answer: `RETORT_E2E_DIALOG` (read only here) is returned instead of showing a dialog.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};

pub enum Pick {
    Folder,
    File { extensions: Vec<String> },
}

/// Shows the dialog on the main thread (GTK wants it there) and waits for the answer.
pub async fn pick<R: Runtime>(app: &AppHandle<R>, title: String, what: Pick) -> Option<PathBuf> {
    if let Some(preset) = std::env::var_os("RETORT_E2E_DIALOG") {
        return (!preset.is_empty()).then(|| PathBuf::from(preset));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let shown = app.run_on_main_thread(move || {
        let dialog = rfd::FileDialog::new().set_title(title);
        let answer = match what {
            Pick::Folder => dialog.pick_folder(),
            Pick::File { extensions } => dialog.add_filter("files", &extensions).pick_file(),
        };
        let _ = tx.send(answer);
    });
    if shown.is_err() {
        return None;
    }
    rx.await.ok().flatten()
}
