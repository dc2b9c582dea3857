//! Executing one step of a plan exactly as `plan::render` shows it: in one transaction with its
//! bookkeeping, or statement by statement with a claim row that becomes the dirty mark on failure.

use super::progress::Progress;
use super::session::Session;
use super::state::DATA_VERSION;
use crate::db::LogEntry;
use crate::error::{Error, Result};
use crate::plan::{self, Step};
use crate::Dialect;
use std::time::Instant;

/// What this runner last saw: whether Retort's tables exist, and (SQLite) the data version
/// its plan was made from; if that changed, another runner moved first.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub tables: usize,
    pub data_version: Option<i64>,
}

pub struct StepContext<'a> {
    pub index: usize,
    pub total: usize,
    pub create_tables: bool,
    /// SQLite: check under `BEGIN IMMEDIATE` that the state is still what was planned from.
    pub seen: Seen,
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
    // Bookkeeping goes in one round trip before and one after the revision's own statements,
    // which are sent one by one so a failure can name its statement.
    let before = plan::render::before(step, session.book(), &actor, cx.create_tables);
    let (open, tables) = before.split_at(1.min(before.len()));
    if open_and_check(session, &open.join(";\n"), cx).await? {
        rollback(session).await;
        return Ok(Outcome::Stale);
    }
    if !tables.is_empty() {
        if let Err(e) = session
            .exec(&tables.join(";\n"), "creating Retort's tables")
            .await
        {
            rollback(session).await;
            return Err(e);
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
    let after = plan::render::after(step, session.book(), &actor, duration_ms);
    if let Err(e) = session
        .exec(&after.join(";\n"), "recording the revision")
        .await
    {
        rollback(session).await;
        return Err(e);
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
    if sqlite && open_and_check(session, "BEGIN IMMEDIATE", cx).await? {
        rollback(session).await;
        return Ok(Outcome::Stale);
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
    let after = plan::render::after(step, session.book(), &actor, duration_ms);
    session
        .exec(&after.join(";\n"), "recording the revision")
        .await?;
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

/// Opens the step's transaction and tells whether another connection committed since the plan
/// was made (SQLite; checked inside the write lock, in the same round trip).
async fn open_and_check(session: &mut Session, open: &str, cx: &StepContext<'_>) -> Result<bool> {
    let Some(seen) = cx.seen.data_version else {
        session
            .exec(open, "opening the revision's transaction")
            .await
            .map_err(|e| busy_to_lock_timeout(session, e, cx.lock_seconds))?;
        return Ok(false);
    };
    let sql = format!("{open};\n{DATA_VERSION}");
    let now = session
        .db
        .fetch_value(&sql)
        .await
        .map_err(|e| Error::db("opening the revision's transaction", e))
        .map_err(|e| busy_to_lock_timeout(session, e, cx.lock_seconds))?;
    Ok(now.and_then(|v| v.trim().parse::<i64>().ok()) != Some(seen))
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
