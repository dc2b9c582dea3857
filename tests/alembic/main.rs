//! Existing Alembic projects, checked against the real alembic from PyPI (in a cached virtual
//! environment): Retort reading them natively, and acting on them through their own alembic.

#[path = "../common/mod.rs"]
mod common;

#[cfg(unix)]
mod act;
mod read;
