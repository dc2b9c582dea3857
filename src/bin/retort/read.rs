//! Read commands. `heads`, `branches`, `show` and `history` (without `-i` or `current`) never
//! connect; `current` and `status` read the database without writing to it.

use crate::context::Context;
use crate::describe;
use retort::workspace::{AppliedRow, DbState, Range, Result, Status};

pub fn heads(cx: &Context, verbose: bool) -> Result<()> {
    let project = cx.workspace()?;
    let graph = project.graph();
    let heads = graph.heads();
    if cx.global.json {
        let items: Vec<_> = heads
            .iter()
            .map(|i| describe::json(graph, *i, None))
            .collect();
        return cx.print_json(&items);
    }
    for i in heads {
        if verbose {
            println!("{}", describe::block(graph, i, false));
        } else {
            println!("{}", describe::tag(graph, i, false));
        }
    }
    Ok(())
}

pub fn branches(cx: &Context, verbose: bool) -> Result<()> {
    let project = cx.workspace()?;
    let graph = project.graph();
    let points = graph.branch_points();
    if cx.global.json {
        let items: Vec<_> = points
            .iter()
            .map(|i| {
                serde_json::json!({
                    "revision": describe::json(graph, *i, None),
                    "children": graph.node(*i).children.iter().map(|c| describe::json(graph, *c, None)).collect::<Vec<_>>(),
                })
            })
            .collect();
        return cx.print_json(&items);
    }
    // Alembic's layout: the branch point, then each child indented under it.
    for i in points {
        if verbose {
            println!("{}", describe::block(graph, i, false));
        } else {
            println!("{} (branchpoint)", describe::tag(graph, i, false));
        }
        let indent = " ".repeat(graph.id(i).len());
        for c in &graph.node(i).children {
            println!("{indent} -> {}", describe::tag(graph, *c, false));
        }
    }
    Ok(())
}

pub fn show(cx: &Context, rev: &str) -> Result<()> {
    let workspace = cx.workspace()?;
    let graph = workspace.graph();
    let (i, details) = workspace.revision(rev)?;
    // An Alembic revision is its module's source; a Retort revision its SQL and checksum.
    if let Some(source) = &details.source {
        if cx.global.json {
            return cx.print_json(&serde_json::json!({
                "revision": describe::json(graph, i, None),
                "source": source,
            }));
        }
        print!("{}", describe::block(graph, i, false));
        println!("\n{}", source.trim_end());
        return Ok(());
    }
    let upgrade = details.upgrade_sql.as_deref().unwrap_or_default();
    let downgrade = details.downgrade_sql.as_deref().unwrap_or_default();
    let checksum = details.checksum.as_deref().unwrap_or_default();
    if cx.global.json {
        return cx.print_json(&serde_json::json!({
            "revision": describe::json(graph, i, None),
            "transactional": details.transactional,
            "checksum": checksum,
            "upgrade": upgrade,
            "downgrade": downgrade,
        }));
    }
    print!("{}", describe::block(graph, i, false));
    println!("Transactional: {}", details.transactional);
    println!("Checksum: {checksum}");
    println!("\n-- upgrade\n{}", upgrade.trim_end());
    println!("\n-- downgrade\n{}", downgrade.trim_end());
    Ok(())
}

pub async fn history(
    cx: &Context,
    range: Option<&str>,
    verbose: bool,
    indicate_current: bool,
) -> Result<()> {
    let workspace = cx.workspace()?;
    let graph = workspace.graph();
    let range = range.map(Range::parse).transpose()?;
    let history = workspace
        .history(cx, range.as_ref(), indicate_current)
        .await?;
    let current = &history.current;
    if cx.global.json {
        let items: Vec<_> = history
            .revisions
            .iter()
            .map(|i| describe::json(graph, *i, indicate_current.then_some(current[*i])))
            .collect();
        return cx.print_json(&items);
    }
    for i in history.revisions {
        if verbose {
            println!("{}", describe::block(graph, i, current[i]));
        } else {
            println!("{}", describe::line(graph, i, current[i]));
        }
    }
    Ok(())
}

pub async fn current(cx: &Context, verbose: bool) -> Result<()> {
    let project = cx.workspace()?;
    let status = project.status(cx).await?;
    if cx.global.json {
        return cx.print_json(&serde_json::json!({
            "database": status.database,
            "current": status.current,
            "unknown": status.unknown,
            "dirty": status.dirty,
            "running": status.running,
        }));
    }
    if verbose {
        eprintln!("Database: {}", status.database);
    }
    let graph = project.graph();
    for id in &status.current {
        let Some(i) = graph.index_of(id) else {
            continue;
        };
        if verbose {
            println!("{}", describe::block(graph, i, true));
        } else {
            println!("{}", describe::tag(graph, i, false));
        }
    }
    for id in &status.unknown {
        println!("{id} (unknown applied revision: no file defines it)");
    }
    if let Some(row) = &status.running {
        println!(
            "{}",
            cx.out.yellow(&format!("in progress: {}", in_progress(row)))
        );
    }
    if let Some(row) = &status.dirty {
        println!(
            "{}",
            cx.out.red(&format!("dirty: {}", DbState::dirty_error(row)))
        );
    }
    Ok(())
}

pub async fn status(cx: &Context) -> Result<()> {
    let project = cx.workspace()?;
    let status = project.status(cx).await?;
    if cx.global.json {
        cx.print_json(&status)?;
        return dirty_is_failure(&status);
    }
    let out = &cx.out;
    let graph = project.graph();
    println!("Database: {} ({})", status.database, status.dialect);
    if !status.initialized {
        println!("Retort has not touched this database yet.");
    }
    let current = if status.current.is_empty() {
        "<base>".to_string()
    } else {
        status.current.join(", ")
    };
    println!("Current:  {current}");
    println!("Heads:    {}", status.heads.join(", "));
    if status.pending.is_empty() {
        println!("Pending:  {}", out.green("none, up to date"));
    } else {
        println!(
            "Pending:  {}",
            out.yellow(&format!("{} revision(s)", status.pending.len()))
        );
        for id in &status.pending {
            if let Some(i) = graph.index_of(id) {
                println!("  {}", describe::line(graph, i, false));
            }
        }
    }
    if !status.drift.is_empty() {
        println!(
            "{}",
            out.red(&format!(
                "Drift:    {} changed after being applied",
                status.drift.join(", ")
            ))
        );
    }
    if !status.unknown.is_empty() {
        println!(
            "{}",
            out.red(&format!(
                "Unknown:  {} (unknown applied revision: no file defines it)",
                status.unknown.join(", ")
            ))
        );
    }
    if let Some(row) = &status.running {
        println!("{}", out.yellow(&format!("Running:  {}", in_progress(row))));
    }
    if let Some(row) = &status.dirty {
        println!(
            "{}",
            out.red(&format!("Dirty:    {}", DbState::dirty_error(row)))
        );
    }
    dirty_is_failure(&status)
}

/// A dirty database is a failure (exit 1), after the screen that shows it: a script that checks
/// `retort status` must not read it as fine.
fn dirty_is_failure(status: &Status) -> Result<()> {
    match &status.dirty {
        Some(row) => Err(DbState::dirty_error(row)),
        None => Ok(()),
    }
}

/// A live statement-by-statement run, as seen from another terminal.
fn in_progress(row: &AppliedRow) -> String {
    format!(
        "{} of revision {} is in progress (at least {} of its statements done), by {} since {} (its run holds the lock)",
        row.direction.map_or("upgrade", |d| d.name()),
        row.revision,
        row.statement.unwrap_or(0),
        row.applied_by,
        row.applied_at
    )
}
