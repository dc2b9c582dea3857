//! Matching tables across the two schemas: created, dropped, renamed (only when asked), and
//! pairs handed to the per-table comparison. Rename guesses become proposals, never renames.

use super::planned::{Planned, Touched};
use super::rename::{renamed_table, Rename};
use super::table_pair;
use crate::schema::change::RenameProposal;
use crate::schema::model::{Schema, Table};
use crate::schema::normalize::normalize_type;
use crate::schema::op::Op;
use crate::Dialect;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn diff_tables(
    from: &Schema,
    to: &Schema,
    dialect: Dialect,
    renames: &[Rename],
    out: &mut Vec<Planned>,
    proposals: &mut Vec<RenameProposal>,
    touched: &mut Touched,
) {
    let from_map: BTreeMap<String, &Table> = from.tables.iter().map(|t| (t.key(), t)).collect();
    let to_map: BTreeMap<String, &Table> = to.tables.iter().map(|t| (t.key(), t)).collect();
    let mut matched_to = BTreeSet::new();
    let mut dropped = Vec::new();
    for (key, old) in &from_map {
        let new_key = renamed_table(renames, key);
        match to_map.get(&new_key) {
            Some(new) => {
                matched_to.insert(new_key.clone());
                if new_key != *key {
                    out.push(
                        Planned::new(Op::RenameTable {
                            from: key.clone(),
                            to: new_key.clone(),
                        })
                        .detail(format!("-> {new_key}")),
                    );
                    touched.push((key.clone(), None));
                }
                table_pair::diff_pair(
                    old, new, from, to, dialect, renames, out, proposals, touched,
                );
            }
            None => dropped.push(*old),
        }
    }
    let created: Vec<&Table> = to_map
        .iter()
        .filter(|(k, _)| !matched_to.contains(*k))
        .map(|(_, t)| *t)
        .collect();
    let dropped_keys: BTreeSet<String> = dropped.iter().map(|t| t.key()).collect();
    let created_keys: BTreeSet<String> = created.iter().map(|t| t.key()).collect();

    for old in &dropped {
        touched.push((old.key(), None));
        let twin = created.iter().find(|new| same_shape(dialect, old, new));
        let reason = match twin {
            Some(new) => {
                let proposal = RenameProposal {
                    table: None,
                    from: old.key(),
                    to: new.key(),
                };
                let text = format!(
                    "drops the table and its rows; if it was renamed, pass --rename {} to keep them",
                    proposal.argument()
                );
                proposals.push(proposal);
                text
            }
            None => "drops the table and its rows".to_string(),
        };
        let (table, split) = split_foreign_keys(dialect, old, &dropped_keys);
        for fk in split {
            out.push(Planned::new(Op::DropForeignKey {
                table: old.key(),
                fk,
            }));
        }
        out.push(Planned::new(Op::DropTable(table)).destructive(reason));
    }
    for new in &created {
        let (table, split) = split_foreign_keys(dialect, new, &created_keys);
        out.push(Planned::new(Op::CreateTable(table)));
        for fk in split {
            out.push(Planned::new(Op::AddForeignKey {
                table: new.key(),
                fk,
            }));
        }
    }
}

/// Foreign keys between tables created (or dropped) together become their own changes on the
/// dialects that can ALTER them, so no CREATE TABLE names a table that does not exist yet and
/// cycles work. SQLite resolves references lazily, so it keeps every key inline.
fn split_foreign_keys(
    dialect: Dialect,
    table: &Table,
    together: &BTreeSet<String>,
) -> (Table, Vec<crate::schema::model::ForeignKey>) {
    if dialect == Dialect::Sqlite {
        return (table.clone(), Vec::new());
    }
    let key = table.key();
    let mut kept = table.clone();
    let (split, inline): (Vec<_>, Vec<_>) = table
        .foreign_keys
        .iter()
        .cloned()
        .partition(|fk| fk.ref_key() != key && together.contains(&fk.ref_key()));
    kept.foreign_keys = inline;
    (kept, split)
}

/// Same column names and normalized types in the same order: a rename candidate.
fn same_shape(dialect: Dialect, a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| {
            x.name == y.name
                && normalize_type(dialect, &x.type_name) == normalize_type(dialect, &y.type_name)
        })
}
