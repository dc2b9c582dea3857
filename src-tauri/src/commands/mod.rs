//! The commands the UI invokes, grouped by screen; each is an adapter from the bridge to the
//! engine.

pub mod app;
pub mod apply;
pub mod autogen;
pub mod databases;
pub mod dialogs;
pub mod profiles;
pub mod projects;
