//! Retort's engine: projects, revision files, the revision graph, plans, and applying them to
//! SQLite, PostgreSQL and MariaDB/MySQL. The CLI and the desktop shell both call this API; nothing
//! here knows about Tauri.

pub mod alembic;
pub mod apply;
pub mod autogen;
pub mod connection;
pub mod database_url;
pub mod db;
pub mod dialect;
pub mod error;
mod files;
pub mod graph;
pub mod plan;
pub mod profile;
pub mod project;
pub mod report;
pub mod schema;
pub mod script;
pub mod sql;
pub mod workspace;

pub use dialect::Dialect;
pub use error::{Error, ErrorCode, Result};
