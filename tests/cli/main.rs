//! The native project's commands doing their job, through the real `retort` binary on SQLite,
//! PostgreSQL and MariaDB: every verb and target form, offline scripts, progress, the connection
//! chain, the stairway up and down the demo and branchy projects, and profiles in the keyring.

#[path = "../common/mod.rs"]
mod common;

mod facade;
mod profiles;
mod smoke;
mod stairway;
mod verbs;
