//! What a database remembers, read back: the applied-set rows (with their dirty marks) and the
//! log. Missing tables mean a database Retort has not touched yet.

use crate::db::{Db, DbError, Rows};
use crate::dialect::Book;
use crate::error::{Direction, Error};
use crate::report::{AppliedRow, LogRow, RowState};
use serde::Serialize;

/// A read the database refused: what was being read, and the database's error, which the
/// session turns into an [`Error`] (a busy SQLite file is its lock timeout).
#[derive(Debug)]
pub struct ReadError {
    pub context: String,
    pub error: DbError,
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Error {
        Error::db(e.context, e.error)
    }
}

type Read<T> = std::result::Result<T, ReadError>;

fn reading(context: impl Into<String>) -> impl FnOnce(DbError) -> ReadError {
    let context = context.into();
    move |error| ReadError { context, error }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DbState {
    /// How many of the two tables exist.
    pub tables: usize,
    pub rows: Vec<AppliedRow>,
    /// SQLite's `PRAGMA data_version` when the state was read: it changes exactly when another
    /// connection commits, which tells a runner that its plan may be stale.
    pub data_version: Option<i64>,
    /// A run holds the run lock now (checked only when a revision is claimed): the claim is a
    /// live run in progress, not a dirty mark.
    pub claim_live: bool,
}

impl DbState {
    pub fn applied_ids(&self) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter(|r| r.state == RowState::Applied)
            .map(|r| r.revision.as_str())
    }

    /// The first row that is not cleanly applied.
    pub fn unfinished(&self) -> Option<&AppliedRow> {
        self.rows.iter().find(|r| r.state != RowState::Applied)
    }

    /// A live run's claim (see [`DbState::claim_live`]).
    pub fn in_progress(&self) -> Option<&AppliedRow> {
        self.unfinished()
            .filter(|r| self.claim_live && r.state == RowState::Running)
    }

    /// A revision left part-way by a failure or by a runner that is gone.
    pub fn dirty(&self) -> Option<&AppliedRow> {
        self.unfinished().filter(|_| self.in_progress().is_none())
    }

    pub fn dirty_error(row: &AppliedRow) -> Error {
        Error::Dirty {
            revision: row.revision.clone(),
            direction: row.direction.unwrap_or(Direction::Upgrade),
            statement: row.statement.unwrap_or(0),
            reached: Self::reached(row),
        }
    }

    /// How far a claimed revision got, in words: a dirty row records the statement that failed, a
    /// running row the last one that completed (the next one was running when its runner stopped).
    pub fn reached(row: &AppliedRow) -> String {
        let recorded = row.statement.unwrap_or(0).max(0);
        if row.state == RowState::Dirty {
            // A failure is recorded exactly: the failing statement itself.
            let completed = recorded.saturating_sub(1);
            return format!(
                "{}; statement {} failed",
                completed_text(completed, ""),
                recorded.max(1)
            );
        }
        // A running claim's progress is recorded about once a second (see `pace`), so the
        // statement running when its runner stopped may be a later one than the next.
        format!(
            "{}; statement {} or a later one was running when its runner ({}, claimed at {}) stopped",
            completed_text(recorded, "certainly "),
            recorded + 1,
            row.applied_by,
            row.applied_at
        )
    }

    /// Reads the state; on SQLite inside one read transaction, so rows and counts agree even
    /// while other runners commit (servers are read under the run-wide lock).
    pub async fn read(db: &mut Db, book: Book<'_>) -> Read<DbState> {
        let sqlite = book.dialect == crate::Dialect::Sqlite;
        if sqlite {
            db.execute("BEGIN")
                .await
                .map_err(reading("reading the state"))?;
        }
        let mut state = Self::read_in_transaction(db, book).await;
        if let (Some(sql), Ok(state)) = (book.dialect.data_version(), state.as_mut()) {
            state.data_version = Some(fetch_i64(db, sql, "reading the data version").await?);
        }
        if sqlite {
            let _ = db
                .execute(if state.is_ok() { "COMMIT" } else { "ROLLBACK" })
                .await;
        }
        state
    }

    /// Reads the state in the transaction the caller opened (and so, after SQLite's
    /// `BEGIN IMMEDIATE`, under the write lock: nobody changes it before the caller commits).
    pub async fn read_in_transaction(db: &mut Db, book: Book<'_>) -> Read<DbState> {
        let tables = fetch_i64(db, &book.count_tables(), "reading the catalog").await? as usize;
        if tables < 2 {
            // Created together; one without the other is treated as not yet created (and
            // recreated with IF NOT EXISTS).
            return Ok(DbState {
                tables,
                ..DbState::default()
            });
        }
        let rows = db
            .fetch(&book.select_revisions())
            .await
            .map_err(reading(format!("reading {}", book.tables.revisions)))?;
        Ok(DbState {
            tables,
            rows: rows.into_iter().map(applied_row).collect(),
            ..DbState::default()
        })
    }

    /// The newest `limit` log rows, newest first (empty before first use).
    pub async fn read_log(db: &mut Db, book: Book<'_>, limit: usize) -> Read<Vec<LogRow>> {
        let tables = fetch_i64(db, &book.count_tables(), "reading the catalog").await?;
        if tables < 2 {
            return Ok(Vec::new());
        }
        let rows: Rows = db
            .fetch(&book.select_log(limit))
            .await
            .map_err(reading(format!("reading {}", book.tables.log)))?;
        Ok(rows.into_iter().map(log_row).collect())
    }
}

/// The first column of the first row of `sql`, as a number (0 when there is none).
pub(crate) async fn fetch_i64(db: &mut Db, sql: &str, context: &str) -> Read<i64> {
    let value = db.fetch_value(sql).await.map_err(reading(context))?;
    Ok(value.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

fn text(row: &mut [Option<String>], i: usize) -> Option<String> {
    row.get_mut(i).and_then(Option::take)
}

fn number(row: &mut [Option<String>], i: usize) -> Option<i64> {
    text(row, i).and_then(|v| v.trim().parse().ok())
}

fn applied_row(mut row: Vec<Option<String>>) -> AppliedRow {
    AppliedRow {
        revision: text(&mut row, 0).unwrap_or_default(),
        checksum: text(&mut row, 1).unwrap_or_default(),
        applied_at: text(&mut row, 2).unwrap_or_default(),
        duration_ms: number(&mut row, 3).unwrap_or(0),
        applied_by: text(&mut row, 4).unwrap_or_default(),
        state: match text(&mut row, 5).as_deref() {
            Some("running") => RowState::Running,
            Some("dirty") => RowState::Dirty,
            _ => RowState::Applied,
        },
        direction: match text(&mut row, 6).as_deref() {
            Some("downgrade") => Some(Direction::Downgrade),
            Some("upgrade") => Some(Direction::Upgrade),
            _ => None,
        },
        statement: number(&mut row, 7),
    }
}

fn log_row(mut row: Vec<Option<String>>) -> LogRow {
    LogRow {
        id: number(&mut row, 0).unwrap_or(0),
        at: text(&mut row, 1).unwrap_or_default(),
        action: text(&mut row, 2).unwrap_or_default(),
        revision: text(&mut row, 3),
        duration_ms: number(&mut row, 4).unwrap_or(0),
        host: text(&mut row, 5),
        user: text(&mut row, 6),
        outcome: text(&mut row, 7).unwrap_or_default(),
        statement: number(&mut row, 8),
        error: text(&mut row, 9),
    }
}

/// "no statement completed", "statement 1 completed", "statements 1–k completed".
fn completed_text(completed: i64, certainly: &str) -> String {
    match completed {
        0 => format!("no statement {certainly}completed"),
        1 => format!("statement 1 {certainly}completed"),
        n => format!("statements 1\u{2013}{n} {certainly}completed"),
    }
}
