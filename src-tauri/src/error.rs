//! Errors as the UI receives them: a stable code to switch on and a message to show. The
//! engine's codes pass through unchanged; the shell adds a few of its own.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> CommandError {
        CommandError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<retort::Error> for CommandError {
    fn from(e: retort::Error) -> CommandError {
        CommandError::new(e.code(), e.to_string())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> CommandError {
        CommandError::new("app", e.to_string())
    }
}

impl From<tauri_plugin_store::Error> for CommandError {
    fn from(e: tauri_plugin_store::Error) -> CommandError {
        CommandError::new("profile_store", e.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
