//! The run-wide lock: PostgreSQL's session advisory lock and MySQL's GET_LOCK, both held by the
//! session's one connection and released explicitly; for SQLite an OS lock on a file beside the
//! database (`<file>-retort-lock`), which the kernel frees when its process dies, even by kill -9.
//! Each SQLite revision still takes the database's own write lock with `BEGIN IMMEDIATE` (see
//! `step`); the file lock is what tells a live run from a dead one and keeps `resolve` and
//! `stamp` out while a run is live.

use super::lock_file::lock_file;
use super::session::Session;
use crate::database_url::DatabaseUrl;
use crate::dialect::Tables;
use crate::error::{Error, Result};
use crate::report::{Progress, ProgressFn, RowState};
use rand::Rng;
use std::fs::{OpenOptions, TryLockError};
use std::time::{Duration, Instant};

/// One try at the run lock: `Ok(true)` when this session now holds it.
async fn try_once(session: &mut Session) -> Result<bool> {
    if let Some(sql) = session.lock_book().try_lock() {
        let got = session
            .db
            .fetch_value(&sql)
            .await
            .map_err(|e| Error::db("taking the migration lock", e))?;
        return Ok(got.as_deref() == Some("1"));
    }
    let DatabaseUrl::Sqlite { path: Some(db), .. } = &session.url else {
        return Ok(true);
    };
    let path = lock_file(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => {
            session.run_lock = Some(file);
            Ok(true)
        }
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// Tries until `timeout`, with growing, jittered pauses so many waiting runners do not stampede.
pub async fn acquire(
    session: &mut Session,
    timeout: Duration,
    progress: ProgressFn<'_>,
) -> Result<()> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(20);
    let mut told = false;
    loop {
        if try_once(session).await? {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(Error::LockTimeout {
                database: session.url.masked(),
                seconds: timeout.as_secs(),
            });
        }
        if !told {
            progress(Progress::WaitingForLock {
                database: session.url.masked(),
                holder: holder(session).await,
            });
            told = true;
        }
        let jitter = rand::thread_rng().gen_range(0..=pause.as_millis() as u64 / 2);
        tokio::time::sleep(pause + Duration::from_millis(jitter)).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// What the run holding the lock is doing, when the database says: the revision it claimed
/// (statement by statement), by whom and since when.
async fn holder(session: &mut Session) -> Option<String> {
    let state = session.read_state().await.ok()?;
    let row = state.rows.iter().find(|r| r.state == RowState::Running)?;
    Some(format!(
        "{} of revision {} (at least {} statement(s) done), claimed by {} at {}",
        row.direction.unwrap_or(crate::error::Direction::Upgrade),
        row.revision,
        row.statement.unwrap_or(0),
        row.applied_by,
        row.applied_at
    ))
}

/// Releases the lock; errors are ignored because closing the connection (or the process
/// ending) frees it too.
pub async fn release(session: &mut Session) {
    if let Some(sql) = session.lock_book().unlock() {
        let _ = session.db.fetch_value(&sql).await;
    }
    if let Some(file) = session.run_lock.take() {
        let _ = file.unlock();
    }
}

/// Opens the database for writing, holds the run-wide lock while `work` runs, and always
/// releases it and closes the connection afterwards, whatever `work` returned.
pub async fn locked<T>(
    url: &DatabaseUrl,
    tables: Tables,
    timeout: Duration,
    progress: ProgressFn<'_>,
    work: impl AsyncFnOnce(&mut Session) -> Result<T>,
) -> Result<T> {
    let mut session = Session::open(url, tables, true, timeout)
        .await?
        .ok_or_else(|| Error::Invalid {
            message: format!("cannot open {url}"),
        })?;
    if let Err(e) = acquire(&mut session, timeout, progress).await {
        session.close().await;
        return Err(e);
    }
    let result = match binary_ids(&mut session).await {
        Ok(()) => work(&mut session).await,
        Err(e) => Err(e),
    };
    release(&mut session).await;
    session.close().await;
    result
}

/// MySQL: tables made before revision ids were compared byte for byte get binary id columns,
/// once, under the lock.
async fn binary_ids(session: &mut Session) -> Result<()> {
    let Some(sql) = session.book().count_folding_ids() else {
        return Ok(());
    };
    let count = super::state::fetch_i64(&mut session.db, &sql, "reading the catalog").await?;
    if count > 0 {
        for alter in session.book().binary_ids() {
            session
                .exec(&alter, "making revision ids case-sensitive")
                .await?;
        }
    }
    Ok(())
}
