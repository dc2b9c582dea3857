//! Executing one step of a plan exactly as `plan::render` shows it: in one transaction with its
//! bookkeeping, or statement by statement with a claim row that becomes the dirty mark on failure.
//! Every failure leaves a log row when the log table can be written.

use super::pace::Pace;
use super::session::{busy_to_lock_timeout, Session};
use crate::db::{on_this_thread, DbError, RawSqlite};
use crate::dialect::{Actor, Book, LogEntry};
use crate::error::{Error, Result};
use crate::plan::render::{Closing, Opening};
use crate::plan::{self, Step};
use crate::report::{Progress, ProgressFn};
use crate::sql::changes_session;
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
    pub progress: ProgressFn<'a>,
}

pub enum Outcome {
    Done {
        duration_ms: u128,
    },
    /// Another runner changed the database since the plan was made: plan again.
    Stale,
}

/// Why a step failed, and what its log row says: the statement it reached and whether the
/// database was left dirty or untouched.
struct Failure {
    error: Error,
    statement: Option<usize>,
    outcome: &'static str,
}

impl Failure {
    fn failed(error: Error) -> Failure {
        Failure {
            error,
            statement: None,
            outcome: "failed",
        }
    }

    /// Statement `n` (0-based) of a transactional step failed; the transaction rolls back.
    fn statement(step: &Step, n: usize, error: DbError) -> Failure {
        Failure {
            error: statement_error(step, n, error.message),
            statement: Some(n + 1),
            outcome: "failed",
        }
    }

    fn dirty(error: Error, statement: Option<usize>) -> Failure {
        Failure {
            error,
            statement,
            outcome: "dirty",
        }
    }
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
    match outcome {
        Ok(Outcome::Done { duration_ms }) => {
            (cx.progress)(Progress::RevisionDone {
                revision: step.revision.clone(),
                direction: step.direction,
                duration_ms,
            });
            Ok(Outcome::Done { duration_ms })
        }
        Ok(Outcome::Stale) => Ok(Outcome::Stale),
        Err(failure) => {
            // A lock timeout means the log table cannot be reached either (and trying would
            // wait the whole timeout again).
            if !matches!(failure.error, Error::LockTimeout { .. }) {
                record_failure(session, step, &failure, started).await;
            }
            let e = failure.error;
            (cx.progress)(Progress::RevisionFailed {
                revision: step.revision.clone(),
                direction: step.direction,
                code: e.code(),
                error: e.to_string(),
            });
            Err(e)
        }
    }
}

async fn transactional(
    session: &mut Session,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome, Failure> {
    let actor = session.actor.clone();
    let opening = plan::render::before(step, session.book(), &actor, cx.create_tables);
    // SQLite runs the whole transaction in one hand-over of the connection, unless a statement
    // changes the session, which then needs restoring (asynchronously) before the bookkeeping.
    let dialect = session.db.dialect();
    if dialect == Dialect::Sqlite
        && !step
            .statements
            .iter()
            .any(|s| changes_session(&s.text, dialect))
    {
        let lock_timeout = |e| busy_to_lock_timeout(&session.url, session.timeout, OPENING, e);
        let book = Book {
            dialect,
            tables: &session.tables,
        };
        if let Some(raw) = session.db.sqlite_raw().await {
            let mut raw = raw.map_err(|e| Failure::failed(Error::db(OPENING, e)))?;
            let result = on_this_thread(|| {
                sqlite_transaction(&mut raw, &opening, book, &actor, step, cx, started)
            })
            .map_err(|f| match *f {
                Open(e) => Failure::failed(lock_timeout(e)),
                Later(f) => f,
            });
            return result;
        }
    }
    // Bookkeeping goes in one round trip before and one after the revision's own statements,
    // which are sent one by one so a failure can name its statement.
    let begin = opening.begin.unwrap_or(dialect.begin());
    if open_and_check(session, begin, cx)
        .await
        .map_err(Failure::failed)?
    {
        rollback(session).await;
        return Ok(Outcome::Stale);
    }
    let result = async {
        if !opening.create_tables.is_empty() {
            session
                .exec(
                    &opening.create_tables.join(";\n"),
                    "creating Retort's tables",
                )
                .await
                .map_err(Failure::failed)?;
        }
        for (n, statement) in step.statements.iter().enumerate() {
            progress_statement(cx, step, n);
            if let Err(e) = session.db.execute(&statement.text).await {
                return Err(Failure::statement(step, n, e));
            }
        }
        restore_session(session, step)
            .await
            .map_err(Failure::failed)?;
        let duration_ms = started.elapsed().as_millis();
        let closing = plan::render::after(step, session.book(), &actor, duration_ms);
        record(session, step, &closing)
            .await
            .map_err(Failure::failed)?;
        Ok(Outcome::Done { duration_ms })
    }
    .await;
    if result.is_err() {
        rollback(session).await;
    }
    result
}

const OPENING: &str = "opening the revision's transaction";

/// Where a SQLite transaction failed: opening it (where a busy database is the lock timeout, and
/// nothing needs rolling back) or later.
enum SqliteFailure {
    Open(DbError),
    Later(Failure),
}
use SqliteFailure::{Later, Open};

/// `transactional` for SQLite on the caller's thread: the same statements in the same order, with
/// the same errors, as the general path sends through sqlx.
fn sqlite_transaction(
    raw: &mut RawSqlite<'_>,
    opening: &Opening,
    book: Book<'_>,
    actor: &Actor,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome, Box<SqliteFailure>> {
    let open = opening.begin.unwrap_or(book.dialect.begin());
    let opening_failed = |e| Box::new(Open(e));
    match (cx.seen.data_version, book.dialect.data_version()) {
        (Some(seen), Some(version)) => {
            let now = raw
                .fetch_value(&format!("{open};\n{version}"))
                .map_err(opening_failed)?;
            if moved_since(now, seen) {
                let _ = raw.execute("ROLLBACK");
                return Ok(Outcome::Stale);
            }
        }
        _ => raw.execute(open).map_err(opening_failed)?,
    }
    let result = sqlite_body(raw, &opening.create_tables, book, actor, step, cx, started);
    if result.is_err() {
        let _ = raw.execute("ROLLBACK");
    }
    result.map_err(|f| Box::new(Later(*f)))
}

/// Inside the SQLite transaction: Retort's tables if new, the revision, its bookkeeping and COMMIT.
fn sqlite_body(
    raw: &mut RawSqlite<'_>,
    tables: &[String],
    book: Book<'_>,
    actor: &Actor,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome, Box<Failure>> {
    if !tables.is_empty() {
        raw.execute(&tables.join(";\n"))
            .map_err(|e| Box::new(Failure::failed(Error::db("creating Retort's tables", e))))?;
    }
    let texts: Vec<&str> = step.statements.iter().map(|s| s.text.as_str()).collect();
    raw.execute_many(&texts, |n| progress_statement(cx, step, n))
        .map_err(|(n, e)| Box::new(Failure::statement(step, n, e)))?;
    let duration_ms = started.elapsed().as_millis();
    let closing = plan::render::after(step, book, actor, duration_ms);
    raw.execute(&closing.joined()).map_err(|e| {
        let context = format!("recording revision {}", step.revision);
        Box::new(Failure::failed(Error::db(&context, e)))
    })?;
    Ok(Outcome::Done { duration_ms })
}

async fn statement_by_statement(
    session: &mut Session,
    step: &Step,
    cx: &StepContext<'_>,
    started: Instant,
) -> Result<Outcome, Failure> {
    let actor = session.actor.clone();
    let opening = plan::render::before(step, session.book(), &actor, cx.create_tables);
    for sql in &opening.create_tables {
        session
            .exec_or_lock_timeout(sql, "creating Retort's tables")
            .await
            .map_err(Failure::failed)?;
    }
    // The claim is the lock for a step that cannot hold a transaction: on SQLite it is taken
    // under BEGIN IMMEDIATE after checking nobody moved first.
    let sqlite = session.db.dialect() == Dialect::Sqlite;
    if sqlite
        && open_and_check(session, Dialect::Sqlite.begin(), cx)
            .await
            .map_err(Failure::failed)?
    {
        rollback(session).await;
        return Ok(Outcome::Stale);
    }
    if let Some(claim) = &opening.claim {
        if let Err(e) = session.exec(claim, "claiming the revision").await {
            if sqlite {
                rollback(session).await;
            }
            return Err(Failure::failed(e));
        }
    }
    if sqlite {
        session
            .exec("COMMIT", "claiming the revision")
            .await
            .map_err(Failure::failed)?;
    }
    // From here on the claim row is in the database: a failure leaves it for a human.
    let mut pace = Pace::new();
    for (n, statement) in step.statements.iter().enumerate() {
        progress_statement(cx, step, n);
        if let Err(e) = session.db.execute(&statement.text).await {
            let error = statement_error(step, n, e.message);
            return Err(mark_dirty(session, step, n, error).await);
        }
        if session.db.dialect() == Dialect::Mysql
            && changes_session(&statement.text, Dialect::Mysql)
        {
            if let Some(error) = switched_database(session, step, n).await {
                return Err(mark_dirty(session, step, n, error).await);
            }
        }
        // Batched (see `pace`): statements up to the recorded one certainly completed. A statement
        // that changed the session is recorded at once, so a record it breaks names it.
        let changed = changes_session(&statement.text, session.db.dialect());
        if !changed && !pace.due() {
            continue;
        }
        if let Err(e) = record_progress(session, step, n + 1).await {
            let hint = if changed {
                " (this statement changed the session Retort writes its record in: run the revision in a transaction, or undo the change at its end)"
            } else {
                ""
            };
            let message = format!("it ran, but recording that failed: {e}{hint}");
            return Err(Failure::dirty(statement_error(step, n, message), Some(n)));
        }
    }
    restore_session(session, step)
        .await
        .map_err(|e| Failure::dirty(e, None))?;
    let duration_ms = started.elapsed().as_millis();
    let closing = plan::render::after(step, session.book(), &actor, duration_ms);
    record(session, step, &closing)
        .await
        .map_err(|e| Failure::dirty(e, None))?;
    Ok(Outcome::Done { duration_ms })
}

/// The step's closing bookkeeping, in one round trip.
async fn record(session: &mut Session, step: &Step, closing: &Closing) -> Result<()> {
    let context = format!("recording revision {}", step.revision);
    session.exec(&closing.joined(), &context).await
}

/// The per-statement progress record of a step that runs statement by statement: after
/// statement `done` (1-based) succeeded. The dirty mark and "statements 1–k completed" are read
/// from it, so whatever batching is done here must keep it true when the runner dies.
async fn record_progress(session: &mut Session, step: &Step, done: usize) -> Result<()> {
    if let Some(sql) = plan::render::after_each(step, session.book(), done) {
        session.exec(&sql, "recording progress").await?;
    }
    Ok(())
}

/// Statement `n` (0-based) failed after the claim: mark the revision dirty there.
async fn mark_dirty(session: &mut Session, step: &Step, n: usize, error: Error) -> Failure {
    let _ = session
        .db
        .execute(&session.book().mark_dirty(&step.revision, n + 1))
        .await;
    Failure::dirty(error, Some(n + 1))
}

/// MySQL: after a `USE`, the session must still be in the URL's database. Retort records and
/// applies revisions there only, so a switch is undone and the revision stops, dirty, before any
/// later statement lands in the other database.
async fn switched_database(session: &mut Session, step: &Step, n: usize) -> Option<Error> {
    let home = session.home.clone();
    let now = match home.database_switched(&mut session.db).await {
        Ok(None) => return None,
        Ok(Some(now)) => now,
        Err(e) => return Some(statement_error(step, n, e.message)),
    };
    let restored = match home.restore(&mut session.db).await {
        Ok(_) => "switched back and stopped".to_string(),
        Err(e) => format!("could not switch back ({e}) and stopped"),
    };
    Some(statement_error(
        step,
        n,
        format!(
            "it switched the session to database {now} (from {}); Retort applies and records revisions in the URL's database only, so it {restored}; remove the USE (or point the URL at {now})",
            home.schema().unwrap_or("(none)")
        ),
    ))
}

/// After a revision's own statements and before its bookkeeping: put the session back as it was
/// at connect time (search path, role, attached databases, pragmas, current database), so the
/// record and the later revisions do not run under what the revision set.
async fn restore_session(session: &mut Session, step: &Step) -> Result<()> {
    // SQLite and MySQL change this state only by statements of their own (ATTACH, PRAGMA, USE),
    // so revisions without one skip the round trip; PostgreSQL functions may call set_config.
    let dialect = session.db.dialect();
    if dialect != Dialect::Postgresql
        && !step
            .statements
            .iter()
            .any(|s| changes_session(&s.text, dialect))
    {
        return Ok(());
    }
    let home = session.home.clone();
    let context = format!(
        "restoring the session after {} of revision {}",
        step.direction, step.revision
    );
    home.restore(&mut session.db)
        .await
        .map_err(|e| Error::db(&context, e))?;
    keep_run_lock(session, &context).await
}

/// The run lock must still be this session's after a revision (it may have released all of
/// its locks): taken again when free, an error when another run got it meanwhile.
async fn keep_run_lock(session: &mut Session, context: &str) -> Result<()> {
    let Some(sql) = session.lock_book().lock_held_here() else {
        return Ok(());
    };
    let here = session.db.fetch_value(&sql).await;
    if here.map_err(|e| Error::db(context, e))?.as_deref() == Some("1") {
        return Ok(());
    }
    let retake = session.lock_book().try_lock().unwrap_or_default();
    let got = session.db.fetch_value(&retake).await;
    if got.map_err(|e| Error::db(context, e))?.as_deref() == Some("1") {
        return Ok(());
    }
    Err(Error::db(
        context,
        "the revision released Retort's run lock and another run holds it now; stopped so the two do not interleave",
    ))
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
    let version = session.db.dialect().data_version();
    let (Some(seen), Some(version)) = (cx.seen.data_version, version) else {
        return session
            .exec_or_lock_timeout(open, OPENING)
            .await
            .map(|_| false);
    };
    let sql = format!("{open};\n{version}");
    let now = session.db.fetch_value(&sql).await;
    let now = now.map_err(|e| session.busy_to_lock_timeout(OPENING, e))?;
    Ok(moved_since(now, seen))
}

/// Whether SQLite's data version read under the write lock differs from the one the plan was
/// made from: another connection committed meanwhile.
fn moved_since(now: Option<String>, seen: i64) -> bool {
    now.and_then(|v| v.trim().parse::<i64>().ok()) != Some(seen)
}

async fn rollback(session: &mut Session) {
    let _ = session.db.execute("ROLLBACK").await;
}

/// A failure leaves a log row with the error (outside the rolled-back transaction).
async fn record_failure(session: &mut Session, step: &Step, failure: &Failure, started: Instant) {
    let text = failure.error.to_string();
    let actor = session.actor.clone();
    let book = session.book();
    let mut sql = book.create_tables();
    sql.push(book.log(&LogEntry {
        action: step.direction.name(),
        revision: Some(&step.revision),
        duration_ms: started.elapsed().as_millis(),
        outcome: failure.outcome,
        statement: failure.statement,
        error: Some(&text),
        host: &actor.host,
        user: &actor.user,
    }));
    for s in sql {
        let _ = session.db.execute(&s).await;
    }
}
