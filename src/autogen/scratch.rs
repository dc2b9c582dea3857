//! Scratch databases for autogenerate: somewhere to apply `schema.sql` or replay revisions and
//! read the result back, always removed afterwards.
//!
//! - SQLite: a temporary file (not memory: the replay connects by URL through `apply::run`, and
//!   an in-memory database is private to its connection).
//! - PostgreSQL and MariaDB/MySQL: a database `retort_scratch_<UTC yyyymmddHHMMSS>_<random>` on
//!   the server of the given URL (the project's `--url`, or a `--dev-url`).
//!
//! Removal: [`with_scratch`] drops the database after the work, whether it succeeded, failed or
//! was interrupted by Ctrl-C (it races the work with `tokio::signal::ctrl_c()`, so the first
//! Ctrl-C stops the work and the drop still runs). [`Scratch::drop_now`] drops explicitly;
//! dropping a [`Scratch`] without it (an early `?`, a panic) drops the database from a helper
//! thread, blocking briefly. Only a killed process (SIGKILL, power loss, a Ctrl-C outside
//! `with_scratch`) leaves a database behind: every creation first drops scratch databases whose
//! name says they are older than [`STALE_AFTER`] (younger ones may belong to a run in progress).

use crate::db::{ConnectOptions, DatabaseUrl, Db};
use crate::dialect::ErrorKind;
use crate::error::{ConnectFailure, Error, Result};
use crate::Dialect;
use chrono::{DateTime, NaiveDateTime, Utc};
use rand::Rng;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

pub const PREFIX: &str = "retort_scratch_";
/// Leftovers older than this are dropped by the next run on the same server.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);
const TIMEOUT: Duration = Duration::from_secs(30);
const STAMP: &str = "%Y%m%d%H%M%S";

/// One scratch database; see the module documentation for how it is removed.
pub struct Scratch {
    url: DatabaseUrl,
    name: String,
    place: Place,
    dropped: bool,
}

enum Place {
    /// The temporary folder holding the SQLite file.
    Folder(PathBuf),
    /// The server connection to create and drop through.
    Server(DatabaseUrl),
}

impl Scratch {
    /// Creates an empty scratch database beside `server` (its dialect and, for servers, its host
    /// and credentials), after dropping stale leftovers there.
    pub async fn create(server: &DatabaseUrl) -> Result<Scratch> {
        let name = scratch_name(Utc::now());
        match server {
            DatabaseUrl::Sqlite { .. } => {
                let base = std::env::temp_dir();
                clean_stale_folders(&base, Utc::now());
                let dir = base.join(&name);
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                Ok(Scratch {
                    url: DatabaseUrl::Sqlite {
                        path: Some(dir.join("scratch.db")),
                    },
                    name,
                    place: Place::Folder(dir),
                    dropped: false,
                })
            }
            DatabaseUrl::Server { dialect, url } => {
                let (mut db, admin) = connect_admin(server).await?;
                let _ = drop_stale(&mut db, *dialect, Utc::now()).await;
                let create = dialect.create_database(&name).unwrap_or_default();
                let created = db.execute(&create).await;
                db.close().await;
                if let Err(e) = created {
                    return Err(if e.kind == ErrorKind::Denied {
                        Error::ScratchDenied {
                            server: server.masked(),
                            message: e.message,
                        }
                    } else {
                        Error::db(format!("creating scratch database {name}"), e)
                    });
                }
                let mut scratch_url = url.clone();
                scratch_url.set_path(&format!("/{name}"));
                Ok(Scratch {
                    url: DatabaseUrl::Server {
                        dialect: *dialect,
                        url: scratch_url,
                    },
                    name,
                    place: Place::Server(admin),
                    dropped: false,
                })
            }
        }
    }

    /// Where to connect to the scratch database.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// `retort_scratch_…`: the database (or temporary folder) name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drops the scratch database now, closing other sessions on it (PostgreSQL).
    pub async fn drop_now(mut self) -> Result<()> {
        self.dropped = true;
        remove(&self.place, &self.name).await
    }
}

impl Drop for Scratch {
    /// The fallback when `drop_now` was not reached: removes the database from a thread with its
    /// own runtime, since `Drop` cannot await and may run inside another runtime.
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let place = match &self.place {
            Place::Folder(dir) => Place::Folder(dir.clone()),
            Place::Server(admin) => Place::Server(admin.clone()),
        };
        let name = self.name.clone();
        let worker = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                let _ = runtime.block_on(remove(&place, &name));
            }
        });
        let _ = worker.join();
    }
}

/// Runs `work` against a new scratch database and drops it afterwards, also when `work` fails
/// or Ctrl-C arrives first (then the result is [`Error::Interrupted`]).
///
/// Note: listening for Ctrl-C replaces the default "terminate" reaction for the rest of the
/// process, as tokio does; a CLI should exit when this returns `Interrupted`.
pub async fn with_scratch<T>(
    server: &DatabaseUrl,
    work: impl AsyncFnOnce(&DatabaseUrl) -> Result<T>,
) -> Result<T> {
    with_scratch_until(server, ctrl_c(), work).await
}

/// [`with_scratch`] with any interruption signal instead of Ctrl-C (the app's cancel button,
/// tests).
pub async fn with_scratch_until<T>(
    server: &DatabaseUrl,
    interrupt: impl Future<Output = ()>,
    work: impl AsyncFnOnce(&DatabaseUrl) -> Result<T>,
) -> Result<T> {
    let scratch = Scratch::create(server).await?;
    let result = tokio::select! {
        result = work(scratch.url()) => result,
        () = interrupt => Err(Error::Interrupted {
            during: format!("working in scratch database {}", scratch.name()),
        }),
    };
    let dropped = scratch.drop_now().await;
    let value = result?;
    dropped.map(|()| value)
}

/// Resolves on the first Ctrl-C; never, when the handler cannot be installed.
async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Drops the stale scratch databases on `server` (older than [`STALE_AFTER`] by their name) and
/// returns their names. SQLite: the stale temporary folders.
pub async fn clean_stale(server: &DatabaseUrl) -> Result<Vec<String>> {
    match server {
        DatabaseUrl::Sqlite { .. } => Ok(clean_stale_folders(&std::env::temp_dir(), Utc::now())),
        DatabaseUrl::Server { dialect, .. } => {
            let (mut db, _) = connect_admin(server).await?;
            let dropped = drop_stale(&mut db, *dialect, Utc::now()).await;
            db.close().await;
            dropped
        }
    }
}

/// `retort_scratch_20261102091500_1a2b3c4d` for a scratch made at `now`.
pub fn scratch_name(now: DateTime<Utc>) -> String {
    let random: u32 = rand::thread_rng().gen();
    format!("{PREFIX}{}_{random:08x}", now.format(STAMP))
}

/// When a scratch database was made, from its name; `None` for names not made by Retort.
pub fn created_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.split('_').next()?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

fn is_stale(name: &str, now: DateTime<Utc>) -> bool {
    created_at(name).is_some_and(|made| {
        now.signed_duration_since(made).to_std().unwrap_or_default() > STALE_AFTER
    })
}

async fn drop_stale(db: &mut Db, dialect: Dialect, now: DateTime<Utc>) -> Result<Vec<String>> {
    let list = dialect.databases_starting_with(PREFIX).unwrap_or_default();
    let rows = db
        .fetch(&list)
        .await
        .map_err(|e| Error::db("listing scratch databases", e))?;
    let mut dropped = Vec::new();
    for name in rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
    {
        // One that cannot be dropped (another user's) must not keep the rest.
        if is_stale(&name, now) && drop_database(db, dialect, &name).await.is_ok() {
            dropped.push(name);
        }
    }
    dropped.sort();
    Ok(dropped)
}

fn clean_stale_folders(base: &std::path::Path, now: DateTime<Utc>) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(base) else {
        return Vec::new();
    };
    let mut removed: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (is_stale(&name, now) && std::fs::remove_dir_all(e.path()).is_ok()).then_some(name)
        })
        .collect();
    removed.sort();
    removed
}

async fn remove(place: &Place, name: &str) -> Result<()> {
    match place {
        Place::Folder(dir) => match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(dir, e)),
            _ => Ok(()),
        },
        Place::Server(admin) => {
            let mut db = connect(admin).await?;
            let result = drop_database(&mut db, admin.dialect(), name).await;
            db.close().await;
            result
        }
    }
}

/// Tries the dialect's ways to drop it in turn; the last one's error is reported.
async fn drop_database(db: &mut Db, dialect: Dialect, name: &str) -> Result<()> {
    let mut outcome = Ok(());
    for sql in dialect.drop_database(name) {
        outcome = db.execute(&sql).await;
        if outcome.is_ok() {
            break;
        }
    }
    outcome.map_err(|e| Error::db(format!("dropping scratch database {name}"), e))
}

/// A connection for CREATE/DROP DATABASE: the URL's own database, or when that does not exist
/// (yet), PostgreSQL's `postgres` / MySQL's no-database session. Returns the URL it used.
async fn connect_admin(server: &DatabaseUrl) -> Result<(Db, DatabaseUrl)> {
    let DatabaseUrl::Server { dialect, url } = server else {
        return Err(Error::Invalid {
            message: "SQLite scratch databases need no server".into(),
        });
    };
    let with_path = |path: &str| {
        let mut u = url.clone();
        u.set_path(path);
        DatabaseUrl::Server {
            dialect: *dialect,
            url: u,
        }
    };
    let fallback = match dialect {
        Dialect::Postgresql => with_path("/postgres"),
        _ => with_path(""),
    };
    if *dialect != Dialect::Postgresql {
        return Ok((connect(&fallback).await?, fallback));
    }
    match connect(server).await {
        Ok(db) => Ok((db, server.clone())),
        Err(Error::Connect {
            failure: ConnectFailure::UnknownDatabase,
            ..
        }) => Ok((connect(&fallback).await?, fallback)),
        Err(e) => Err(e),
    }
}

async fn connect(url: &DatabaseUrl) -> Result<Db> {
    Db::connect(
        url,
        ConnectOptions {
            create_sqlite: true,
            timeout: TIMEOUT,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_carry_their_creation_time() {
        let made = Utc.with_ymd_and_hms(2026, 11, 2, 9, 15, 0).unwrap();
        let name = scratch_name(made);
        assert!(name.starts_with("retort_scratch_20261102091500_"), "{name}");
        assert_eq!(name.len(), "retort_scratch_20261102091500_".len() + 8);
        assert_eq!(created_at(&name), Some(made));
        assert!(!is_stale(&name, made + chrono::Duration::minutes(59)));
        assert!(is_stale(&name, made + chrono::Duration::minutes(61)));
        assert_eq!(created_at("retort_scratch_notatime_1"), None);
        assert_eq!(created_at("app"), None);
    }
}
