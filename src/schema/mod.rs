//! The pure half of autogenerate: a neutral schema model, type normalization, the differ that
//! turns two schemas into ordered changes, and the per-dialect SQL renderers. No database
//! access here: introspection and the CLI feed it values. The database half sits in the public
//! submodules: `introspect` (catalogs into the model), `scratch` (temporary databases) and `load`
//! (schema.sql, replayed revisions or a live database, as a model).

mod change;
mod constraints;
mod diff;
mod enums;
mod expr;
mod model;
mod namespaces;
mod normalize;
mod op;
mod order;
mod rename;
mod render;
mod sqlite_fold;
mod summary;
mod table_pair;
mod tables;
mod types;
mod views;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests_diff;
#[cfg(test)]
mod tests_normalize;
#[cfg(test)]
mod tests_render;

pub use change::{Change, ChangeKind, Diff, RenameProposal};
pub use diff::diff;
pub use model::*;
pub use normalize::{normalize_default, normalize_type};
pub use rename::{validate_renames, Rename, RenameError};
pub use render::render_schema;
pub use summary::{change_line, summary};

pub mod introspect;
pub mod load;
pub mod scratch;
