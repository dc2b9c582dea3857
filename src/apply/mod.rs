//! Running plans against a database: the one orchestration path the CLI and the app share,
//! with the run-wide lock, the bookkeeping, progress events and the dirty mark.

mod backup;
mod home;
mod lock;
mod lock_file;
mod pace;
mod resolve;
mod run;
mod session;
mod stamp;
mod state;
mod status;
mod step;

// The report types live in `crate::report`; offered here too, beside the verbs that make them.
pub use crate::report::{
    AppliedRow, LogRow, Progress, ProgressFn, Report, RowState, RunFailure, Status, StepResult,
};
pub use resolve::resolve;
pub use run::{preview, run, RunOptions};
pub use session::Session;
pub use stamp::stamp;
pub use state::DbState;
pub use status::{activity, compute as compute_status, status};

/// The desktop shell runs these on tokio's multi-threaded runtime, which needs `Send` futures.
#[cfg(test)]
mod send_check {
    use super::*;
    use crate::database_url::DatabaseUrl;
    use crate::project::Project;

    fn is_send<T: Send>(_: &T) {}

    #[allow(dead_code)]
    fn engine_futures_are_send(
        project: &Project,
        url: &DatabaseUrl,
        options: &RunOptions,
        progress: ProgressFn<'_>,
    ) {
        is_send(&run(project, url, options, progress));
        is_send(&preview(project, url, options));
        is_send(&status(project, url, options.lock_timeout));
        is_send(&stamp(
            project,
            url,
            &crate::graph::Target::Head,
            false,
            options.lock_timeout,
            progress,
        ));
        is_send(&resolve(
            project,
            url,
            "a",
            true,
            options.lock_timeout,
            progress,
        ));
    }
}
