//! PostgreSQL schemas other than `public` (those listed in `retort.toml`): created before the
//! first object that lives in one, dropped after the last object in one is gone. The model has
//! no schema objects of its own; a schema exists on a side when something on that side lives in it.

use crate::dialect::postgres::quote;
use crate::schema::change::{Change, ChangeKind};
use crate::schema::model::Schema;
use std::collections::BTreeSet;

fn used(schema: &Schema) -> BTreeSet<String> {
    let names = schema
        .tables
        .iter()
        .map(|t| &t.schema)
        .chain(schema.views.iter().map(|v| &v.schema))
        .chain(schema.enums.iter().map(|e| &e.schema))
        .chain(schema.sequences.iter().map(|s| &s.schema));
    names
        .flatten()
        .filter(|s| s.as_str() != "public")
        .cloned()
        .collect()
}

fn create(name: &str) -> String {
    format!("CREATE SCHEMA IF NOT EXISTS {}", quote(name))
}

fn drop(name: &str) -> String {
    format!("DROP SCHEMA IF EXISTS {}", quote(name))
}

/// (changes to run first, changes to run last).
pub(crate) fn diff_namespaces(from: &Schema, to: &Schema) -> (Vec<Change>, Vec<Change>) {
    let (before, after) = (used(from), used(to));
    let first = after
        .difference(&before)
        .map(|name| Change {
            kind: ChangeKind::CreateSchema,
            object: name.clone(),
            destructive: false,
            reason: None,
            detail: String::new(),
            upgrade: vec![create(name)],
            downgrade: vec![drop(name)],
        })
        .collect();
    let last = before
        .difference(&after)
        .map(|name| Change {
            kind: ChangeKind::DropSchema,
            object: name.clone(),
            destructive: false,
            reason: None,
            detail: String::new(),
            upgrade: vec![drop(name)],
            downgrade: vec![create(name)],
        })
        .collect();
    (first, last)
}
