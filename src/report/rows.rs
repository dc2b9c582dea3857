//! The rows a database remembers, as read back: its applied set (with dirty marks) and its log.

use crate::error::Direction;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RowState {
    Applied,
    /// A non-transactional revision is being run (or its runner died).
    Running,
    /// A non-transactional revision failed part-way.
    Dirty,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppliedRow {
    pub revision: String,
    pub checksum: String,
    pub applied_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duration_ms: i64,
    pub applied_by: String,
    pub state: RowState,
    pub direction: Option<Direction>,
    /// For running/dirty rows: the statement reached (1-based).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub statement: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LogRow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub at: String,
    pub action: String,
    pub revision: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duration_ms: i64,
    pub host: Option<String>,
    pub user: Option<String>,
    pub outcome: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub statement: Option<i64>,
    pub error: Option<String>,
}
