//! `stamp`: rewrite what the database remembers without running any revision (Alembic's stamp),
//! moving only the branches the target touches; `--purge` starts from nothing.

use super::lock;
use super::session::Session;
use super::state::DbState;
use crate::database_url::DatabaseUrl;
use crate::dialect::LogEntry;
use crate::error::{Error, Result};
use crate::graph::Target;
use crate::project::Project;
use crate::report::ProgressFn;
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

/// Where DDL is transactional, the state is read and rewritten in one transaction; on SQLite
/// `BEGIN IMMEDIATE` takes the write lock first, so no other connection changes the state
/// between the read and the rewrite. (MySQL reads it under the run lock, as every verb does.)
async fn stamp_locked(
    session: &mut Session,
    project: &Project,
    target: &Target,
    purge: bool,
) -> Result<Vec<String>> {
    let dialect = session.db.dialect();
    if !dialect.transactional_ddl() {
        let state = session.read_state().await?;
        let sql = stamp_sql(session, project, &state, target, purge)?;
        return run_all(session, &sql.statements)
            .await
            .map(|()| sql.current);
    }
    session
        .exec_or_lock_timeout(dialect.begin(), "stamping")
        .await?;
    let result = async {
        let state = session.read_state_in_transaction().await?;
        let sql = stamp_sql(session, project, &state, target, purge)?;
        run_all(session, &sql.statements).await?;
        session.exec("COMMIT", "stamping").await?;
        Ok(sql.current)
    }
    .await;
    if result.is_err() {
        let _ = session.db.execute("ROLLBACK").await;
    }
    result
}

async fn run_all(session: &mut Session, statements: &[String]) -> Result<()> {
    for statement in statements {
        session.exec(statement, "stamping").await?;
    }
    Ok(())
}

/// What a stamp writes, and the heads it leaves.
struct StampSql {
    statements: Vec<String>,
    current: Vec<String>,
}

/// The statements that rewrite `state` to `target` (Retort's tables first, if new).
fn stamp_sql(
    session: &Session,
    project: &Project,
    state: &DbState,
    target: &Target,
    purge: bool,
) -> Result<StampSql> {
    let graph = &project.graph;
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

    let actor = &session.actor;
    let book = session.book();
    let mut sql = book.create_tables();
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
    Ok(StampSql {
        statements: sql,
        current: graph.ids(&graph.current_heads(&wanted)),
    })
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
