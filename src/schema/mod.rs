//! The pure half of autogenerate: a neutral schema model, type normalization, the vocabulary the
//! differ and the renderers share (`op`, `change`), the differ (`diff/`) that turns two schemas
//! into ordered changes, and the per-dialect SQL renderers (`render/`). No database access here
//! except `introspect` (catalogs into the model); loading a side (schema.sql, replayed revisions
//! or a live database) and scratch databases live with autogenerate in `crate::autogen`.

mod change;
mod diff;
mod expr;
mod model;
mod normalize;
mod op;
mod render;
mod schema_ddl;

#[cfg(test)]
mod diff_tests;
#[cfg(test)]
mod normalize_tests;
#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod testkit;

pub use change::{Change, ChangeKind, Diff, RenameProposal};
pub use diff::{change_line, diff, summary, validate_renames, Rename, RenameError};
pub use model::*;
pub use normalize::{normalize_default, normalize_type};
pub use schema_ddl::render_schema;

pub mod introspect;
