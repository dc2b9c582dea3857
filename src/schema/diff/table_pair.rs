//! One table present on both sides: column renames (asked for), drops, adds and per-aspect
//! alterations, then constraints; on SQLite, whatever ALTER cannot express folds into a rebuild.

use super::constraints::diff_constraints;
use super::planned::{Planned, Touched};
use super::rename::Rename;
use super::sqlite_fold::fold_for_sqlite;
use super::types::type_change_risk;
use crate::schema::change::RenameProposal;
use crate::schema::expr::normalize_expr;
use crate::schema::model::{Column, Identity, Schema, Table};
use crate::schema::normalize::{is_nextval, normalize_default, normalize_type};
use crate::schema::op::{Aspect, Op};
use crate::Dialect;

#[allow(clippy::too_many_arguments)]
pub(crate) fn diff_pair(
    old: &Table,
    new: &Table,
    from: &Schema,
    to: &Schema,
    dialect: Dialect,
    renames: &[Rename],
    out: &mut Vec<Planned>,
    proposals: &mut Vec<RenameProposal>,
    touched: &mut Touched,
) {
    let (old_key, key) = (old.key(), new.key());
    let mut current = old.clone();
    current.schema.clone_from(&new.schema);
    current.name.clone_from(&new.name);
    let mut ops = Vec::new();
    for rename in renames.iter().filter(|r| {
        r.table.as_deref() == Some(old_key.as_str()) || r.table.as_deref() == Some(key.as_str())
    }) {
        rename_column(&mut current, &rename.from, &rename.to);
        ops.push(
            Planned::new(Op::RenameColumn {
                table: key.clone(),
                from: rename.from.clone(),
                to: rename.to.clone(),
            })
            .detail(format!("-> {}", rename.to)),
        );
        touched.push((old_key.clone(), Some(rename.from.clone())));
    }

    let dropped: Vec<&Column> = current
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_none())
        .collect();
    let added: Vec<&Column> = new
        .columns
        .iter()
        .filter(|c| current.column(&c.name).is_none())
        .collect();
    for column in &added {
        let planned = Planned::new(Op::AddColumn {
            table: key.clone(),
            column: (*column).clone(),
        });
        // NOT NULL with nothing to fill existing rows with fails on a table that has rows.
        let unfillable = !column.nullable
            && column.default.is_none()
            && column.identity.is_none()
            && column.generated.is_none();
        ops.push(if unfillable {
            planned.destructive("NOT NULL without a default: fails if the table has rows; add a default, or fill the rows in the revision first")
        } else {
            planned
        });
    }
    let mut paired = Vec::new();
    for column in &dropped {
        let twin = added.iter().find(|a| {
            !paired.contains(&a.name)
                && normalize_type(dialect, &a.type_name)
                    == normalize_type(dialect, &column.type_name)
        });
        let reason = match twin {
            Some(a) => {
                paired.push(a.name.clone());
                let proposal = RenameProposal {
                    table: Some(key.clone()),
                    from: column.name.clone(),
                    to: a.name.clone(),
                };
                let text = format!(
                    "drops the column and its data; if it was renamed, pass --rename {} to keep it",
                    proposal.argument()
                );
                proposals.push(proposal);
                text
            }
            None => "drops the column and its data".into(),
        };
        ops.push(
            Planned::new(Op::DropColumn {
                table: key.clone(),
                column: (*column).clone(),
            })
            .destructive(reason),
        );
        touched.push((old_key.clone(), Some(column.name.clone())));
    }
    for column in &current.columns {
        if let Some(target) = new.column(&column.name) {
            let before = ops.len();
            alter_column(dialect, &key, column, target, &mut ops);
            let structural = ops[before..].iter().any(|p| {
                matches!(
                    p.op,
                    Op::AlterColumn {
                        aspect: Aspect::Type | Aspect::Generated,
                        ..
                    }
                )
            });
            if structural {
                touched.push((old_key.clone(), Some(column.name.clone())));
            }
        }
    }
    diff_constraints(dialect, &current, new, &mut ops);
    if dialect == Dialect::Sqlite {
        ops = fold_for_sqlite(&current, new, from, to, ops);
        if ops.iter().any(|p| matches!(p.op, Op::RebuildTable { .. })) {
            touched.push((old_key.clone(), None));
        }
    }
    out.extend(ops);
}

fn rename_column(table: &mut Table, from: &str, to: &str) {
    let swap = |names: &mut Vec<String>| {
        for name in names.iter_mut().filter(|n| *n == from) {
            *name = to.to_string();
        }
    };
    for column in table.columns.iter_mut().filter(|c| c.name == from) {
        column.name = to.to_string();
    }
    if let Some(pk) = &mut table.primary_key {
        swap(&mut pk.columns);
    }
    table.uniques.iter_mut().for_each(|u| swap(&mut u.columns));
    table
        .foreign_keys
        .iter_mut()
        .for_each(|f| swap(&mut f.columns));
    for part in table.indexes.iter_mut().flat_map(|i| i.parts.iter_mut()) {
        if let crate::schema::model::IndexKey::Column(name) = &mut part.key {
            if name == from {
                *name = to.to_string();
            }
        }
    }
}

/// Compares one column aspect at a time, chaining the intermediate column so each step's
/// `from` and `to` differ in that aspect only.
fn alter_column(dialect: Dialect, table: &str, old: &Column, new: &Column, ops: &mut Vec<Planned>) {
    let mut cur = old.clone();
    let step = |cur: &mut Column, next: Column, aspect: Aspect, ops: &mut Vec<Planned>| -> usize {
        ops.push(Planned::new(Op::AlterColumn {
            table: table.to_string(),
            from: cur.clone(),
            to: next.clone(),
            aspect,
        }));
        *cur = next;
        ops.len() - 1
    };
    let (ot, nt) = (compare_type(dialect, &cur), compare_type(dialect, new));
    if ot != nt {
        let mut next = cur.clone();
        next.type_name.clone_from(&new.type_name);
        next.normalized_type.clone_from(&new.normalized_type);
        let at = step(&mut cur, next, Aspect::Type, ops);
        let detail = format!("type {ot} -> {nt}");
        ops[at].detail = detail;
        if let Some(risk) = type_change_risk(dialect, &ot, &nt) {
            ops[at].destructive = true;
            ops[at].reason = Some(risk);
        }
    }
    let generated = |c: &Column| {
        c.generated
            .as_ref()
            .map(|g| (normalize_expr(&g.expression), g.stored))
    };
    if generated(&cur) != generated(new) {
        let mut next = cur.clone();
        next.generated.clone_from(&new.generated);
        let at = step(&mut cur, next, Aspect::Generated, ops);
        ops[at].reason = Some("the generated values are recomputed".into());
    }
    if cur.identity != new.identity {
        let mut next = cur.clone();
        next.identity = new.identity;
        next.default.clone_from(&new.default);
        step(&mut cur, next, Aspect::Identity, ops);
    }
    if cur.nullable != new.nullable {
        let mut next = cur.clone();
        next.nullable = new.nullable;
        let at = step(&mut cur, next, Aspect::Nullability, ops);
        if !new.nullable {
            ops[at].destructive = true;
            ops[at].reason =
                Some("SET NOT NULL fails if existing rows hold NULL (backfill them first)".into());
            ops[at].detail = "NOT NULL".into();
        } else {
            ops[at].detail = "NULL".into();
        }
    }
    if compare_default(dialect, &cur) != compare_default(dialect, new) {
        let mut next = cur.clone();
        next.default.clone_from(&new.default);
        let at = step(&mut cur, next, Aspect::Default, ops);
        ops[at].detail = format!(
            "default {} -> {}",
            cur_default_text(old),
            cur_default_text(new)
        );
    }
    if dialect != Dialect::Sqlite && cur.comment != new.comment {
        ops.push(Planned::new(Op::ColumnComment {
            table: table.to_string(),
            column: new.clone(),
            from: cur.comment.clone(),
            to: new.comment.clone(),
        }));
    }
}

fn cur_default_text(c: &Column) -> String {
    c.default.clone().unwrap_or_else(|| "none".into())
}

pub(crate) fn compare_type(dialect: Dialect, c: &Column) -> String {
    let source = if c.normalized_type.is_empty() {
        &c.type_name
    } else {
        &c.normalized_type
    };
    normalize_type(dialect, source)
}

/// A serial's `nextval(...)` default belongs to its identity, not to the default.
pub(crate) fn compare_default(dialect: Dialect, c: &Column) -> Option<String> {
    if c.identity.is_some()
        && (c.identity != Some(Identity::Serial) || is_nextval(c.default.as_deref()))
    {
        return None;
    }
    normalize_default(dialect, c.default.as_deref())
}
