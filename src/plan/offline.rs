//! Alembic's offline mode (`--sql` with `FROM:TO`): plan from an assumed starting point, without
//! connecting, so the script can be handed to someone who runs it by hand.

use super::{build, order_for, Plan};
use crate::error::{Direction, Error, Result};
use crate::graph::Target;
use crate::project::Project;
use crate::Dialect;

/// `--sql`'s argument, read at the edge: `TO`, or `FROM:TO` from an assumed starting point
/// (`:TO` starts from base, as `base:TO` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineRange {
    pub from: Option<Target>,
    pub to: Target,
}

impl OfflineRange {
    pub fn parse(spec: &str) -> Result<OfflineRange> {
        Ok(match spec.split_once(':') {
            Some((from, to)) => {
                let from = from.trim();
                OfflineRange {
                    from: Some(if from.is_empty() {
                        Target::Base
                    } else {
                        Target::parse(from)?
                    }),
                    to: Target::parse(to)?,
                }
            }
            None => OfflineRange {
                from: None,
                to: Target::parse(spec)?,
            },
        })
    }
}

/// Written back as `FROM:TO` or `TO`, the words alembic's own `--sql` takes.
impl std::fmt::Display for OfflineRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.from {
            Some(from) => write!(f, "{from}:{}", self.to),
            None => write!(f, "{}", self.to),
        }
    }
}

/// The plan, and whether the script should create Retort's tables (when starting from base).
pub fn offline(
    project: &Project,
    dialect: Dialect,
    direction: Direction,
    range: &OfflineRange,
) -> Result<(Plan, bool)> {
    let graph = &project.graph;
    if range.from.is_none() && direction == Direction::Downgrade {
        return Err(Error::TargetSyntax {
            argument: range.to_string(),
            message: "offline downgrade needs a starting point: FROM:TO (e.g. head:base), as in Alembic's --sql mode".into(),
        });
    }
    let none = vec![false; graph.len()];
    let applied = match &range.from {
        None | Some(Target::Base) => none,
        Some(from) => {
            let destinations = graph.upgrade_destinations(from, &from.to_string(), &none)?;
            graph.requirements(&destinations)
        }
    };
    let from_base = applied.iter().all(|a| !a);
    let order = order_for(graph, direction, &range.to, &applied)?;
    Ok((
        build(&project.revisions, &order, direction, dialect)?,
        from_base,
    ))
}
