//! One revision in full (`show`, the app's details pane): its header, and its SQL and checksum
//! (a Retort revision) or its module's Python source (an Alembic revision).

use super::{Kind, Workspace};
use crate::error::{Error, Result};
use crate::script::Header;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RevisionDetails {
    pub header: Header,
    pub path: String,
    /// Retort revisions: the SQL of each section.
    pub upgrade_sql: Option<String>,
    pub downgrade_sql: Option<String>,
    pub checksum: Option<String>,
    pub transactional: bool,
    /// Alembic revisions: the module's Python source.
    pub source: Option<String>,
}

impl Workspace {
    /// The revision `rev` names: `head` (when there is one head), an id, a unique prefix or a
    /// branch label. Returns its graph index too.
    pub fn revision(&self, rev: &str) -> Result<(usize, RevisionDetails)> {
        let graph = self.graph();
        let i = match rev {
            "head" => graph
                .single_head(rev)?
                .ok_or_else(|| Error::UnknownRevision {
                    argument: rev.into(),
                })?,
            _ => graph.lookup(rev)?,
        };
        let header = graph.node(i).header.clone();
        let path = header.path.display().to_string();
        let details = match &self.kind {
            Kind::Native(project) => {
                let revision = &project.revisions[i];
                RevisionDetails {
                    upgrade_sql: Some(revision.upgrade.sql.clone()),
                    downgrade_sql: Some(revision.downgrade.sql.clone()),
                    checksum: Some(revision.checksum.clone()),
                    transactional: revision.transactional,
                    source: None,
                    path,
                    header,
                }
            }
            Kind::Alembic(_) => RevisionDetails {
                source: Some(
                    std::fs::read_to_string(&header.path)
                        .map_err(|e| Error::io(&header.path, e))?,
                ),
                upgrade_sql: None,
                downgrade_sql: None,
                checksum: None,
                transactional: true,
                path,
                header,
            },
        };
        Ok((i, details))
    }
}
