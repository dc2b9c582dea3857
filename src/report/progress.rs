//! Progress events of a run, streamed to the CLI's stderr or the app's channel as they happen.

use crate::error::{Direction, ErrorCode};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Progress {
    /// Another runner holds the lock; this one waits (up to the lock timeout).
    WaitingForLock {
        database: String,
        /// What the run holding the lock is doing, when the database says (a claimed revision).
        holder: Option<String>,
    },
    BackupWritten {
        path: PathBuf,
    },
    RevisionStarted {
        revision: String,
        message: String,
        direction: Direction,
        /// 1-based position in the plan, and the plan's length.
        index: usize,
        total: usize,
        statements: usize,
    },
    StatementStarted {
        revision: String,
        number: usize,
        total: usize,
    },
    RevisionDone {
        revision: String,
        direction: Direction,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        duration_ms: u128,
    },
    RevisionFailed {
        revision: String,
        direction: Direction,
        code: ErrorCode,
        error: String,
    },
}

/// Where progress goes; called on the runner's task, so keep it quick.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Send + Sync);
