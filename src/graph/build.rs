//! Building and validating the graph: duplicate ids, unknown parents or dependencies, duplicate
//! labels and cycles are errors naming the files, found before anything reads the graph.

use super::{Graph, Node};
use crate::error::{Error, Result};
use crate::script::Header;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

impl Graph {
    /// Builds the graph from revision headers, in the order given (used to break ties, so keep it
    /// stable: the project loader sorts by file name).
    pub fn new(headers: Vec<Header>) -> Result<Graph> {
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(headers.len());
        for (i, header) in headers.iter().enumerate() {
            if by_id.contains_key(&header.id) {
                let paths = headers
                    .iter()
                    .filter(|h| h.id == header.id)
                    .map(|h| h.path.clone())
                    .collect();
                return Err(Error::DuplicateRevision {
                    id: header.id.clone(),
                    paths,
                });
            }
            by_id.insert(header.id.clone(), i);
        }

        let mut label_owner: HashMap<String, usize> = HashMap::new();
        for (i, header) in headers.iter().enumerate() {
            for label in &header.branch_labels {
                if let Some(&other) = by_id.get(label) {
                    return Err(Error::LabelClash {
                        label: label.clone(),
                        path: header.path.clone(),
                        revision_path: headers[other].path.clone(),
                    });
                }
                if let Some(&other) = label_owner.get(label) {
                    return Err(Error::DuplicateLabel {
                        label: label.clone(),
                        paths: vec![headers[other].path.clone(), header.path.clone()],
                    });
                }
                label_owner.insert(label.clone(), i);
            }
        }

        let mut nodes: Vec<Node> = Vec::with_capacity(headers.len());
        for header in &headers {
            let mut parents = Vec::with_capacity(header.parents.len());
            for parent in &header.parents {
                let p = by_id.get(parent).ok_or_else(|| Error::UnknownParent {
                    id: header.id.clone(),
                    parent: parent.clone(),
                    path: header.path.clone(),
                })?;
                // Defensive: the loaders refuse a repeated parent, but a walk that met the same
                // edge twice could queue a revision twice and never finish.
                if !parents.contains(p) {
                    parents.push(*p);
                }
            }
            let mut dependencies = Vec::with_capacity(header.depends_on.len());
            for dep in &header.depends_on {
                let d = resolve_dependency(dep, &by_id, &label_owner).ok_or_else(|| {
                    Error::UnknownDependency {
                        id: header.id.clone(),
                        dependency: dep.clone(),
                        path: header.path.clone(),
                    }
                })?;
                if !dependencies.contains(&d) {
                    dependencies.push(d);
                }
            }
            nodes.push(Node {
                header: header.clone(),
                parents,
                children: Vec::new(),
                dependencies,
                dependents: Vec::new(),
                labels: BTreeSet::new(),
            });
        }
        for i in 0..nodes.len() {
            for p in nodes[i].parents.clone() {
                nodes[p].children.push(i);
            }
            for d in nodes[i].dependencies.clone() {
                nodes[d].dependents.push(i);
            }
        }

        let order = topological_order(&nodes)?;
        let mut rank = vec![0; nodes.len()];
        for (position, &i) in order.iter().enumerate() {
            rank[i] = position;
        }
        let mut graph = Graph {
            nodes,
            by_id,
            label_owner,
            order,
            rank,
        };
        graph.spread_labels();
        Ok(graph)
    }

    /// As Alembic: a label covers its revision, all descendants, and the ancestors up to the
    /// nearest branch point or merge point.
    fn spread_labels(&mut self) {
        let owners: Vec<(String, usize)> = self
            .label_owner
            .iter()
            .map(|(l, i)| (l.clone(), *i))
            .collect();
        for (label, owner) in owners {
            let below = self.descendants(&[owner]);
            for (i, inside) in below.iter().enumerate() {
                if *inside {
                    self.nodes[i].labels.insert(label.clone());
                }
            }
            let mut at = owner;
            while let [parent] = self.nodes[at].parents[..] {
                if self.nodes[parent].children.len() > 1 || self.nodes[parent].parents.len() > 1 {
                    break;
                }
                self.nodes[parent].labels.insert(label.clone());
                at = parent;
            }
        }
    }

    /// The revision a branch label was declared on.
    pub fn label_owner(&self, label: &str) -> Option<usize> {
        self.label_owner.get(label).copied()
    }
}

fn resolve_dependency(
    dep: &str,
    by_id: &HashMap<String, usize>,
    labels: &HashMap<String, usize>,
) -> Option<usize> {
    if let Some(i) = by_id.get(dep).or_else(|| labels.get(dep)) {
        return Some(*i);
    }
    let mut matches = by_id.iter().filter(|(id, _)| id.starts_with(dep));
    let first = matches.next()?;
    matches.next().is_none().then_some(*first.1)
}

/// Kahn's algorithm over parent and dependency edges, ties broken by input order so the result is
/// stable. Leftover nodes mean a cycle, which is reported with its members.
fn topological_order(nodes: &[Node]) -> Result<Vec<usize>> {
    let mut waiting: Vec<usize> = nodes
        .iter()
        .map(|n| n.parents.len() + n.dependencies.len())
        .collect();
    let mut ready: BinaryHeap<Reverse<usize>> = waiting
        .iter()
        .enumerate()
        .filter(|(_, w)| **w == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &next in nodes[i].children.iter().chain(&nodes[i].dependents) {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.push(Reverse(next));
            }
        }
    }
    if order.len() == nodes.len() {
        return Ok(order);
    }
    Err(Error::Cycle {
        revisions: find_cycle(nodes, &waiting)
            .into_iter()
            .map(|i| (nodes[i].header.id.clone(), nodes[i].header.path.clone()))
            .collect(),
    })
}

/// Walks requirement edges among the nodes Kahn could not order until one repeats.
fn find_cycle(nodes: &[Node], waiting: &[usize]) -> Vec<usize> {
    let Some(start) = waiting.iter().position(|w| *w > 0) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut at = start;
    loop {
        let next = nodes[at]
            .parents
            .iter()
            .chain(&nodes[at].dependencies)
            .copied()
            .find(|p| waiting[*p] > 0);
        let Some(next) = next else {
            return path;
        };
        if let Some(pos) = path.iter().position(|p| *p == next) {
            let mut cycle = path[pos..].to_vec();
            cycle.reverse();
            cycle.push(cycle[0]);
            return cycle;
        }
        path.push(next);
        at = next;
    }
}
