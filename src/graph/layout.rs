//! Lanes for drawing the revision graph like a git history: one row per revision in `history`
//! order (newest first), each revision in a lane (column), and each `down_revision` edge running
//! down a lane to its parent. Computed here, as plain data, so the app only draws and the layout
//! is tested without a window.

use super::Graph;
use serde::Serialize;

/// Where every revision sits and how the edges run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Layout {
    pub rows: Vec<Row>,
    /// How many lanes the widest row uses.
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Row {
    /// Index of the revision in the graph.
    pub node: usize,
    pub lane: usize,
    /// Edges leaving this row downwards, to parents and dependencies.
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum EdgeKind {
    /// `down_revision`: drawn solid, along a lane.
    Parent,
    /// `depends_on`: drawn dashed, straight to the dependency.
    DependsOn,
}

/// An edge from a row to a lower row. A parent edge leaves its row into `via_lane`, runs down
/// it, and joins the parent's lane on the parent's row; a dependency edge goes straight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Edge {
    pub kind: EdgeKind,
    pub to_row: usize,
    pub to_lane: usize,
    pub via_lane: usize,
}

impl Graph {
    /// Lays out every revision in `history` order (newest first).
    pub fn layout(&self) -> Layout {
        let inside = vec![true; self.len()];
        self.layout_rows(&self.walk_order(&inside))
    }

    /// Lays out `order` (newest first; every revision's parents below it). Parents outside
    /// `order` get no edge.
    pub fn layout_rows(&self, order: &[usize]) -> Layout {
        let mut row_of = vec![usize::MAX; self.len()];
        for (row, &node) in order.iter().enumerate() {
            row_of[node] = row;
        }
        // lanes[k]: the revision lane k is running down to, if any.
        let mut lanes: Vec<Option<usize>> = Vec::new();
        // (row, parent, lane it runs in): parent edges, finished once parents have lanes.
        let mut pending: Vec<(usize, usize, usize)> = Vec::new();
        let mut lane_of = vec![0; self.len()];
        let mut width = 0;
        for (row, &node) in order.iter().enumerate() {
            let lane = match lanes.iter().position(|l| *l == Some(node)) {
                Some(lane) => lane,
                None => free_lane(&mut lanes),
            };
            lane_of[node] = lane;
            // Every lane that ran down to this revision ends here.
            for slot in lanes.iter_mut() {
                if *slot == Some(node) {
                    *slot = None;
                }
            }
            let parents: Vec<usize> = self.nodes[node]
                .parents
                .iter()
                .copied()
                .filter(|p| row_of[*p] != usize::MAX)
                .collect();
            for (k, &parent) in parents.iter().enumerate() {
                let via = match lanes.iter().position(|l| *l == Some(parent)) {
                    // Another child already runs down to this parent: share its lane.
                    Some(existing) => existing,
                    None if k == 0 => {
                        lanes[lane] = Some(parent);
                        lane
                    }
                    None => {
                        let new = free_lane(&mut lanes);
                        lanes[new] = Some(parent);
                        new
                    }
                };
                pending.push((row, parent, via));
            }
            width = width.max(lanes.len()).max(lane + 1);
            while lanes.last() == Some(&None) {
                lanes.pop();
            }
        }
        let mut rows: Vec<Row> = order
            .iter()
            .map(|&node| Row {
                node,
                lane: lane_of[node],
                edges: Vec::new(),
            })
            .collect();
        for (row, parent, via) in pending {
            rows[row].edges.push(Edge {
                kind: EdgeKind::Parent,
                to_row: row_of[parent],
                to_lane: lane_of[parent],
                via_lane: via,
            });
        }
        for (row, &node) in order.iter().enumerate() {
            for &dep in &self.nodes[node].dependencies {
                if row_of[dep] == usize::MAX {
                    continue;
                }
                rows[row].edges.push(Edge {
                    kind: EdgeKind::DependsOn,
                    to_row: row_of[dep],
                    to_lane: lane_of[dep],
                    via_lane: lane_of[node],
                });
            }
        }
        Layout { rows, width }
    }
}

/// The first free lane, or a new one at the right.
fn free_lane(lanes: &mut Vec<Option<usize>>) -> usize {
    match lanes.iter().position(Option::is_none) {
        Some(free) => free,
        None => {
            lanes.push(None);
            lanes.len() - 1
        }
    }
}
