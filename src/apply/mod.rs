//! Running plans against a database: the one orchestration path the CLI and the app share,
//! with the run-wide lock, the bookkeeping, progress events and the dirty mark.

mod backup;
mod lock;
mod progress;
mod resolve;
mod run;
mod session;
mod stamp;
mod state;
mod status;
mod step;

pub use progress::{Progress, ProgressFn};
pub use resolve::resolve;
pub use run::{preview, run, Report, RunOptions, StepResult};
pub use session::Session;
pub use stamp::stamp;
pub use state::{AppliedRow, DbState, LogRow, RowState};
pub use status::{activity, compute as compute_status, status, Status};
