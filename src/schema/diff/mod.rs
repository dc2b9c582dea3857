//! `diff`: two schema models in, ordered changes with upgrade and downgrade SQL out. The walk
//! is written once for all dialects; dialects differ only in what they can ALTER (SQLite
//! rebuilds) and in rendering.

mod constraints;
mod enums;
mod namespaces;
mod order;
mod planned;
mod rename;
mod sqlite_fold;
mod summary;
mod table_pair;
mod tables;
mod types;
mod views;

pub use rename::{validate_renames, Rename, RenameError};
pub use summary::{change_line, summary};

use crate::schema::change::{Change, Diff, RenameProposal};
use crate::schema::model::{NotCompared, Schema};
use crate::schema::render;
use crate::Dialect;
use planned::Touched;
use rename::follow_renames;
use std::collections::BTreeMap;

/// The changes that turn `from` into `to` on `dialect`. Renames that [`validate_renames`]
/// would reject are ignored (call it first to report them).
pub fn diff(from: &Schema, to: &Schema, dialect: Dialect, renames: &[Rename]) -> Diff {
    let renames: Vec<Rename> = renames
        .iter()
        .filter(|r| validate_renames(from, to, std::slice::from_ref(r)).is_ok())
        .cloned()
        .collect();
    let mut planned = Vec::new();
    let mut proposals: Vec<RenameProposal> = Vec::new();
    let mut touched = Touched::new();
    if dialect == Dialect::Postgresql {
        enums::diff_enums(from, to, &mut planned);
        enums::diff_sequences(from, to, &mut planned);
    }
    let followed = follow_renames(from, &renames);
    tables::diff_tables(
        &followed,
        to,
        dialect,
        &renames,
        &mut planned,
        &mut proposals,
        &mut touched,
    );
    views::diff_views(from, to, dialect, &touched, &mut planned);
    let planned = order::sort(planned, dialect);
    let (first, last) = if dialect == Dialect::Postgresql {
        namespaces::diff_namespaces(from, to)
    } else {
        (Vec::new(), Vec::new())
    };
    let changes: Vec<Change> = planned
        .into_iter()
        .map(|p| Change {
            kind: p.op.kind(),
            object: p.op.object(),
            destructive: p.destructive,
            reason: p.reason,
            detail: p.detail,
            upgrade: render::render_op(&p.op, dialect),
            downgrade: render::render_op(&p.op.inverse(), dialect),
        })
        .collect();
    let changes = first.into_iter().chain(changes).chain(last).collect();
    Diff {
        changes,
        rename_proposals: proposals,
        not_compared: merge_not_compared(from, to),
    }
}

/// Each kind once, with the larger count of the two sides and the names of both.
fn merge_not_compared(from: &Schema, to: &Schema) -> Vec<NotCompared> {
    let mut by_kind: BTreeMap<&str, NotCompared> = BTreeMap::new();
    for item in from.not_compared.iter().chain(&to.not_compared) {
        let entry = by_kind.entry(&item.kind).or_insert_with(|| NotCompared {
            kind: item.kind.clone(),
            count: 0,
            names: Vec::new(),
        });
        entry.count = entry.count.max(item.count);
        for name in &item.names {
            if !entry.names.contains(name) {
                entry.names.push(name.clone());
            }
        }
    }
    by_kind.into_values().collect()
}
