//! Plans: (graph, applied set, target) -> the ordered steps with their statements, computed before
//! anything runs. The same plan feeds `--sql`, the app's preview and the executor.

mod offline;
pub mod render;

pub use offline::{offline, OfflineRange};

pub use render::render_sql;

use crate::error::{Direction, Error, Result};
use crate::graph::{Graph, Target};
use crate::script::Revision;
use crate::sql::{is_transaction_control, split_statements, Statement};
use crate::Dialect;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Step {
    pub revision: String,
    pub message: String,
    pub direction: Direction,
    /// Whether the step runs inside one transaction with its bookkeeping (never on MySQL).
    pub transactional: bool,
    pub checksum: String,
    pub path: PathBuf,
    #[serde(skip)]
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Plan {
    pub direction: Direction,
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// Which revisions an upgrade applies, in order: the target's requirements not yet applied, in
/// the order Alembic runs them (its history walk, oldest first), so a branchy project upgrades
/// in the same sequence under either tool.
pub fn upgrade_order(graph: &Graph, applied: &[bool], destinations: &[usize]) -> Vec<usize> {
    let mut pending = graph.requirements(destinations);
    for (wanted, done) in pending.iter_mut().zip(applied) {
        *wanted &= !*done;
    }
    let mut order = graph.walk_order(&pending);
    order.reverse();
    order
}

/// Which revisions a downgrade reverts, in order: newest first, in Alembic's walk order.
pub fn downgrade_order(graph: &Graph, applied: &[bool], removal: &[bool]) -> Vec<usize> {
    let remove: Vec<bool> = removal.iter().zip(applied).map(|(r, a)| *r && *a).collect();
    graph.walk_order(&remove)
}

/// Resolves `target` against the applied set and returns the revisions to run, in order.
pub fn order_for(
    graph: &Graph,
    direction: Direction,
    target: &Target,
    applied: &[bool],
) -> Result<Vec<usize>> {
    let argument = target.to_string();
    Ok(match direction {
        Direction::Upgrade => {
            let destinations = graph.upgrade_destinations(target, &argument, applied)?;
            upgrade_order(graph, applied, &destinations)
        }
        Direction::Downgrade => {
            let removal = graph.downgrade_removal(target, &argument, applied)?;
            downgrade_order(graph, applied, &removal)
        }
    })
}

/// Builds the steps for revisions (graph indexes), splitting each section into statements.
/// `revisions[i]` must be the revision of graph node `i`.
pub fn build(
    revisions: &[Revision],
    order: &[usize],
    direction: Direction,
    dialect: Dialect,
) -> Result<Plan> {
    let mut steps = Vec::with_capacity(order.len());
    for &i in order {
        let rev = &revisions[i];
        let section = match direction {
            Direction::Upgrade => &rev.upgrade,
            Direction::Downgrade => &rev.downgrade,
        };
        let statements =
            split_statements(&section.sql, dialect, section.first_line).map_err(|e| {
                Error::Script {
                    path: rev.header.path.clone(),
                    line: e.line,
                    message: e.message,
                }
            })?;
        let transactional = rev.transactional && dialect.transactional_ddl();
        if transactional {
            refuse_transaction_control(rev, &statements, dialect)?;
        }
        steps.push(Step {
            revision: rev.header.id.clone(),
            message: rev.header.message.clone(),
            direction,
            transactional,
            checksum: rev.checksum.clone(),
            path: rev.header.path.clone(),
            statements,
        });
    }
    Ok(Plan { direction, steps })
}

/// A transactional revision runs in one transaction with its bookkeeping: a `COMMIT` or `BEGIN`
/// of its own would commit part of it with no record, so it is refused before anything runs.
fn refuse_transaction_control(
    rev: &Revision,
    statements: &[Statement],
    dialect: Dialect,
) -> Result<()> {
    for (n, statement) in statements.iter().enumerate() {
        if is_transaction_control(&statement.text, dialect) {
            let first = statement.text.lines().next().unwrap_or("").trim();
            return Err(Error::Script {
                path: rev.header.path.clone(),
                line: statement.line,
                message: format!(
                    "revision {}: statement {} ({first:?}) is transaction control, but the revision runs in one transaction with Retort's record of it; remove it, or mark the revision `-- transactional: false`",
                    rev.header.id,
                    n + 1
                ),
            });
        }
    }
    Ok(())
}
