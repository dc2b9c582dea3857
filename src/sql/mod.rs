//! SQL text handling: turning a revision's upgrade/downgrade section into the individual
//! statements Retort sends to the database one at a time, dialect by dialect.

mod comment;
mod control;
mod destructive;
mod split;
mod tables;

pub use comment::{breaks_comment, comment_text};
pub use control::{changes_session, is_transaction_control};
pub use destructive::{destructive_lines, is_destructive};
pub use split::{split_statements, SplitError, Statement};
pub use tables::tables_named;
#[cfg(test)]
mod comment_fuzz_tests;
