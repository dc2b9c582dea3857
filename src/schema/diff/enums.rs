//! PostgreSQL enum types and free-standing sequences: created, dropped, values added in place,
//! or the type rebuilt when a value goes away or the order changes.

use super::planned::Planned;
use super::table_pair::compare_type;
use crate::schema::model::{Column, Enum, Schema};
use crate::schema::op::Op;
use crate::Dialect;
use std::collections::BTreeMap;

pub(crate) fn diff_enums(from: &Schema, to: &Schema, out: &mut Vec<Planned>) {
    let old: BTreeMap<String, &Enum> = from.enums.iter().map(|e| (e.key(), e)).collect();
    let new: BTreeMap<String, &Enum> = to.enums.iter().map(|e| (e.key(), e)).collect();
    for (key, e) in &old {
        if !new.contains_key(key) {
            out.push(Planned::new(Op::DropEnum((*e).clone())));
        }
    }
    for (key, e) in &new {
        match old.get(key) {
            None => out.push(Planned::new(Op::CreateEnum((*e).clone()))),
            Some(o) if o.values == e.values => {}
            Some(o) if is_subsequence(&o.values, &e.values) => {
                let added: Vec<&str> = e
                    .values
                    .iter()
                    .filter(|v| !o.values.contains(v))
                    .map(String::as_str)
                    .collect();
                out.push(
                    Planned::new(Op::AddEnumValues {
                        from: (*o).clone(),
                        to: (*e).clone(),
                        columns: columns_using(from, to, key),
                    })
                    .detail(format!("add {}", added.join(", ")))
                    .reason("the downgrade cannot remove values in place: it rebuilds the type"),
                );
            }
            Some(o) => {
                let removed: Vec<&str> = o
                    .values
                    .iter()
                    .filter(|v| !e.values.contains(v))
                    .map(String::as_str)
                    .collect();
                let planned = Planned::new(Op::RebuildEnum {
                    from: (*o).clone(),
                    to: (*e).clone(),
                    columns: columns_using(from, to, key),
                });
                out.push(if removed.is_empty() {
                    planned.reason("values reordered: PostgreSQL rebuilds the type").detail("reorder values")
                } else {
                    planned
                        .destructive(format!(
                            "removes {}: the type is rebuilt and the cast fails on rows holding a removed value (update them first)",
                            removed.join(", ")
                        ))
                        .detail(format!("drop {}", removed.join(", ")))
                });
            }
        }
    }
}

pub(crate) fn diff_sequences(from: &Schema, to: &Schema, out: &mut Vec<Planned>) {
    // Sequences owned by serial columns come and go with their columns.
    let free = |s: &Schema| -> BTreeMap<String, crate::schema::model::Sequence> {
        s.sequences
            .iter()
            .filter(|q| q.owned_by.is_none())
            .map(|q| (q.key(), q.clone()))
            .collect()
    };
    let (old, new) = (free(from), free(to));
    for (key, s) in &old {
        if !new.contains_key(key) {
            out.push(Planned::new(Op::DropSequence(s.clone())));
        }
    }
    for (key, s) in &new {
        match old.get(key) {
            None => out.push(Planned::new(Op::CreateSequence(s.clone()))),
            Some(o) if o != s => out.push(Planned::new(Op::AlterSequence {
                from: o.clone(),
                to: s.clone(),
            })),
            Some(_) => {}
        }
    }
}

fn is_subsequence(short: &[String], long: &[String]) -> bool {
    let mut it = long.iter();
    short.iter().all(|v| it.any(|w| w == v))
}

/// Columns that hold the enum when its rebuild runs, the same set in both directions: those of
/// that type on both sides or added with it, and those dropped later in the revision.
fn columns_using(from: &Schema, to: &Schema, key: &str) -> Vec<(String, Column)> {
    let uses = |c: &Column| compare_type(Dialect::Postgresql, c) == key.to_ascii_lowercase();
    let mut out = Vec::new();
    for table in &to.tables {
        let old_table = from.table(&table.key());
        for column in table.columns.iter().filter(|c| uses(c)) {
            let before = old_table.and_then(|t| t.column(&column.name));
            if before.is_none_or(uses) {
                out.push((table.key(), column.clone()));
            }
        }
    }
    for table in &from.tables {
        let new_table = to.table(&table.key());
        for column in table.columns.iter().filter(|c| uses(c)) {
            if new_table.and_then(|t| t.column(&column.name)).is_none() {
                out.push((table.key(), column.clone()));
            }
        }
    }
    out
}
