//! Talking to databases: one connection per run (so session locks stay with it), statements sent
//! as written, rows read back as text, errors with the database's code. Connecting differs per
//! dialect (one file each); the SQL Retort sends of its own lives in `crate::dialect`.

mod mysql;
mod postgres;
mod sqlite;
mod sqlite_handle;

pub use sqlite_handle::{on_this_thread, RawSqlite};
// A connection is made from a URL: its type is offered here too, where callers connect.
pub use crate::database_url::{encode_component, mask_url_text, mask_urls_in, DatabaseUrl};

use crate::dialect::ErrorKind;
use crate::error::{ConnectFailure, Error, Result};
use crate::Dialect;
use sqlx::{Executor, Row};
use std::time::Duration;

/// A statement the database refused: its own words, and what they mean to Retort, told from its
/// error code (see [`ErrorKind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    /// The database's message with its code, `message [code]`, as people are shown it.
    pub message: String,
    pub kind: ErrorKind,
}

impl DbError {
    /// `code` is what `dialect` classifies by: PostgreSQL's SQLSTATE, MySQL's error number,
    /// SQLite's extended result code.
    pub fn new(dialect: Dialect, message: String, code: Option<&str>) -> DbError {
        DbError {
            message,
            kind: code.map_or(ErrorKind::Other, |c| dialect.error_kind(c)),
        }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<DbError> for String {
    fn from(error: DbError) -> String {
        error.message
    }
}

/// Rows as text: every bookkeeping query casts its columns, so one decoder serves all dialects.
pub type Rows = Vec<Vec<Option<String>>>;

/// One open connection to one of the three dialects.
pub enum Db {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
    Mysql(sqlx::MySqlConnection),
}

#[derive(Debug, Clone, Copy)]
pub struct ConnectOptions {
    /// Create a missing SQLite file (only commands that write should).
    pub create_sqlite: bool,
    /// How long SQLite waits for another writer, and how long a server connect may take.
    pub timeout: Duration,
}

impl Db {
    pub async fn connect(url: &DatabaseUrl, options: ConnectOptions) -> Result<Db> {
        match url {
            DatabaseUrl::Sqlite { path } => sqlite::connect(path.as_deref(), options)
                .await
                .map(Db::Sqlite),
            DatabaseUrl::Server {
                dialect: Dialect::Postgresql,
                url: u,
            } => postgres::connect(u, url, options).await.map(Db::Postgres),
            DatabaseUrl::Server { url: u, .. } => {
                mysql::connect(u, url, options).await.map(Db::Mysql)
            }
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgresql,
            Db::Mysql(_) => Dialect::Mysql,
        }
    }

    /// Runs one statement as written (simple protocol); the error is the database's own.
    pub async fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        let outcome = match self {
            Db::Sqlite(c) => c.execute(sqlx::raw_sql(sql)).await.map(|_| ()),
            Db::Postgres(c) => c.execute(sqlx::raw_sql(sql)).await.map(|_| ()),
            Db::Mysql(c) => c.execute(sqlx::raw_sql(sql)).await.map(|_| ()),
        };
        outcome.map_err(|e| self.error(&e))
    }

    fn error(&self, error: &sqlx::Error) -> DbError {
        database_error(self.dialect(), error)
    }

    /// SQLite: the connection taken from sqlx's worker (one hand-over), so a run of statements
    /// costs no more; `None` for the other dialects.
    pub async fn sqlite_raw(&mut self) -> Option<Result<RawSqlite<'_>, DbError>> {
        let Db::Sqlite(c) = self else {
            return None;
        };
        Some(
            c.lock_handle()
                .await
                .map(RawSqlite::new)
                .map_err(|e| database_error(Dialect::Sqlite, &e)),
        )
    }

    /// Runs a query whose columns are all text (or NULL).
    pub async fn fetch(&mut self, sql: &str) -> Result<Rows, DbError> {
        fn decode<R: Row>(rows: Vec<R>) -> Result<Rows, sqlx::Error>
        where
            for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            usize: sqlx::ColumnIndex<R>,
        {
            rows.iter()
                .map(|row| (0..row.len()).map(|i| row.try_get(i)).collect())
                .collect()
        }
        let rows = match self {
            Db::Sqlite(c) => c.fetch_all(sqlx::raw_sql(sql)).await.and_then(decode),
            Db::Postgres(c) => c.fetch_all(sqlx::raw_sql(sql)).await.and_then(decode),
            Db::Mysql(c) => c.fetch_all(sqlx::raw_sql(sql)).await.and_then(decode_mysql),
        };
        rows.map_err(|e| self.error(&e))
    }

    /// The first column of the first row, if any.
    pub async fn fetch_value(&mut self, sql: &str) -> Result<Option<String>, DbError> {
        Ok(self
            .fetch(sql)
            .await?
            .into_iter()
            .next()
            .and_then(|row| row.into_iter().next().flatten()))
    }

    pub async fn close(self) {
        use sqlx::Connection;
        let _ = match self {
            Db::Sqlite(c) => c.close().await,
            Db::Postgres(c) => c.close().await,
            Db::Mysql(c) => c.close().await,
        };
    }
}

/// MySQL flags text with a binary collation (Retort's `utf8mb4_bin` revision ids) as binary,
/// which sqlx will not decode as a string: such columns are read as bytes and taken as UTF-8.
fn decode_mysql(rows: Vec<sqlx::mysql::MySqlRow>) -> Result<Rows, sqlx::Error> {
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    row.try_get::<Option<String>, _>(i).or_else(|_| {
                        row.try_get::<Option<Vec<u8>>, _>(i)
                            .map(|b| b.map(|b| String::from_utf8_lossy(&b).into_owned()))
                    })
                })
                .collect()
        })
        .collect()
}

/// The database's own words and code (see [`DbError::new`]).
fn database_error(dialect: Dialect, error: &sqlx::Error) -> DbError {
    let code = match error {
        // MySQL's SQLSTATE is shared by unrelated errors (42000: syntax, or no privilege).
        sqlx::Error::Database(e) if dialect == Dialect::Mysql => e
            .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
            .map(|m| m.number().to_string()),
        sqlx::Error::Database(e) => e.code().map(|c| c.into_owned()),
        _ => None,
    };
    DbError::new(dialect, database_message(error), code.as_deref())
}

/// The database's own words, with its error code where it has one.
pub fn database_message(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(e) => match e.code() {
            Some(code) => format!("{} [{code}]", e.message()),
            None => e.message().to_string(),
        },
        other => other.to_string(),
    }
}

/// The one-line message for a failed connection, by kind.
fn connect_error(url: &DatabaseUrl, failure: ConnectFailure, detail: &str) -> Error {
    let shown = url.masked();
    let message = match failure {
        ConnectFailure::Unreachable => {
            format!("cannot reach the database server for {shown}: {detail}")
        }
        ConnectFailure::Authentication => {
            format!("the server refused the login for {shown} (wrong user or password?): {detail}")
        }
        ConnectFailure::UnknownDatabase => format!(
            "database {:?} does not exist on the server of {shown}: {detail}",
            url.database_name()
        ),
        ConnectFailure::Other => format!("cannot connect to {shown}: {detail}"),
        ConnectFailure::WrongServer => format!(
            "{} did not answer as a {} server (is another kind of server listening there?); URL {shown}: {detail}",
            server_address(url),
            server_kind(url.dialect())
        ),
    };
    Error::Connect { failure, message }
}

/// Connects with a time limit, so a silent host is reported instead of hanging.
async fn with_timeout<T>(
    url: &DatabaseUrl,
    timeout: Duration,
    connect: impl std::future::Future<Output = Result<T, sqlx::Error>>,
    classify: impl Fn(&sqlx::Error) -> ConnectFailure,
) -> Result<T> {
    // The URL's own `connect_timeout` (checked when parsed) may make it shorter.
    let (timeout, bound) = match url.connect_timeout() {
        Ok(Some(own)) if own < timeout => (own, "connect_timeout"),
        _ => (timeout, "--lock-timeout"),
    };
    match tokio::time::timeout(timeout, connect).await {
        Err(_) => {
            let (failure, detail) = if accepts_connections(url).await {
                (
                    ConnectFailure::WrongServer,
                    format!(
                        "it accepted the connection, then sent no {} greeting within {} s ({bound})",
                        server_kind(url.dialect()),
                        timeout.as_secs()
                    ),
                )
            } else {
                (
                    ConnectFailure::Unreachable,
                    format!("no answer within {} s ({bound})", timeout.as_secs()),
                )
            };
            Err(connect_error(url, failure, &detail))
        }
        Ok(Err(e)) => {
            let detail = database_message(&e);
            let failure = if speaks_another_protocol(&e) {
                ConnectFailure::WrongServer
            } else {
                classify(&e)
            };
            Err(connect_error(url, failure, &detail))
        }
        Ok(Ok(c)) => Ok(c),
    }
}

/// A connection that got past TCP and then broke in the handshake: bytes the driver cannot
/// read, or the peer closing on it. A real server of the dialect answers with an error instead.
fn speaks_another_protocol(error: &sqlx::Error) -> bool {
    use std::io::ErrorKind;
    match error {
        sqlx::Error::Protocol(_) => true,
        sqlx::Error::Io(e) => matches!(
            e.kind(),
            ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::UnexpectedEof
                | ErrorKind::InvalidData
        ),
        _ => false,
    }
}

/// Whether the server's port accepts a TCP connection at all, told apart after a silent connect:
/// a MySQL client pointed at a PostgreSQL port waits for a greeting that never comes.
async fn accepts_connections(url: &DatabaseUrl) -> bool {
    let DatabaseUrl::Server { url: u, .. } = url else {
        return false;
    };
    let Some(host) = u.host_str() else {
        return false;
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let port = u.port().unwrap_or(default_port(url.dialect()));
    let probe = move || {
        use std::net::ToSocketAddrs;
        (host.as_str(), port)
            .to_socket_addrs()
            .is_ok_and(|mut addrs| {
                addrs.any(|a| {
                    std::net::TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok()
                })
            })
    };
    tokio::task::spawn_blocking(probe).await.unwrap_or(false)
}

fn default_port(dialect: Dialect) -> u16 {
    match dialect {
        Dialect::Mysql => 3306,
        _ => 5432,
    }
}

/// `host:port` of a server URL, the port filled in when the URL has none.
fn server_address(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Server { url: u, dialect } => format!(
            "{}:{}",
            u.host_str().unwrap_or(""),
            u.port().unwrap_or(default_port(*dialect))
        ),
        DatabaseUrl::Sqlite { .. } => url.masked(),
    }
}

fn server_kind(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Mysql => "MySQL/MariaDB",
        Dialect::Postgresql => "PostgreSQL",
        Dialect::Sqlite => "SQLite",
    }
}
