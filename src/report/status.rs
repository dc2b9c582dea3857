//! One screen of truth about a database, as `status`, `current` and the app's database cards show it.

use super::rows::AppliedRow;
use crate::Dialect;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Status {
    /// The URL with its password masked.
    pub database: String,
    pub dialect: Dialect,
    /// False before Retort's tables exist (or, for SQLite, before the file exists).
    pub initialized: bool,
    pub current: Vec<String>,
    pub heads: Vec<String>,
    /// Revisions `upgrade heads` would apply, in order.
    pub pending: Vec<String>,
    /// Applied revisions whose upgrade section changed since.
    pub drift: Vec<String>,
    /// Applied revisions no file defines.
    pub unknown: Vec<String>,
    /// A revision left part-way: failed, or claimed by a runner that is gone.
    pub dirty: Option<AppliedRow>,
    /// A revision a live run is applying now, statement by statement (its runner holds the
    /// run lock): in progress, not dirty.
    pub running: Option<AppliedRow>,
    pub applied: Vec<AppliedRow>,
}
