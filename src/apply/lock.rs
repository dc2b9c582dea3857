//! The run-wide lock on servers: PostgreSQL's session advisory lock and MySQL's GET_LOCK, both
//! held by the session's one connection and released explicitly. SQLite locks per revision with
//! `BEGIN IMMEDIATE` instead (see `step`).

use super::progress::{Progress, ProgressFn};
use super::session::Session;
use crate::db::{DatabaseUrl, Tables};
use crate::error::{Error, Result};
use rand::Rng;
use std::time::{Duration, Instant};

/// Tries until `timeout`, with growing, jittered pauses so many waiting runners do not stampede.
pub async fn acquire(
    session: &mut Session,
    timeout: Duration,
    progress: ProgressFn<'_>,
) -> Result<()> {
    let Some(sql) = session.book().try_lock() else {
        return Ok(());
    };
    let started = Instant::now();
    let mut pause = Duration::from_millis(20);
    let mut told = false;
    loop {
        let got = session
            .db
            .fetch_value(&sql)
            .await
            .map_err(|e| Error::db("taking the migration lock", e))?;
        if got.as_deref() == Some("1") {
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
            });
            told = true;
        }
        let jitter = rand::thread_rng().gen_range(0..=pause.as_millis() as u64 / 2);
        tokio::time::sleep(pause + Duration::from_millis(jitter)).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

/// Releases the lock; errors are ignored because closing the connection frees it too.
pub async fn release(session: &mut Session) {
    if let Some(sql) = session.book().unlock() {
        let _ = session.db.fetch_value(&sql).await;
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
    let result = work(&mut session).await;
    release(&mut session).await;
    session.close().await;
    result
}
