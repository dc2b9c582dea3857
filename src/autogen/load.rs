//! The schemas autogenerate compares, each read back from a real database so that both sides
//! went through the same catalog: `schema.sql` applied to a scratch database, a project's
//! revisions replayed into one, or a live database read as it is.

use super::scratch::{with_scratch, with_scratch_until};
use crate::apply::{self, RunOptions};
use crate::db::{ConnectOptions, DatabaseUrl, Db};
use crate::error::{Direction, Error, Result};
use crate::project::Project;
use crate::schema::introspect::{introspect, IntrospectOptions};
use crate::schema::Schema;
use crate::sql::split_statements;
use crate::Dialect;
use std::future::Future;
use std::path::Path;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Where a schema comes from, for commands that accept any of them (`diff A B`).
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A desired-schema file (`schema.sql`).
    SchemaFile(&'a Path),
    /// A project's revisions up to `target` (`head`, `heads`, a revision id, `label@head`, …).
    Revisions {
        project: &'a Project,
        target: &'a str,
    },
    /// A live database, read without changing it.
    Live(&'a DatabaseUrl),
}

/// Loads `source`; scratch databases, when needed, go beside `server` (SQLite: a temporary
/// file; a server: a temporary database on it, always dropped afterwards).
pub async fn load(
    source: Source<'_>,
    server: &DatabaseUrl,
    options: &IntrospectOptions,
) -> Result<Schema> {
    match source {
        Source::SchemaFile(path) => {
            with_scratch(server, async |url: &DatabaseUrl| {
                schema_file_into(path, url, options).await
            })
            .await
        }
        Source::Revisions { project, target } => {
            with_scratch(server, async |url: &DatabaseUrl| {
                revisions_into(project, target, url, options).await
            })
            .await
        }
        Source::Live(url) => live(url, options).await,
    }
}

/// [`load`] stopped by `interrupt` (the app's cancel button) instead of Ctrl-C; scratch
/// databases are dropped either way.
pub async fn load_until(
    source: Source<'_>,
    server: &DatabaseUrl,
    options: &IntrospectOptions,
    interrupt: impl Future<Output = ()>,
) -> Result<Schema> {
    match source {
        Source::SchemaFile(path) => {
            with_scratch_until(server, interrupt, async |url: &DatabaseUrl| {
                schema_file_into(path, url, options).await
            })
            .await
        }
        Source::Revisions { project, target } => {
            with_scratch_until(server, interrupt, async |url: &DatabaseUrl| {
                revisions_into(project, target, url, options).await
            })
            .await
        }
        Source::Live(url) => {
            tokio::select! {
                schema = live(url, options) => schema,
                () = interrupt => Err(Error::Interrupted { during: format!("reading {}", url.masked()) }),
            }
        }
    }
}

/// Runs every statement of `path` on the (empty) database at `url`, then introspects it. A
/// failing statement is reported with the file, its line and number, its text and the
/// database's own message.
pub async fn schema_file_into(
    path: &Path,
    url: &DatabaseUrl,
    options: &IntrospectOptions,
) -> Result<Schema> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let statements = split_statements(&text, url.dialect(), 1).map_err(|e| Error::Script {
        path: path.to_path_buf(),
        line: e.line,
        message: e.message,
    })?;
    let mut db = connect(url, true).await?;
    for (i, statement) in statements.iter().enumerate() {
        if let Err(message) = db.execute(&statement.text).await {
            db.close().await;
            return Err(Error::SchemaFile {
                path: path.to_path_buf(),
                line: statement.line,
                statement: i + 1,
                text: statement.text.clone(),
                message: message.into(),
            });
        }
    }
    let schema = introspect(&mut db, options).await;
    db.close().await;
    schema
}

/// Applies `project`'s revisions up to `target` to the (empty) database at `url` with the
/// normal upgrade path, then introspects it without the project's bookkeeping tables.
pub async fn revisions_into(
    project: &Project,
    target: &str,
    url: &DatabaseUrl,
    options: &IntrospectOptions,
) -> Result<Schema> {
    if !project.revisions.is_empty() {
        let run = RunOptions {
            direction: Direction::Upgrade,
            target: crate::graph::Target::parse(target)?,
            allow_drift: false,
            lock_timeout: TIMEOUT,
            backup: false,
            cancel: None,
        };
        apply::run(project, url, &run, &|_| {}).await?;
    }
    let tables = project.tables();
    let mut options = options.clone();
    options
        .exclude_tables
        .extend([tables.revisions, tables.log]);
    let mut db = connect(url, true).await?;
    let schema = introspect(&mut db, &options).await;
    db.close().await;
    schema
}

/// Introspects a live database on a session set read-only where the dialect allows, so that
/// reading can never change it. A SQLite file that does not exist is an error, not created.
pub async fn live(url: &DatabaseUrl, options: &IntrospectOptions) -> Result<Schema> {
    url.require_database()?;
    let mut db = connect(url, false).await?;
    let read_only = match db.dialect() {
        Dialect::Sqlite => "PRAGMA query_only = ON",
        Dialect::Postgresql => "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        Dialect::Mysql => "SET SESSION TRANSACTION READ ONLY",
    };
    if let Err(e) = db.execute(read_only).await {
        db.close().await;
        return Err(Error::db("making the session read-only", e));
    }
    let schema = introspect(&mut db, options).await;
    db.close().await;
    schema
}

async fn connect(url: &DatabaseUrl, create_sqlite: bool) -> Result<Db> {
    Db::connect(
        url,
        ConnectOptions {
            create_sqlite,
            timeout: TIMEOUT,
        },
    )
    .await
}

/// The desktop shell runs these on tokio's multi-threaded runtime, which needs `Send` futures.
#[cfg(test)]
mod send_check {
    use super::*;

    fn is_send<T: Send>(_: &T) {}

    #[allow(dead_code)]
    fn loaders_are_send(project: &Project, url: &DatabaseUrl, options: &IntrospectOptions) {
        is_send(&load(Source::SchemaFile(Path::new("s.sql")), url, options));
        let target = "heads";
        is_send(&load(Source::Revisions { project, target }, url, options));
        is_send(&live(url, options));
        is_send(&with_scratch(url, async |u: &DatabaseUrl| {
            live(u, options).await
        }));
    }
}
