//! Keys, indexes and checks of one table. Constraints match by what they enforce, not by name
//! (SQLite's are often unnamed, and generated names differ between databases); indexes match by
//! name and are dropped and recreated when their definition changes.

use super::planned::Planned;
use crate::schema::expr::normalize_expr;
use crate::schema::model::{ForeignKey, Index, IndexKey, Table};
use crate::schema::op::Op;
use crate::Dialect;

pub(crate) fn diff_constraints(dialect: Dialect, old: &Table, new: &Table, ops: &mut Vec<Planned>) {
    let table = new.key();
    let pk_cols = |t: &Table| {
        t.primary_key
            .as_ref()
            .map(|p| p.columns.clone())
            .filter(|c| !c.is_empty())
    };
    if pk_cols(old) != pk_cols(new) {
        ops.push(Planned::new(Op::AlterPrimaryKey {
            table: table.clone(),
            from: old.primary_key.clone(),
            to: new.primary_key.clone(),
        }));
    }
    for unique in old
        .uniques
        .iter()
        .filter(|u| !new.uniques.iter().any(|n| n.columns == u.columns))
    {
        ops.push(Planned::new(Op::DropUnique {
            table: table.clone(),
            unique: unique.clone(),
        }));
    }
    for unique in new
        .uniques
        .iter()
        .filter(|u| !old.uniques.iter().any(|o| o.columns == u.columns))
    {
        ops.push(Planned::new(Op::AddUnique {
            table: table.clone(),
            unique: unique.clone(),
        }));
    }
    for index in &old.indexes {
        let same = new
            .indexes
            .iter()
            .any(|n| n.name == index.name && same_index(n, index));
        if !same {
            ops.push(Planned::new(Op::DropIndex {
                table: table.clone(),
                index: index.clone(),
            }));
        }
    }
    for index in &new.indexes {
        let same = old
            .indexes
            .iter()
            .any(|o| o.name == index.name && same_index(o, index));
        if !same {
            ops.push(Planned::new(Op::AddIndex {
                table: table.clone(),
                index: index.clone(),
            }));
        }
    }
    for fk in old
        .foreign_keys
        .iter()
        .filter(|f| !new.foreign_keys.iter().any(|n| same_fk(n, f)))
    {
        ops.push(Planned::new(Op::DropForeignKey {
            table: table.clone(),
            fk: fk.clone(),
        }));
    }
    for fk in new
        .foreign_keys
        .iter()
        .filter(|f| !old.foreign_keys.iter().any(|o| same_fk(o, f)))
    {
        ops.push(Planned::new(Op::AddForeignKey {
            table: table.clone(),
            fk: fk.clone(),
        }));
    }
    let check_text = |c: &crate::schema::model::Check| normalize_expr(&c.expression);
    for check in &old.checks {
        if !new
            .checks
            .iter()
            .any(|n| check_text(n) == check_text(check))
        {
            ops.push(Planned::new(Op::DropCheck {
                table: table.clone(),
                check: check.clone(),
            }));
        }
    }
    for check in &new.checks {
        if !old
            .checks
            .iter()
            .any(|o| check_text(o) == check_text(check))
        {
            ops.push(Planned::new(Op::AddCheck {
                table: table.clone(),
                check: check.clone(),
            }));
        }
    }
    if dialect != Dialect::Sqlite && old.comment != new.comment {
        ops.push(Planned::new(Op::TableComment {
            table,
            from: old.comment.clone(),
            to: new.comment.clone(),
        }));
    }
}

fn same_index(a: &Index, b: &Index) -> bool {
    let parts = |i: &Index| -> Vec<(String, bool)> {
        i.parts
            .iter()
            .map(|p| match &p.key {
                IndexKey::Column(c) => (format!("column:{c}"), p.descending),
                IndexKey::Expression(e) => (format!("expr:{}", normalize_expr(e)), p.descending),
            })
            .collect()
    };
    let predicate = |i: &Index| i.predicate.as_deref().map(normalize_expr);
    a.unique == b.unique && parts(a) == parts(b) && predicate(a) == predicate(b)
}

fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.ref_key() == b.ref_key()
        && a.ref_columns == b.ref_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
}
