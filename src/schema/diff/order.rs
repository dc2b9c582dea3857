//! Statement order: every statement must be valid when it runs, in the upgrade and, run
//! backwards, in the downgrade. Changes go in phases (views and foreign keys come down first,
//! types exist before columns use them, tables exist before keys point at them, views go back
//! up last); within a phase, tables and views follow their dependencies.

use super::planned::Planned;
use super::views::depends_on;
use crate::schema::op::Op;
use crate::Dialect;

fn phase(op: &Op) -> u8 {
    match op {
        Op::DropView(_) => 0,
        Op::DropForeignKey { .. } => 1,
        Op::DropIndex { .. } | Op::DropUnique { .. } | Op::DropCheck { .. } => 2,
        Op::RenameTable { .. } => 3,
        Op::RenameColumn { .. } => 4,
        Op::CreateEnum(_)
        | Op::CreateSequence(_)
        | Op::AddEnumValues { .. }
        | Op::AlterSequence { .. } => 5,
        Op::CreateTable(_) => 6,
        Op::AddColumn { .. } => 7,
        Op::RebuildEnum { .. } => 8,
        Op::AlterColumn { .. } => 9,
        Op::RebuildTable { .. } => 10,
        Op::AlterPrimaryKey { .. } => 11,
        Op::DropColumn { .. } => 12,
        Op::DropTable(_) => 13,
        Op::DropEnum(_) | Op::DropSequence(_) => 14,
        Op::AddUnique { .. } | Op::AddIndex { .. } | Op::AddCheck { .. } => 15,
        Op::AddForeignKey { .. } => 16,
        Op::CreateView(_) | Op::ReplaceView { .. } => 17,
        Op::TableComment { .. } | Op::ColumnComment { .. } | Op::ViewComment { .. } => 18,
    }
}

pub(crate) fn sort(mut planned: Vec<Planned>, _dialect: Dialect) -> Vec<Planned> {
    planned.sort_by_key(|p| phase(&p.op));
    let mut out = Vec::with_capacity(planned.len());
    let mut rest = planned.into_iter().peekable();
    while let Some(first) = rest.next() {
        let ph = phase(&first.op);
        let mut group = vec![first];
        while rest.peek().is_some_and(|p| phase(&p.op) == ph) {
            group.extend(rest.next());
        }
        out.extend(match ph {
            6 | 17 => topological(group, false),
            0 | 13 => topological(group, true),
            _ => group,
        });
    }
    out
}

/// Whether `a` must exist before `b` (b reads or references a).
fn needs(b: &Op, a: &Op) -> bool {
    match (b, a) {
        (
            Op::CreateTable(child) | Op::DropTable(child),
            Op::CreateTable(parent) | Op::DropTable(parent),
        ) => {
            child.key() != parent.key()
                && child
                    .foreign_keys
                    .iter()
                    .any(|f| f.ref_key() == parent.key())
        }
        (Op::CreateView(v) | Op::DropView(v) | Op::ReplaceView { to: v, .. }, other) => {
            let key = match other {
                Op::CreateView(w) | Op::DropView(w) | Op::ReplaceView { to: w, .. } => w.key(),
                _ => return false,
            };
            v.key() != key && depends_on(v, &key, None)
        }
        _ => false,
    }
}

/// Dependencies first (or last when `reverse`), otherwise keeping the given (name) order; a
/// cycle falls back to that order, which SQLite's lazy references and split keys tolerate.
fn topological(group: Vec<Planned>, reverse: bool) -> Vec<Planned> {
    let mut pending = group;
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = (0..pending.len()).find(|&i| {
            !pending.iter().enumerate().any(|(j, other)| {
                j != i
                    && if reverse {
                        needs(&other.op, &pending[i].op)
                    } else {
                        needs(&pending[i].op, &other.op)
                    }
            })
        });
        out.push(pending.remove(ready.unwrap_or(0)));
    }
    out
}
