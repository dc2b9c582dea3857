//! SQLite connections: a file (created only by commands that write) or memory, with a busy
//! timeout so a second runner waits on `BEGIN IMMEDIATE` instead of failing.

use super::{database_message, ConnectOptions};
use crate::error::{ConnectFailure, Error, Result};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions as _;
use std::path::Path;

pub async fn connect(
    path: Option<&Path>,
    options: ConnectOptions,
) -> Result<sqlx::SqliteConnection> {
    let connect_options = match path {
        None => SqliteConnectOptions::new().in_memory(true),
        Some(p) => SqliteConnectOptions::new()
            .filename(p)
            .create_if_missing(options.create_sqlite),
    }
    .busy_timeout(options.timeout)
    .disable_statement_logging();
    connect_options.connect().await.map_err(|e| Error::Connect {
        failure: ConnectFailure::Other,
        message: format!(
            "cannot open SQLite database {}: {}",
            path.map_or(":memory:".into(), |p| p.display().to_string()),
            database_message(&e)
        ),
    })
}
