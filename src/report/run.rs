//! The result of an upgrade or downgrade: the revisions it ran, and, when it failed, those it ran
//! before the failure together with the error.

use crate::error::{Direction, Error};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StepResult {
    pub revision: String,
    pub message: String,
    pub direction: Direction,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duration_ms: u128,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Report {
    pub direction: Direction,
    pub steps: Vec<StepResult>,
    pub backup: Option<PathBuf>,
    pub cancelled: bool,
    /// The database's current heads afterwards, read from it; after a failure, the heads the
    /// revisions that ran left (not read again), empty when the state could not be read at all.
    pub current: Vec<String>,
}

impl Report {
    /// Nothing run yet.
    pub fn new(direction: Direction) -> Report {
        Report {
            direction,
            steps: Vec::new(),
            backup: None,
            cancelled: false,
            current: Vec::new(),
        }
    }
}

/// A run that stopped on an error: `report` holds what it applied before (each of those
/// revisions is recorded in the database) and the heads that leaves.
#[derive(Debug)]
pub struct RunFailure {
    pub report: Report,
    pub error: Error,
}

impl RunFailure {
    /// A run that failed before applying anything (choosing or reaching the database).
    pub fn nothing_run(direction: Direction, error: Error) -> RunFailure {
        RunFailure {
            report: Report::new(direction),
            error,
        }
    }
}

impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for RunFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Callers that only report the error keep using `?`.
impl From<RunFailure> for Error {
    fn from(failure: RunFailure) -> Error {
        failure.error
    }
}
