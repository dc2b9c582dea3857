//! Upgrade and downgrade: lock, read the state, refuse what must be refused (dirty, unknown
//! applied, drift), plan, back up SQLite, execute step by step, release. Also the online preview.

use super::backup::backup;
use super::lock;
use super::session::Session;
use super::stamp::stamp_target;
use super::state::DbState;
use super::step::{self, Outcome, Seen, StepContext};
use crate::database_url::DatabaseUrl;
use crate::dialect::{Actor, Book};
use crate::error::{Direction, Error, Result};
use crate::graph::Target;
use crate::plan::{self, Plan};
use crate::project::Project;
use crate::report::{Progress, ProgressFn, Report, RunFailure, StepResult};
use crate::Dialect;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub direction: Direction,
    /// Parsed at the edge (the command line, the app's command), never here.
    pub target: Target,
    /// Upgrade past revisions whose file changed after they were applied.
    pub allow_drift: bool,
    pub lock_timeout: Duration,
    /// SQLite: copy the file before changing it.
    pub backup: bool,
    /// Checked between revisions: set it to stop after the revision that is running.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// Runs the plan to `options.target`. A failure comes with the report of what ran before it.
pub async fn run(
    project: &Project,
    url: &DatabaseUrl,
    options: &RunOptions,
    progress: ProgressFn<'_>,
) -> Result<Report, RunFailure> {
    let mut report = Report::new(options.direction);
    let outcome = lock::locked(
        url,
        project.tables(),
        options.lock_timeout,
        progress,
        async |session: &mut Session| {
            run_locked(session, project, options, progress, &mut report).await
        },
    )
    .await;
    match outcome {
        Ok(()) => Ok(report),
        Err(error) => Err(RunFailure { report, error }),
    }
}

/// The last state read, and how many of the report's steps ran before that read.
type Known = Option<(DbState, usize)>;

/// Fills `report` as the steps run; on a failure, its `current` says where the steps that ran
/// left the database (computed from the last state read, not read again: the database may be
/// the thing that failed).
async fn run_locked(
    session: &mut Session,
    project: &Project,
    options: &RunOptions,
    progress: ProgressFn<'_>,
    report: &mut Report,
) -> Result<()> {
    let mut known = None;
    let result = run_steps(session, project, options, progress, report, &mut known).await;
    if let (Err(_), Some((state, from))) = (&result, &known) {
        report.current = heads_after(project, state, &report.steps[*from..]);
    }
    result
}

async fn run_steps(
    session: &mut Session,
    project: &Project,
    options: &RunOptions,
    progress: ProgressFn<'_>,
    report: &mut Report,
    known: &mut Known,
) -> Result<()> {
    let dialect = session.db.dialect();
    let mut backed_up = !options.backup;
    'plan: loop {
        // Under the run lock a claimed revision is never another live run's: its runner is gone
        // and the claim is dirty, reported at once.
        let state = session.read_state().await?;
        let planned = checked_plan(project, &state, options, dialect);
        let mut seen = Seen {
            tables: state.tables,
            data_version: state.data_version,
        };
        *known = Some((state, report.steps.len()));
        let plan = planned?;
        if plan.is_empty() {
            break;
        }
        if !backed_up {
            if let Some(path) = backup(session).await? {
                progress(Progress::BackupWritten { path: path.clone() });
                report.backup = Some(path);
            }
            backed_up = true;
        }
        let total = report.steps.len() + plan.steps.len();
        for step in &plan.steps {
            if options
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::SeqCst))
            {
                report.cancelled = true;
                break 'plan;
            }
            let cx = StepContext {
                index: report.steps.len() + 1,
                total,
                create_tables: seen.tables < 2,
                seen,
                progress,
            };
            match step::execute(session, step, &cx).await? {
                Outcome::Stale => continue 'plan,
                Outcome::Done { duration_ms } => {
                    report.steps.push(StepResult {
                        revision: step.revision.clone(),
                        message: step.message.clone(),
                        direction: step.direction,
                        duration_ms,
                    });
                    seen.tables = 2;
                }
            }
        }
        break;
    }
    // Re-read after changes (another runner may also have moved); a no-op keeps what it read.
    let current = match known {
        Some((state, from)) if report.steps.len() == *from => heads_after(project, state, &[]),
        _ => heads_after(project, &session.read_state().await?, &[]),
    };
    report.current = current;
    Ok(())
}

/// The heads of `state`'s applied set once `steps` ran on it.
fn heads_after(project: &Project, state: &DbState, steps: &[StepResult]) -> Vec<String> {
    let graph = &project.graph;
    let (mut applied, _) = graph.applied_mask(state.applied_ids());
    for step in steps {
        if let Some(i) = graph.index_of(&step.revision) {
            applied[i] = step.direction == Direction::Upgrade;
        }
    }
    graph.ids(&graph.current_heads(&applied))
}

/// The plan for this state, or the reason not to run: dirty, unknown applied, drift.
fn checked_plan(
    project: &Project,
    state: &DbState,
    options: &RunOptions,
    dialect: Dialect,
) -> Result<Plan> {
    if let Some(row) = state.in_progress() {
        return Err(Error::InProgress {
            revision: row.revision.clone(),
            direction: row.direction.unwrap_or(Direction::Upgrade),
            by: row.applied_by.clone(),
            since: row.applied_at.clone(),
        });
    }
    if let Some(row) = state.dirty() {
        return Err(DbState::dirty_error(row));
    }
    let graph = &project.graph;
    let (applied, unknown) = graph.applied_mask(state.applied_ids());
    if !unknown.is_empty() {
        return Err(Error::UnknownApplied {
            revisions: unknown,
            stamp: stamp_target(graph, &applied),
        });
    }
    let order = plan::order_for(graph, options.direction, &options.target, &applied)?;
    if options.direction == Direction::Upgrade && !options.allow_drift && !order.is_empty() {
        let needed = graph.requirements(&order);
        let drifted: Vec<String> = state
            .rows
            .iter()
            .filter_map(|row| {
                let i = graph.index_of(&row.revision)?;
                (needed[i] && project.revisions[i].checksum != row.checksum)
                    .then(|| row.revision.clone())
            })
            .collect();
        if !drifted.is_empty() {
            return Err(Error::Drift { revisions: drifted });
        }
    }
    plan::build(&project.revisions, &order, options.direction, dialect)
}

/// The exact SQL an upgrade or downgrade would run against this database now, without running it.
pub async fn preview(
    project: &Project,
    url: &DatabaseUrl,
    options: &RunOptions,
) -> Result<(Plan, String)> {
    let session = Session::open(url, project.tables(), false, options.lock_timeout).await?;
    let (state, actor, dialect, tables) = match session {
        Some(mut s) => {
            let state = super::status::read_with_liveness(&mut s).await;
            let actor = s.actor.clone();
            let dialect = s.db.dialect();
            let tables = s.tables.clone();
            s.close().await;
            (state?, actor, dialect, tables)
        }
        None => (
            DbState::default(),
            Actor::current(),
            url.dialect(),
            project.tables(),
        ),
    };
    let plan = checked_plan(project, &state, options, dialect)?;
    let book = Book {
        dialect,
        tables: &tables,
    };
    let sql = plan::render_sql(&plan, book, &actor, state.tables < 2);
    Ok((plan, sql))
}
