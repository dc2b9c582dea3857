//! An open database with the project's table names: what every database-touching verb starts from.

use super::state::DbState;
use crate::db::{Actor, Book, ConnectOptions, DatabaseUrl, Db, Tables};
use crate::error::Result;
use std::time::Duration;

pub struct Session {
    pub db: Db,
    pub url: DatabaseUrl,
    pub tables: Tables,
    pub actor: Actor,
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
        let db = Db::connect(
            url,
            ConnectOptions {
                create_sqlite: write,
                timeout,
            },
        )
        .await?;
        Ok(Some(Session {
            db,
            url: url.clone(),
            tables,
            actor: Actor::current(),
        }))
    }

    pub fn book(&self) -> Book<'_> {
        Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        }
    }

    pub async fn read_state(&mut self) -> Result<DbState> {
        let book = Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        };
        DbState::read(&mut self.db, book).await
    }

    /// The newest `limit` rows of the log, newest first.
    pub async fn read_log(&mut self, limit: usize) -> Result<Vec<super::state::LogRow>> {
        let book = Book {
            dialect: self.db.dialect(),
            tables: &self.tables,
        };
        DbState::read_log(&mut self.db, book, limit).await
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
