//! Revision files: one revision per `.sql` file with an Alembic-worded header and
//! `-- upgrade` / `-- downgrade` sections. Parsing, checksums and writing new files.

mod checksum;
mod header_key;
mod parse;
mod write;

pub use checksum::checksum;
pub use parse::{check_revision_id, parse_revision};
pub use write::{file_name, new_revision_id, render_revision, slug, NewRevision};

use serde::Serialize;
use std::path::PathBuf;

/// What the graph needs to know about a revision; Alembic projects produce the same shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Header {
    pub id: String,
    /// `down_revision`: none for a base, several for a merge.
    pub parents: Vec<String>,
    pub message: String,
    pub created: Option<String>,
    pub branch_labels: Vec<String>,
    /// Revision ids or branch labels this revision must come after, without being its child.
    pub depends_on: Vec<String>,
    pub path: PathBuf,
}

/// One section's SQL and the line of the file where it starts, so errors can point into the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    pub sql: String,
    pub first_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub header: Header,
    /// False for revisions whose statements cannot run inside a transaction.
    pub transactional: bool,
    pub upgrade: Section,
    pub downgrade: Section,
    /// sha256 of the normalized upgrade section.
    pub checksum: String,
}

impl Revision {
    pub fn id(&self) -> &str {
        &self.header.id
    }
}
