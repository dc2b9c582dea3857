//! What must go wrong safely: bad input refused with nothing changed, runs that fail part-way
//! (dirty marks and `resolve`), locks held by others, and concurrent or killed runners.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod concurrency;
mod dirty;
mod own_sql;
