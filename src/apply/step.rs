//! Executing one step of a plan exactly as `plan::render` shows it: in one transaction with its
//! bookkeeping, or statement by statement with a claim row that becomes the dirty mark on failure.

use super::progress::Progress;
use super::session::Session;
use super::state::fetch_i64;
use crate::db::LogEntry;
use crate::error::{Error, Result};
use crate::plan::{self, Step};
use crate::Dialect;
use std::time::Instant;

/// What this runner last saw (SQLite only): if it changed, another runner moved first.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub tables: usize,
    /// Rows of the applied-set table, claims included.
    pub rows: i64,
    pub log_count: i64,
}

pub struct StepContext<'a> {
    pub index: usize,
    pub total: usize,
    pub create_tables: bool,
    /// SQLite: check under `BEGIN IMMEDIATE` that the state is still what was planned from.
    pub seen: Option<Seen>,
    pub progress: super::ProgressFn<'a>,
    /// Reported when SQLite's busy timeout runs out.
    pub lock_seconds: u64,
}

pub enum Outcome {
    Done {
        duration_ms: u128,
    },
    /// Another runner changed the database since the plan was made: plan again.
    Stale,
}

pub async fn execute(session: &mut Session, step: &Step, cx: &StepContext<'_>) -> Result<Outcome> {
    (cx.progress)(Progress::RevisionStarted {
        revision: step.revision.clone(),
        message: step.message.clone(),
        direction: step.direction,
        index: cx.index,
        total: cx.total,
        statements: step.statements.len(),
    });
    let started = Instant::now();
    let outcome = if step.transactional {
        transactional(session, step, cx, started).await
    } else {
        statement_by_statement(session, step, cx, started).await
    };
    match &outcome {
        Ok(Outcome::Done { duration_ms }) => (cx.progress)(Progress::RevisionDone {
            revision: step.revision.clone(),
            direction: step.direction,
            duration_ms: *duration_ms,
        }),
        Err(e) => (cx.progress)(Progress::RevisionFailed {
            revision: step.revision.clone(),
            direction: step.direction,
            code: e.code().to_string(),
            error: e.to_string(),
        }),
        Ok(Outcome::Stale) => {}
    }
    outcome
}

async fn transactional(
    session: &mut Session,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome> {
    let actor = session.actor.clone();
    let before = plan::render::before(step, session.book(), &actor, cx.create_tables);
    for (i, sql) in before.iter().enumerate() {
        if let Err(e) = session
            .exec(sql, "opening the revision's transaction")
            .await
        {
            if i > 0 {
                rollback(session).await;
            }
            return Err(busy_to_lock_timeout(session, e, cx.lock_seconds));
        }
        if i == 0 && is_stale(session, cx.seen).await? {
            rollback(session).await;
            return Ok(Outcome::Stale);
        }
    }
    for (n, statement) in step.statements.iter().enumerate() {
        progress_statement(cx, step, n);
        if let Err(message) = session.db.execute(&statement.text).await {
            rollback(session).await;
            let error = statement_error(step, n, message);
            record_failure(session, step, n + 1, &error, "failed", started).await;
            return Err(error);
        }
    }
    let duration_ms = started.elapsed().as_millis();
    for sql in plan::render::after(step, session.book(), &actor, duration_ms) {
        if let Err(e) = session.exec(&sql, "recording the revision").await {
            rollback(session).await;
            return Err(e);
        }
    }
    Ok(Outcome::Done { duration_ms })
}

async fn statement_by_statement(
    session: &mut Session,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome> {
    let actor = session.actor.clone();
    let before = plan::render::before(step, session.book(), &actor, cx.create_tables);
    let (tables, claim) = before.split_at(before.len().saturating_sub(1));
    for sql in tables {
        session.exec(sql, "creating Retort's tables").await?;
    }
    // The claim is the lock for a step that cannot hold a transaction: on SQLite it is taken
    // under BEGIN IMMEDIATE after checking nobody moved first.
    let sqlite = session.db.dialect() == Dialect::Sqlite;
    if sqlite {
        session
            .exec("BEGIN IMMEDIATE", "claiming the revision")
            .await
            .map_err(|e| busy_to_lock_timeout(session, e, cx.lock_seconds))?;
        if is_stale(session, cx.seen).await? {
            rollback(session).await;
            return Ok(Outcome::Stale);
        }
    }
    for sql in claim {
        if let Err(e) = session.exec(sql, "claiming the revision").await {
            if sqlite {
                rollback(session).await;
            }
            return Err(e);
        }
    }
    if sqlite {
        session.exec("COMMIT", "claiming the revision").await?;
    }
    for (n, statement) in step.statements.iter().enumerate() {
        progress_statement(cx, step, n);
        if let Err(message) = session.db.execute(&statement.text).await {
            let error = statement_error(step, n, message);
            let _ = session
                .db
                .execute(&session.book().mark_dirty(&step.revision, n + 1))
                .await;
            record_failure(session, step, n + 1, &error, "dirty", started).await;
            return Err(error);
        }
        if let Some(sql) = plan::render::after_each(step, session.book(), n + 1) {
            session.exec(&sql, "recording progress").await?;
        }
    }
    let duration_ms = started.elapsed().as_millis();
    for sql in plan::render::after(step, session.book(), &actor, duration_ms) {
        session.exec(&sql, "recording the revision").await?;
    }
    Ok(Outcome::Done { duration_ms })
}

fn progress_statement(cx: &StepContext<'_>, step: &Step, n: usize) {
    (cx.progress)(Progress::StatementStarted {
        revision: step.revision.clone(),
        number: n + 1,
        total: step.statements.len(),
    });
}

fn statement_error(step: &Step, n: usize, message: String) -> Error {
    Error::Statement {
        revision: step.revision.clone(),
        direction: step.direction,
        statement: n + 1,
        total: step.statements.len(),
        path: step.path.clone(),
        line: step.statements[n].line,
        message,
    }
}

/// SQLite: has the applied set changed since `seen`? Checked inside the write lock.
async fn is_stale(session: &mut Session, seen: Option<Seen>) -> Result<bool> {
    let Some(seen) = seen else {
        return Ok(false);
    };
    let book = session.book();
    let queries = [
        book.count_tables(),
        book.count_revisions(),
        book.count_log(),
    ];
    let tables = fetch_i64(&mut session.db, &queries[0], "checking the state").await? as usize;
    if tables != seen.tables {
        return Ok(true);
    }
    if tables < 2 {
        return Ok(false);
    }
    let rows = fetch_i64(&mut session.db, &queries[1], "checking the state").await?;
    let log = fetch_i64(&mut session.db, &queries[2], "checking the state").await?;
    Ok(rows != seen.rows || log != seen.log_count)
}

async fn rollback(session: &mut Session) {
    let _ = session.db.execute("ROLLBACK").await;
}

/// SQLite's "database is locked" after the busy timeout is this run's lock timeout.
fn busy_to_lock_timeout(session: &Session, error: Error, seconds: u64) -> Error {
    match &error {
        Error::Database { message, .. } if message.contains("database is locked") => {
            Error::LockTimeout {
                database: session.url.masked(),
                seconds,
            }
        }
        _ => error,
    }
}

/// A failure leaves a log row with the error (outside the rolled-back transaction).
async fn record_failure(
    session: &mut Session,
    step: &Step,
    statement: usize,
    error: &Error,
    outcome: &str,
    started: Instant,
) {
    let text = error.to_string();
    let actor = session.actor.clone();
    let book = session.book();
    let mut sql = book.create_tables();
    sql.push(book.log(&LogEntry {
        action: step.direction.name(),
        revision: Some(&step.revision),
        duration_ms: started.elapsed().as_millis(),
        outcome,
        statement: Some(statement),
        error: Some(&text),
        host: &actor.host,
        user: &actor.user,
    }));
    for s in sql {
        let _ = session.db.execute(&s).await;
    }
}
