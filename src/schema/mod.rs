//! The pure half of autogenerate: a neutral schema model, type normalization, the differ that
//! turns two schemas into ordered changes, and the per-dialect SQL renderers. No database
//! access here: introspection and the CLI feed it values.

#[allow(dead_code)] // until the differ uses it
mod expr;
mod model;
#[allow(dead_code)]
mod normalize;

#[cfg(test)]
mod tests_normalize;

pub use model::*;
pub use normalize::{normalize_default, normalize_type};
pub mod introspect;
pub mod load;
pub mod scratch;
