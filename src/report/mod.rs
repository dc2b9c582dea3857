//! What the engine reports to every front end: a database's status, the rows it remembers, a
//! run's progress events and its result. Plain serializable data, apart from the code that
//! produces it (`apply`), so the CLI, the app and later reports read one set of types.

mod progress;
mod rows;
mod run;
mod status;

pub use progress::{Progress, ProgressFn};
pub use rows::{AppliedRow, LogRow, RowState};
pub use run::{Report, RunFailure, StepResult};
pub use status::Status;
