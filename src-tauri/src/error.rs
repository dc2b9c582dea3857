//! Errors as the UI receives them: a code from the one closed list ([`ErrorCode`], shared with
//! the engine and generated for TypeScript) to switch on, and a message to show.

use retort::workspace::{Error, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> CommandError {
        CommandError {
            code,
            message: message.into(),
        }
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> CommandError {
        CommandError::new(e.code(), e.to_string())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> CommandError {
        CommandError::new(ErrorCode::App, e.to_string())
    }
}

impl From<tauri_plugin_store::Error> for CommandError {
    fn from(e: tauri_plugin_store::Error) -> CommandError {
        CommandError::new(ErrorCode::ProfileStore, e.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
