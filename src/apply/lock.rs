//! The run-wide lock on servers: PostgreSQL's session advisory lock and MySQL's GET_LOCK, both
//! held by the session's one connection and released explicitly. SQLite locks per revision with
//! `BEGIN IMMEDIATE` instead (see `step`).

use super::progress::{Progress, ProgressFn};
use super::session::Session;
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
