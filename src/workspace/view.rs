//! A project as the app draws it: one summary shape per revision, whatever the project's kind,
//! and the graph laid out in lanes.

use super::{Kind, Workspace};
use crate::graph::Layout;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ProjectKind {
    Retort,
    Alembic,
}

/// A project with its graph laid out for drawing; `layout.rows[i].node` indexes `revisions`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProjectView {
    pub kind: ProjectKind,
    pub root: String,
    pub config_path: String,
    pub revisions: Vec<RevisionSummary>,
    pub layout: Layout,
    pub heads: Vec<String>,
    /// What the reader passed over or guessed (Alembic projects), for a notice.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RevisionSummary {
    pub id: String,
    pub parents: Vec<String>,
    pub message: String,
    pub created: Option<String>,
    /// Labels declared here.
    pub branch_labels: Vec<String>,
    /// Labels of the branch it belongs to (declared or inherited).
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    /// Tables it works on (a Retort revision's upgrade SQL; an Alembic module's `op` calls
    /// and executed SQL), for searching by table name.
    pub tables: Vec<String>,
    pub is_head: bool,
    pub is_branch_point: bool,
    pub is_merge: bool,
}

impl Workspace {
    /// Every revision summarised, the graph laid out, the heads and the reader's notes.
    pub fn view(&self) -> ProjectView {
        let graph = self.graph();
        let heads = graph.heads();
        let revisions = graph
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, node)| RevisionSummary {
                id: node.header.id.clone(),
                parents: node.header.parents.clone(),
                message: node.header.message.clone(),
                created: node.header.created.clone(),
                branch_labels: node.header.branch_labels.clone(),
                labels: node.labels.iter().cloned().collect(),
                depends_on: node.header.depends_on.clone(),
                tables: self.tables_of(i),
                is_head: heads.contains(&i),
                is_branch_point: node.children.len() > 1,
                is_merge: node.parents.len() > 1,
            })
            .collect();
        let notes = match &self.kind {
            Kind::Native(_) => Vec::new(),
            Kind::Alembic(p) => p.notes.clone(),
        };
        ProjectView {
            kind: self.kind(),
            root: self.root().display().to_string(),
            config_path: self.config_path().display().to_string(),
            revisions,
            layout: graph.layout(),
            heads: graph.ids(&heads),
            notes,
        }
    }

    /// The tables revision `i` works on: from a Retort revision's upgrade SQL, from an Alembic
    /// module's `op` calls and executed SQL.
    fn tables_of(&self, i: usize) -> Vec<String> {
        match &self.kind {
            Kind::Native(p) => p
                .revisions
                .get(i)
                .map(|r| crate::sql::tables_named(&r.upgrade.sql))
                .unwrap_or_default(),
            Kind::Alembic(p) => std::fs::read_to_string(&p.graph.node(i).header.path)
                .map(|source| crate::alembic::tables_in_module(&source))
                .unwrap_or_default(),
        }
    }
}
