//! Alembic's offline mode (`--sql` with `FROM:TO`): plan from an assumed starting point, without
//! connecting, so the script can be handed to someone who runs it by hand.

use super::{build, order_for, Plan};
use crate::error::{Direction, Error, Result};
use crate::graph::Target;
use crate::project::Project;
use crate::Dialect;

/// The plan, and whether the script should create Retort's tables (when starting from base).
pub fn offline(
    project: &Project,
    dialect: Dialect,
    direction: Direction,
    spec: &str,
) -> Result<(Plan, bool)> {
    let graph = &project.graph;
    let (from, to) = match spec.split_once(':') {
        Some((from, to)) => (Some(from.trim()).filter(|f| !f.is_empty()), to.trim()),
        None if direction == Direction::Downgrade => {
            return Err(Error::TargetSyntax {
                argument: spec.to_string(),
                message: "offline downgrade needs a starting point: FROM:TO (e.g. head:base), as in Alembic's --sql mode".into(),
            })
        }
        None => (None, spec.trim()),
    };
    let none = vec![false; graph.len()];
    let applied = match from {
        None | Some("base") => none,
        Some(from) => {
            let target = Target::parse(from)?;
            let destinations = graph.upgrade_destinations(&target, from, &none)?;
            graph.requirements(&destinations)
        }
    };
    let from_base = applied.iter().all(|a| !a);
    let order = order_for(graph, direction, to, &applied)?;
    Ok((
        build(&project.revisions, &order, direction, dialect)?,
        from_base,
    ))
}
