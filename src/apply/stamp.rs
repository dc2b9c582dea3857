//! `stamp`: rewrite what the database remembers without running any revision (Alembic's stamp),
//! moving only the branches the target touches; `--purge` starts from nothing.

use super::lock;
use super::progress::ProgressFn;
use super::session::Session;
use super::state::DbState;
use crate::db::{DatabaseUrl, LogEntry};
use crate::error::{Error, Result};
use crate::graph::Target;
use crate::project::Project;
use crate::Dialect;
use std::time::Duration;

/// Returns the current heads afterwards.
pub async fn stamp(
    project: &Project,
    url: &DatabaseUrl,
    target: &Target,
    purge: bool,
    lock_timeout: Duration,
    progress: ProgressFn<'_>,
) -> Result<Vec<String>> {
    lock::locked(
        url,
        project.tables(),
        lock_timeout,
        progress,
        async |session: &mut Session| stamp_locked(session, project, target, purge).await,
    )
    .await
}

async fn stamp_locked(
    session: &mut Session,
    project: &Project,
    target: &Target,
    purge: bool,
) -> Result<Vec<String>> {
    let graph = &project.graph;
    let state = session.read_state().await?;
    if !purge {
        if let Some(row) = state.unfinished() {
            return Err(DbState::dirty_error(row));
        }
    }
    let (applied, unknown) = graph.applied_mask(state.applied_ids());
    if !unknown.is_empty() && !purge {
        return Err(Error::UnknownApplied {
            revisions: unknown,
            stamp: stamp_target(graph, &applied),
        });
    }
    let keep_old = if purge {
        vec![false; graph.len()]
    } else {
        applied.clone()
    };
    let wanted = match target {
        Target::Base => vec![false; graph.len()],
        _ => {
            let destinations = graph.upgrade_destinations(target, &target.to_string(), &applied)?;
            let mut wanted = graph.requirements(&destinations);
            let above = graph.dependants(&destinations);
            for i in 0..graph.len() {
                let strictly_above = above[i] && !destinations.contains(&i);
                wanted[i] |= keep_old[i] && !strictly_above;
            }
            wanted
        }
    };

    let actor = session.actor.clone();
    let book = session.book();
    let mut sql = Vec::new();
    let transactional = book.dialect != Dialect::Mysql;
    if transactional {
        sql.push(book.begin().to_string());
    }
    sql.extend(book.create_tables());
    let log = |revision: &str, outcome: &str| {
        book.log(&LogEntry {
            action: "stamp",
            revision: Some(revision),
            duration_ms: 0,
            outcome,
            statement: None,
            error: None,
            host: &actor.host,
            user: &actor.user,
        })
    };
    for row in &state.rows {
        let keep = graph.index_of(&row.revision).is_some_and(|i| wanted[i]) && !purge;
        if !keep {
            sql.push(book.delete_applied(&row.revision));
            sql.push(log(&row.revision, "removed"));
        }
    }
    for &i in graph.topological() {
        let present = !purge && applied[i];
        if wanted[i] && !present {
            let rev = &project.revisions[i];
            sql.push(book.insert_applied(rev.id(), &rev.checksum, 0, &actor.applied_by()));
            sql.push(log(rev.id(), "added"));
        }
    }
    if transactional {
        sql.push("COMMIT".into());
    }
    for statement in &sql {
        if let Err(e) = session.exec(statement, "stamping").await {
            if transactional {
                let _ = session.db.execute("ROLLBACK").await;
            }
            return Err(e);
        }
    }
    Ok(graph.ids(&graph.current_heads(&wanted)))
}

/// What `stamp --purge` should be given to keep exactly the known applied revisions: their
/// head, `base` when none; with several heads, the first purges and plain stamps add the others.
pub fn stamp_target(graph: &crate::graph::Graph, applied: &[bool]) -> String {
    let heads = graph.ids(&graph.current_heads(applied));
    match heads.split_first() {
        None => "base".into(),
        Some((first, rest)) => {
            let mut text = first.clone();
            for head in rest {
                text.push_str(&format!("` then `retort stamp {head}"));
            }
            text
        }
    }
}
