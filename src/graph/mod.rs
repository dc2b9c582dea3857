//! The revision graph with Alembic's semantics: several bases and heads, merges, `depends_on`
//! ordering edges and branch labels. Pure: built from headers, validated eagerly, no I/O.

mod build;
#[cfg(test)]
mod graph_tests;
pub mod layout;
mod order;
mod range;
mod resolve;
mod target;
#[cfg(test)]
mod walk_bound_tests;

pub use layout::{Edge, EdgeKind, Layout, Row};
pub use range::Range;
pub use resolve::Removal;
pub use target::Target;

use crate::script::Header;
use std::collections::{BTreeSet, HashMap};

/// One revision in the graph; edges are indexes into [`Graph::nodes`].
#[derive(Debug, Clone)]
pub struct Node {
    pub header: Header,
    pub parents: Vec<usize>,
    pub children: Vec<usize>,
    /// `depends_on`, resolved to revisions.
    pub dependencies: Vec<usize>,
    pub dependents: Vec<usize>,
    /// Labels of the branch this revision belongs to (declared here or inherited, as Alembic does).
    pub labels: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct Graph {
    nodes: Vec<Node>,
    by_id: HashMap<String, usize>,
    /// Branch label -> the revision that declares it.
    label_owner: HashMap<String, usize>,
    /// Every node, parents and dependencies before the revisions that need them.
    order: Vec<usize>,
    /// Position of each node in `order`.
    rank: Vec<usize>,
}

impl Graph {
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn id(&self, index: usize) -> &str {
        &self.nodes[index].header.id
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every revision, bases first; each after its parents and dependencies.
    pub fn topological(&self) -> &[usize] {
        &self.order
    }

    /// Sorts indexes into topological order (bases first).
    pub fn sort_topological(&self, indexes: &mut [usize]) {
        indexes.sort_by_key(|i| self.rank[*i]);
    }

    /// Revisions that no revision names as `down_revision` (depends_on does not count, as in Alembic).
    /// In load order, as `alembic heads` lists them.
    pub fn heads(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|i| self.nodes[*i].children.is_empty())
            .collect()
    }

    pub fn bases(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|i| self.nodes[*i].parents.is_empty())
            .collect()
    }

    /// Revisions with more than one child: where the history forks.
    pub fn branch_points(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|i| self.nodes[*i].children.len() > 1)
            .collect()
    }

    /// `start` and everything it needs: parents and dependencies, transitively.
    pub fn requirements(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |n| n.parents.iter().chain(&n.dependencies))
    }

    /// `start` and everything that needs it: children and dependents, transitively.
    pub fn dependants(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |n| n.children.iter().chain(&n.dependents))
    }

    /// `start` and its ancestors through `down_revision` only.
    pub fn ancestors(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |n| n.parents.iter())
    }

    /// `start` and its descendants through `down_revision` only.
    pub fn descendants(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |n| n.children.iter())
    }

    fn closure<'a, I>(&'a self, start: &[usize], next: impl Fn(&'a Node) -> I) -> Vec<bool>
    where
        I: Iterator<Item = &'a usize>,
    {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack: Vec<usize> = start.to_vec();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(next(&self.nodes[i]).copied().filter(|j| !seen[*j]));
        }
        seen
    }

    /// The applied revisions that no applied revision names as parent: what the database is "at".
    pub fn current_heads(&self, applied: &[bool]) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|i| applied[*i])
            .filter(|i| !self.nodes[*i].children.iter().any(|c| applied[*c]))
            .collect()
    }

    /// Marks which known revisions an applied set (of ids) contains; unknown ids are returned apart.
    pub fn applied_mask<'a>(
        &self,
        applied: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<bool>, Vec<String>) {
        let mut mask = vec![false; self.nodes.len()];
        let mut unknown = Vec::new();
        for id in applied {
            match self.index_of(id) {
                Some(i) => mask[i] = true,
                None => unknown.push(id.to_string()),
            }
        }
        (mask, unknown)
    }
}
