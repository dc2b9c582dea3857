//! The result of an upgrade or downgrade: the revisions it ran.

use crate::error::Direction;
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
    /// The database's current heads afterwards, re-read from it.
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
