//! The one path by which an Alembic project's own alembic runs, for the command line and the
//! app alike: find it, say which one runs and which database it will touch, hand the database
//! over in its environment, turn its "Running upgrade" lines into progress events and steps, and
//! afterwards re-read the state from `alembic_version` (or the new revision files from disk).

use super::connector::Connector;
use super::{Notice, Workspace};
use crate::alembic::{run_alembic, AlembicOutput, AlembicProject, Handoff};
use crate::apply::{Progress, ProgressFn, Report, StepResult};
use crate::db::DatabaseUrl;
use crate::error::{Direction, Result};
use std::collections::HashMap;
use std::sync::Mutex;

/// Whether the alembic command connects to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Touches {
    /// Offline work (`--sql`, `revision -m`, `merge`): the database, when one is named, is still
    /// handed over, since env.py files read the dialect from it.
    Nothing,
    Database,
}

/// The alembic to run with its environment, and the database it will touch.
pub(crate) struct Prepared<'a> {
    project: &'a AlembicProject,
    handoff: Handoff,
    /// Set when the command touches the database.
    pub url: Option<DatabaseUrl>,
}

impl Workspace {
    /// Finds the project's alembic and prepares its environment, telling the person which one
    /// runs (and, when it connects, which database it touches).
    pub(crate) fn prepare_alembic<'a>(
        &'a self,
        project: &'a AlembicProject,
        connector: &dyn Connector,
        touches: Touches,
    ) -> Result<Prepared<'a>> {
        let choice = match touches {
            Touches::Database => Some(self.database_choice(connector)?),
            Touches::Nothing => self.choose_database(connector).ok().flatten(),
        };
        let handoff = project.handoff(
            connector.alembic_command(),
            choice.as_ref().map(|(url, source)| (url, *source)),
            connector.alembic_env()?,
        )?;
        connector.notice(Notice::AlembicCommand {
            command: handoff.command.display(),
            found_by: handoff.command.found_by.clone(),
        });
        if touches == Touches::Database {
            if let Some(notice) = &handoff.notice {
                connector.notice(Notice::Handoff(notice.clone()));
            }
        }
        Ok(Prepared {
            project,
            handoff,
            url: choice
                .filter(|_| touches == Touches::Database)
                .map(|(url, _)| url),
        })
    }
}

impl Prepared<'_> {
    /// Runs `alembic ARGS…` with the prepared environment.
    pub async fn run(&self, args: &[String], progress: ProgressFn<'_>) -> Result<AlembicOutput> {
        run_alembic(
            &self.handoff.command,
            &self.project.ini,
            args,
            &self.handoff.env,
            progress,
        )
        .await
    }

    /// Runs a command that moves the database (`upgrade`, `downgrade`, `stamp`), forwarding its
    /// progress and collecting the revisions it ran; the current heads are then re-read from
    /// the version table.
    pub async fn run_moving(
        &self,
        direction: Direction,
        args: &[String],
        progress: ProgressFn<'_>,
        timeout: std::time::Duration,
    ) -> Result<Report> {
        let steps = Mutex::new(Vec::new());
        let messages = Mutex::new(HashMap::new());
        let forward = |event: Progress| {
            record(&event, &steps, &messages);
            progress(event);
        };
        self.run(args, &forward).await?;
        Ok(Report {
            direction,
            steps: steps.into_inner().unwrap_or_default(),
            backup: None,
            cancelled: false,
            current: self.current(timeout).await?,
        })
    }

    /// The current heads, re-read from the version table after alembic ran (empty when the
    /// command did not touch the database).
    pub async fn current(&self, timeout: std::time::Duration) -> Result<Vec<String>> {
        match &self.url {
            Some(url) => Ok(self.project.status(url, timeout).await?.current),
            None => Ok(Vec::new()),
        }
    }
}

/// A finished revision becomes a step, with the message its start line gave.
fn record(
    event: &Progress,
    steps: &Mutex<Vec<StepResult>>,
    messages: &Mutex<HashMap<String, String>>,
) {
    match event {
        Progress::RevisionStarted {
            revision, message, ..
        } => {
            if let Ok(mut m) = messages.lock() {
                m.insert(revision.clone(), message.clone());
            }
        }
        Progress::RevisionDone {
            revision,
            direction,
            duration_ms,
        } => {
            let message = messages
                .lock()
                .ok()
                .and_then(|m| m.get(revision).cloned())
                .unwrap_or_default();
            if let Ok(mut s) = steps.lock() {
                s.push(StepResult {
                    revision: revision.clone(),
                    message,
                    direction: *direction,
                    duration_ms: *duration_ms,
                });
            }
        }
        _ => {}
    }
}

/// Autogenerate's "Detected added column 'x.y'" log lines: what the draft will contain.
pub(crate) fn tell_detected(connector: &dyn Connector, output: &AlembicOutput) {
    for line in output.log.iter().filter(|l| l.contains("Detected ")) {
        connector.notice(Notice::Detected(line.clone()));
    }
}
