//! An open database with the project's table names: what every database-touching verb starts from.

use super::home::Home;
use super::state::{DbState, ReadError};
use crate::database_url::DatabaseUrl;
use crate::db::{ConnectOptions, Db, DbError};
use crate::dialect::{Actor, Book, ErrorKind, Tables};
use crate::error::{Error, Result};
use crate::report::LogRow;
use std::time::Duration;

pub struct Session {
    pub db: Db,
    pub url: DatabaseUrl,
    /// Retort's tables, qualified with the schema the session had at connect time, so the
    /// bookkeeping stays there whatever a revision does to the session.
    pub tables: Tables,
    /// The names as configured: the run lock is keyed on them, as it always was.
    pub configured: Tables,
    pub home: Home,
    pub actor: Actor,
    /// The lock and busy timeout the session was opened with.
    pub timeout: Duration,
    /// SQLite: the run lock, a lock on a file beside the database (see `lock`), while held.
    pub run_lock: Option<std::fs::File>,
}

impl Session {
    /// Connects. A read-only open of a SQLite file that does not exist returns `None` rather than
    /// creating the file: reading must never leave traces.
    pub async fn open(
        url: &DatabaseUrl,
        tables: Tables,
        write: bool,
        timeout: Duration,
    ) -> Result<Option<Session>> {
        url.require_database()?;
        if let DatabaseUrl::Sqlite { path: Some(path) } = url {
            if !write && !path.exists() {
                return Ok(None);
            }
        }
        let mut db = Db::connect(
            url,
            ConnectOptions {
                create_sqlite: write,
                timeout,
            },
        )
        .await?;
        let home = match Home::read(&mut db).await {
            Ok(home) => home,
            Err(e) => {
                db.close().await;
                return Err(busy_to_lock_timeout(
                    url,
                    timeout,
                    "reading the session's schema",
                    e,
                ));
            }
        };
        Ok(Some(Session {
            db,
            url: url.clone(),
            tables: home.qualify(&tables),
            configured: tables,
            home,
            actor: Actor::current(),
            timeout,
            run_lock: None,
        }))
    }

    pub fn book(&self) -> Book<'_> {
        Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        }
    }

    /// The lock statements use the configured names (and so the same key as before qualifying).
    pub fn lock_book(&self) -> Book<'_> {
        Book {
            dialect: self.db.dialect(),
            tables: &self.configured,
        }
    }

    pub async fn read_state(&mut self) -> Result<DbState> {
        let book = Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        };
        let state = DbState::read(&mut self.db, book).await;
        state.map_err(|e| self.read_error(e))
    }

    /// [`Session::read_state`] in the transaction the caller opened.
    pub async fn read_state_in_transaction(&mut self) -> Result<DbState> {
        let book = Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        };
        let state = DbState::read_in_transaction(&mut self.db, book).await;
        state.map_err(|e| self.read_error(e))
    }

    fn read_error(&self, e: ReadError) -> Error {
        self.busy_to_lock_timeout(&e.context, e.error)
    }

    /// Whether a run holds the run lock now: a claimed revision with a live runner is in
    /// progress, one without is dirty (its runner is gone).
    pub async fn run_lock_held(&mut self) -> Result<bool> {
        if let Some(sql) = self.lock_book().lock_held() {
            let held = self
                .db
                .fetch_value(&sql)
                .await
                .map_err(|e| Error::db("asking whether a run is live", e))?;
            return Ok(held.as_deref() == Some("1"));
        }
        Ok(match &self.url {
            DatabaseUrl::Sqlite { path: Some(p), .. } => super::lock_file::file_lock_held(p),
            _ => false,
        })
    }

    /// SQLite's busy database after the busy timeout is this run's lock timeout: another
    /// process holds the file (a runner, or any program with a write transaction open). Any
    /// other error is the database's, in `context`.
    pub fn busy_to_lock_timeout(&self, context: &str, error: DbError) -> Error {
        busy_to_lock_timeout(&self.url, self.timeout, context, error)
    }

    /// Runs bookkeeping SQL whose failure on a busy SQLite file is the lock timeout.
    pub async fn exec_or_lock_timeout(&mut self, sql: &str, context: &str) -> Result<()> {
        let outcome = self.db.execute(sql).await;
        outcome.map_err(|e| self.busy_to_lock_timeout(context, e))
    }

    /// The newest `limit` rows of the log, newest first.
    pub async fn read_log(&mut self, limit: usize) -> Result<Vec<LogRow>> {
        let book = Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        };
        Ok(DbState::read_log(&mut self.db, book, limit).await?)
    }

    /// Runs bookkeeping SQL, naming what it was for if it fails.
    pub async fn exec(&mut self, sql: &str, context: &str) -> Result<()> {
        self.db
            .execute(sql)
            .await
            .map_err(|e| crate::Error::db(context, e))
    }

    pub async fn close(self) {
        self.db.close().await;
    }
}

pub(super) fn busy_to_lock_timeout(
    url: &DatabaseUrl,
    timeout: Duration,
    context: &str,
    error: DbError,
) -> Error {
    match error.kind {
        ErrorKind::Busy => Error::LockTimeout {
            database: url.masked(),
            seconds: timeout.as_secs(),
        },
        _ => Error::db(context, error),
    }
}
