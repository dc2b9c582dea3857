//! Read commands. `heads`, `branches`, `show` and `history` (without `-i` or `current`) never
//! connect; `current` and `status` read the database without writing to it.

use crate::context::Context;
use crate::describe;
use retort::apply::{self, Status};
use retort::graph::Range;
use retort::workspace::Workspace;
use retort::Result;

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
    let project = match cx.workspace()? {
        Workspace::Retort(project) => project,
        Workspace::Alembic(project) => return show_alembic(cx, &project, rev),
    };
    let graph = &project.graph;
    let i = revision_to_show(graph, rev)?;
    let revision = &project.revisions[i];
    if cx.global.json {
        return cx.print_json(&serde_json::json!({
            "revision": describe::json(graph, i, None),
            "transactional": revision.transactional,
            "checksum": revision.checksum,
            "upgrade": revision.upgrade.sql,
            "downgrade": revision.downgrade.sql,
        }));
    }
    print!("{}", describe::block(graph, i, false));
    println!("Transactional: {}", revision.transactional);
    println!("Checksum: {}", revision.checksum);
    println!("\n-- upgrade\n{}", revision.upgrade.sql.trim_end());
    println!("\n-- downgrade\n{}", revision.downgrade.sql.trim_end());
    Ok(())
}

/// `show`'s argument: `head` (when there is one) or an id, prefix or label.
fn revision_to_show(graph: &retort::graph::Graph, rev: &str) -> Result<usize> {
    match rev {
        "head" => graph
            .single_head(rev)?
            .ok_or_else(|| retort::Error::UnknownRevision {
                argument: rev.into(),
            }),
        _ => graph.lookup(rev),
    }
}

/// `show` on an Alembic project: the header and the module's own source.
fn show_alembic(cx: &Context, project: &retort::alembic::AlembicProject, rev: &str) -> Result<()> {
    let graph = &project.graph;
    let i = revision_to_show(graph, rev)?;
    let path = &graph.node(i).header.path;
    let source = std::fs::read_to_string(path).map_err(|e| retort::Error::io(path, e))?;
    if cx.global.json {
        return cx.print_json(&serde_json::json!({
            "revision": describe::json(graph, i, None),
            "source": source,
        }));
    }
    print!("{}", describe::block(graph, i, false));
    println!("\n{}", source.trim_end());
    Ok(())
}

pub async fn history(
    cx: &Context,
    range: Option<&str>,
    verbose: bool,
    indicate_current: bool,
) -> Result<()> {
    let project = cx.workspace()?;
    let graph = project.graph();
    let range = range.map(Range::parse).transpose()?;
    let needs_db = indicate_current || range.as_ref().is_some_and(Range::needs_database);
    // The applied set, and what is "current": natively the computed heads; for Alembic, as
    // `alembic history -i`, exactly the rows of its version table. One read of the database.
    let (applied, current_ids): (Vec<bool>, Vec<String>) = match (&project, needs_db) {
        (_, false) => (vec![false; graph.len()], Vec::new()),
        (Workspace::Alembic(alembic), true) => {
            let url = cx.alembic_url(alembic)?;
            let state = alembic.read_state(&url, cx.lock_timeout()).await?;
            (state.applied, state.version_rows)
        }
        (Workspace::Retort(_), true) => {
            let status = read_status(cx, &project).await?;
            let applied = status
                .applied
                .iter()
                .filter(|r| r.state == apply::RowState::Applied)
                .map(|r| r.revision.as_str());
            (graph.applied_mask(applied).0, status.current)
        }
    };
    let current = graph.applied_mask(current_ids.iter().map(String::as_str)).0;
    let current_list: Vec<usize> = (0..graph.len()).filter(|i| current[*i]).collect();
    let revisions = graph.history_from(range.as_ref(), &applied, &current_list)?;
    if cx.global.json {
        let items: Vec<_> = revisions
            .iter()
            .map(|i| describe::json(graph, *i, indicate_current.then_some(current[*i])))
            .collect();
        return cx.print_json(&items);
    }
    for i in revisions {
        if verbose {
            println!("{}", describe::block(graph, i, current[i]));
        } else {
            println!("{}", describe::line(graph, i, current[i]));
        }
    }
    Ok(())
}

async fn read_status(cx: &Context, workspace: &Workspace) -> Result<Status> {
    match workspace {
        Workspace::Retort(project) => {
            let url = cx.url(project)?;
            apply::status(project, &url, cx.lock_timeout()).await
        }
        Workspace::Alembic(project) => {
            let url = cx.alembic_url(project)?;
            project.status(&url, cx.lock_timeout()).await
        }
    }
}

pub async fn current(cx: &Context, verbose: bool) -> Result<()> {
    let project = cx.workspace()?;
    let status = read_status(cx, &project).await?;
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
            cx.out.red(&format!(
                "dirty: {}",
                retort::apply::DbState::dirty_error(row)
            ))
        );
    }
    Ok(())
}

pub async fn status(cx: &Context) -> Result<()> {
    let project = cx.workspace()?;
    let status = read_status(cx, &project).await?;
    if cx.global.json {
        return cx.print_json(&status);
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
            out.red(&format!(
                "Dirty:    {}",
                retort::apply::DbState::dirty_error(row)
            ))
        );
    }
    Ok(())
}

/// A live statement-by-statement run, as seen from another terminal.
fn in_progress(row: &retort::apply::AppliedRow) -> String {
    format!(
        "{} of revision {} is in progress (at least {} of its statements done), by {} since {} (its run holds the lock)",
        row.direction.map_or("upgrade", |d| d.name()),
        row.revision,
        row.statement.unwrap_or(0),
        row.applied_by,
        row.applied_at
    )
}
