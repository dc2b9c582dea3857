//! PostgreSQL connections: classified connect errors, and a server-side check that notices a
//! killed client, so its transaction and advisory lock are freed at once.

use super::{with_timeout, ConnectOptions, DatabaseUrl};
use crate::error::{ConnectFailure, Result};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions as _, Executor};
use std::str::FromStr;

pub async fn connect(
    url: &url::Url,
    shown: &DatabaseUrl,
    options: ConnectOptions,
) -> Result<sqlx::PgConnection> {
    let connect_options = PgConnectOptions::from_str(url.as_str())
        .map_err(|e| crate::Error::Url {
            message: format!("invalid PostgreSQL URL {shown}: {e}"),
        })?
        .application_name("retort")
        .disable_statement_logging();
    let mut conn =
        with_timeout(shown, options.timeout, connect_options.connect(), classify).await?;
    // PostgreSQL 14+: end the session soon after the client dies, even mid-statement. Older
    // servers do not know the setting; they still free everything once the socket is noticed.
    let _ = conn
        .execute("SET client_connection_check_interval = 1000")
        .await;
    Ok(conn)
}

fn classify(error: &sqlx::Error) -> ConnectFailure {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => ConnectFailure::Unreachable,
        sqlx::Error::Database(e) => match e.code().as_deref() {
            Some("28P01") | Some("28000") => ConnectFailure::Authentication,
            Some("3D000") => ConnectFailure::UnknownDatabase,
            _ => ConnectFailure::Other,
        },
        _ => ConnectFailure::Other,
    }
}
