//! MySQL / MariaDB connections: classified connect errors, and none of sqlx's session tweaks that
//! would change what a revision's SQL means (`PIPES_AS_CONCAT`).

use super::{with_timeout, ConnectOptions, DatabaseUrl};
use crate::error::{ConnectFailure, Result};
use sqlx::mysql::{MySqlConnectOptions, MySqlDatabaseError};
use sqlx::ConnectOptions as _;
use std::str::FromStr;

pub async fn connect(
    url: &url::Url,
    shown: &DatabaseUrl,
    options: ConnectOptions,
) -> Result<sqlx::MySqlConnection> {
    let connect_options = MySqlConnectOptions::from_str(url.as_str())
        .map_err(|e| crate::Error::Url {
            message: format!("invalid MySQL URL {shown}: {e}"),
        })?
        .pipes_as_concat(false)
        .disable_statement_logging();
    with_timeout(shown, options.timeout, connect_options.connect(), classify).await
}

fn classify(error: &sqlx::Error) -> ConnectFailure {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => ConnectFailure::Unreachable,
        sqlx::Error::Database(e) => match e
            .try_downcast_ref::<MySqlDatabaseError>()
            .map(|m| m.number())
        {
            Some(1045) | Some(1044) | Some(1698) => ConnectFailure::Authentication,
            Some(1049) => ConnectFailure::UnknownDatabase,
            _ => ConnectFailure::Other,
        },
        _ => ConnectFailure::Other,
    }
}
