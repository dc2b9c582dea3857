//! SQLite statements run on the caller's thread. sqlx runs each SQLite statement on its
//! connection's worker thread and wakes the caller for every result, which costs more than the
//! statement itself for small revisions (issue 10, item 18). sqlx's supported escape hatch,
//! `lock_handle`, takes the connection from the worker in one hand-over; the statements then go
//! straight to SQLite's C API. All of Retort's unsafe code is in this file.

use super::DbError;
use crate::Dialect;
use libsqlite3_sys as ffi;
use sqlx::sqlite::LockedSqliteHandle;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};
use std::ptr::{self, NonNull};

/// The connection, taken from sqlx's worker while this lives: statements run on this thread.
pub struct RawSqlite<'a> {
    // Kept so the worker stays off the handle while `handle` is used.
    _locked: LockedSqliteHandle<'a>,
    handle: NonNull<ffi::sqlite3>,
}

impl<'a> RawSqlite<'a> {
    pub(super) fn new(mut locked: LockedSqliteHandle<'a>) -> RawSqlite<'a> {
        let handle = locked.as_raw_handle();
        RawSqlite {
            _locked: locked,
            handle,
        }
    }

    /// Runs every statement of `sql` (which may hold several, or none but comments), reading
    /// and dropping any rows. The error is worded as `database_message` words sqlx's.
    pub fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.run(sql, None)
    }

    /// Runs `statements` in order, calling `before` with each one's index first; stops at the
    /// first failure and names its index.
    pub fn execute_many(
        &mut self,
        statements: &[&str],
        mut before: impl FnMut(usize),
    ) -> Result<(), (usize, DbError)> {
        for (n, sql) in statements.iter().enumerate() {
            before(n);
            self.execute(sql).map_err(|e| (n, e))?;
        }
        Ok(())
    }

    /// Runs `sql` and returns the first column of the first row any of its statements yields,
    /// as text (as `Db::fetch_value` does).
    pub fn fetch_value(&mut self, sql: &str) -> Result<Option<String>, DbError> {
        let mut first = None;
        let mut seen = false;
        let mut keep_first = |row| {
            if !seen {
                seen = true;
                first = row;
            }
        };
        self.run(sql, Some(&mut keep_first))?;
        Ok(first)
    }

    /// Prepares and steps each statement of `sql` in turn; `row`, if any, gets the first column
    /// of every row (without one, rows are stepped over unread).
    fn run(
        &mut self,
        sql: &str,
        mut row: Option<&mut dyn FnMut(Option<String>)>,
    ) -> Result<(), DbError> {
        let db = self.handle.as_ptr();
        let bytes = sql.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let rest = &bytes[offset..];
            let Ok(len) = c_int::try_from(rest.len()) else {
                return Err(DbError::new(
                    Dialect::Sqlite,
                    "statement text too long for SQLite".into(),
                    None,
                ));
            };
            let mut statement: *mut ffi::sqlite3_stmt = ptr::null_mut();
            let mut tail: *const c_char = ptr::null();
            // SAFETY: `db` is the live connection, ours alone while `_locked` is held; `rest`
            // is valid for `len` bytes (no NUL terminator needed when the length is given);
            // `statement` and `tail` are valid out-pointers.
            let code = unsafe {
                ffi::sqlite3_prepare_v2(db, rest.as_ptr().cast(), len, &mut statement, &mut tail)
            };
            if code != ffi::SQLITE_OK {
                // SAFETY: a failed prepare leaves `statement` NULL; `db` is live.
                return Err(unsafe { error_message(db) });
            }
            // SAFETY: SQLite sets `tail` to a point within `rest` (its end at the latest).
            let used = unsafe { tail.cast::<u8>().offset_from(rest.as_ptr()) };
            // A prepare that consumes nothing would loop forever: treat it as the end.
            let used = usize::try_from(used).unwrap_or(0).min(rest.len());
            offset = if used == 0 {
                bytes.len()
            } else {
                offset + used
            };
            if statement.is_null() {
                // Only whitespace or comments.
                continue;
            }
            // SAFETY: `statement` was just prepared on `db` and is finalized here, once.
            unsafe { step_all(db, statement, &mut row)? };
        }
        Ok(())
    }
}

/// Runs `work`, which makes SQLite calls on this thread. On a multi-threaded runtime (the desktop
/// shell's) tokio first moves its other tasks off this thread, so a long revision does not stall
/// them; the CLI's single-threaded runtime has no other tasks, and must not be asked to.
pub fn on_this_thread<R>(work: impl FnOnce() -> R) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// Steps `statement` until it is done, then finalizes it (also on error).
///
/// # Safety
/// `statement` must be a live statement prepared on the live connection `db`, not used
/// after this call.
unsafe fn step_all(
    db: *mut ffi::sqlite3,
    statement: *mut ffi::sqlite3_stmt,
    row: &mut Option<&mut dyn FnMut(Option<String>)>,
) -> Result<(), DbError> {
    let outcome = loop {
        // SAFETY: the caller's promise.
        match unsafe { ffi::sqlite3_step(statement) } {
            ffi::SQLITE_ROW => {
                if let Some(row) = row {
                    // SAFETY: the statement has a current row.
                    row(unsafe { first_column(statement) });
                }
            }
            ffi::SQLITE_DONE => break Ok(()),
            // The message is read before finalizing, which could replace it.
            // SAFETY: `db` is live.
            _ => break Err(unsafe { error_message(db) }),
        }
    };
    // SAFETY: the caller's promise; the statement is not used afterwards. Its result repeats the
    // step's error, already taken.
    unsafe { ffi::sqlite3_finalize(statement) };
    outcome
}

/// The current row's first column as text, NULL (or no column) as `None`.
///
/// # Safety
/// `statement` must be live and positioned on a row.
unsafe fn first_column(statement: *mut ffi::sqlite3_stmt) -> Option<String> {
    // SAFETY: the caller's promise; column 0 is checked to exist first.
    unsafe {
        if ffi::sqlite3_column_count(statement) < 1
            || ffi::sqlite3_column_type(statement, 0) == ffi::SQLITE_NULL
        {
            return None;
        }
        // Text first, then its length, as SQLite's documentation orders the calls.
        let text = ffi::sqlite3_column_text(statement, 0);
        if text.is_null() {
            return None;
        }
        let len = usize::try_from(ffi::sqlite3_column_bytes(statement, 0)).unwrap_or(0);
        let bytes = std::slice::from_raw_parts(text, len);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// SQLite's message and extended code, worded as `database_message` words sqlx's SQLite errors.
///
/// # Safety
/// `db` must be a live connection.
unsafe fn error_message(db: *mut ffi::sqlite3) -> DbError {
    // SAFETY: the caller's promise; the message is copied before any other call on `db`.
    unsafe {
        let code = ffi::sqlite3_extended_errcode(db);
        let message = ffi::sqlite3_errmsg(db);
        let message = if message.is_null() {
            "(no message)".into()
        } else {
            CStr::from_ptr(message).to_string_lossy()
        };
        let text = format!("{message} [{code}]");
        DbError::new(Dialect::Sqlite, text, Some(&code.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{ConnectOptions, DatabaseUrl, Db};
    use std::time::Duration;

    async fn memory() -> Db {
        let url = DatabaseUrl::Sqlite { path: None };
        let options = ConnectOptions {
            create_sqlite: true,
            timeout: Duration::from_secs(1),
        };
        Db::connect(&url, options).await.expect("in-memory SQLite")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn runs_on_a_multi_threaded_runtime() {
        let mut db = memory().await;
        let Some(raw) = db.sqlite_raw().await else {
            panic!("a SQLite connection has a raw handle");
        };
        let mut raw = raw.expect("handle");
        let value = super::on_this_thread(|| raw.fetch_value("SELECT 6 * 7"));
        assert_eq!(value, Ok(Some("42".to_string())));
    }

    #[tokio::test]
    async fn runs_statements_and_names_the_failing_one() {
        let mut db = memory().await;
        let Some(raw) = db.sqlite_raw().await else {
            panic!("a SQLite connection has a raw handle");
        };
        let mut raw = raw.expect("handle");
        assert_eq!(
            super::on_this_thread(|| raw.fetch_value("SELECT 1")),
            Ok(Some("1".to_string()))
        );
        let mut started = Vec::new();
        let outcome = raw.execute_many(
            &[
                "CREATE TABLE a (x INTEGER)",
                "INSERT INTO missing VALUES (1)",
                "CREATE TABLE never (x)",
            ],
            |n| started.push(n),
        );
        let outcome = outcome.map_err(|(n, e)| (n, e.message));
        assert_eq!(outcome, Err((1, "no such table: missing [1]".to_string())));
        assert_eq!(started, [0, 1]);

        // Several statements in one text, one empty, one only a comment, one returning rows.
        let several = "INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);";
        raw.execute_many(
            &[several, "", "  -- nothing here\n", "SELECT * FROM a"],
            |_| {},
        )
        .expect("several, empty and comment-only statements");
        let count = raw.fetch_value("SELECT COUNT(*) FROM a; SELECT 99");
        assert_eq!(count, Ok(Some("2".to_string())));
        assert_eq!(raw.fetch_value("SELECT NULL"), Ok(None));

        // The same words as sqlx gives for the same failure.
        let raw_error = raw.execute("INSERT INTO a VALUES (1, 2)");
        drop(raw);
        let sqlx_error = db.execute("INSERT INTO a VALUES (1, 2)").await;
        assert!(raw_error.is_err());
        assert_eq!(raw_error, sqlx_error);
        assert_eq!(
            db.fetch_value("SELECT COUNT(*) FROM never").await.ok(),
            None
        );
    }
}
