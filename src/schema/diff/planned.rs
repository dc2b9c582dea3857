//! What the differ's parts hand each other: planned operations with what a reviewer must know,
//! and the tables and columns changed beneath views. Kept apart from `diff` so the parts and the
//! walk that calls them do not import each other.

use crate::schema::op::Op;

/// One operation and what the reviewer must know about it.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub op: Op,
    pub destructive: bool,
    pub reason: Option<String>,
    pub detail: String,
}

impl Planned {
    pub fn new(op: Op) -> Planned {
        Planned {
            op,
            destructive: false,
            reason: None,
            detail: String::new(),
        }
    }

    pub fn destructive(mut self, reason: impl Into<String>) -> Planned {
        self.destructive = true;
        self.reason = Some(reason.into());
        self
    }

    pub fn reason(mut self, reason: impl Into<String>) -> Planned {
        self.reason = Some(reason.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Planned {
        self.detail = detail.into();
        self
    }
}

/// What changed beneath views: `(table key as in `from`, column or None for the whole table)`.
pub(crate) type Touched = Vec<(String, Option<String>)>;
