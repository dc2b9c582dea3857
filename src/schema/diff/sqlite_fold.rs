//! SQLite's ALTER TABLE can add, drop and rename columns (with conditions) and nothing else.
//! Whatever it cannot express folds, for the whole table, into one rebuild following SQLite's
//! documented procedure (https://www.sqlite.org/lang_altertable.html section 7).

use super::planned::Planned;
use crate::schema::expr::{mentions_identifier, normalize_expr};
use crate::schema::model::{Column, FkAction, ForeignKey, Schema, Table};
use crate::schema::op::{GuardedChild, Op};

pub(crate) fn fold_for_sqlite(
    current: &Table,
    new: &Table,
    from: &Schema,
    to: &Schema,
    ops: Vec<Planned>,
) -> Vec<Planned> {
    let blockers: Vec<&Planned> = ops
        .iter()
        .filter(|p| !native(current, new, &p.op))
        .collect();
    if blockers.is_empty() {
        return ops;
    }
    let mut what: Vec<String> = blockers.iter().map(|p| describe(&p.op)).collect();
    what.dedup();
    let mut destructive: Vec<String> = ops
        .iter()
        .filter(|p| p.destructive)
        .filter_map(|p| p.reason.as_ref().map(|r| format!("{}: {r}", p.op.object())))
        .collect();
    destructive.dedup();
    let from_children = guarded_children(from, &current.key());
    let to_children = guarded_children(to, &new.key());
    let mut reason = format!(
        "SQLite cannot ALTER {}, so the table is rebuilt: rows copied to a temporary table, \
         the table dropped and created anew, rows copied back, indexes and triggers recreated. \
         This runs inside the revision's transaction, where PRAGMA foreign_keys does nothing, \
         so foreign keys stay on: their checks are deferred to the commit (PRAGMA \
         defer_foreign_keys) and checked with PRAGMA foreign_key_check",
        what.join(", ")
    );
    if !from_children.is_empty() || !to_children.is_empty() {
        let names: Vec<&str> = from_children.iter().map(|c| c.table.as_str()).collect();
        reason.push_str(&format!(
            "; rows of {} are saved and restored because the DROP runs their ON DELETE actions \
             (only one level deep)",
            if names.is_empty() {
                "referencing tables".to_string()
            } else {
                names.join(", ")
            }
        ));
    }
    if !destructive.is_empty() {
        reason.push_str(&format!("; DESTRUCTIVE: {}", destructive.join("; ")));
    }
    let mut kept: Vec<Planned> = ops
        .iter()
        .filter(|p| matches!(p.op, Op::RenameColumn { .. }))
        .cloned()
        .collect();
    kept.push(Planned {
        op: Op::RebuildTable {
            from: current.clone(),
            to: new.clone(),
            from_children,
            to_children,
            why: what.join(", "),
        },
        destructive: !destructive.is_empty(),
        reason: Some(reason),
        detail: format!("rebuild: {}", what.join(", ")),
    });
    kept
}

/// Whether SQLite's ALTER TABLE (or CREATE/DROP INDEX) expresses `op` on this table.
fn native(current: &Table, new: &Table, op: &Op) -> bool {
    match op {
        Op::RenameColumn { .. } | Op::AddIndex { .. } | Op::DropIndex { .. } => true,
        // Native only when the downgrade's inverse is native too.
        Op::AddColumn { column, .. } => can_add(new, column) && can_drop(new, column),
        Op::DropColumn { column, .. } => can_drop(current, column) && can_add(current, column),
        _ => false,
    }
}

/// ALTER TABLE ADD COLUMN's documented restrictions.
fn can_add(table: &Table, column: &Column) -> bool {
    let in_key = table
        .primary_key
        .as_ref()
        .is_some_and(|p| p.columns.contains(&column.name))
        || table
            .uniques
            .iter()
            .any(|u| u.columns.contains(&column.name))
        || table
            .foreign_keys
            .iter()
            .any(|f| f.columns.contains(&column.name));
    let default = column.default.as_deref().map(normalize_expr);
    let constant_default = default
        .as_deref()
        .is_none_or(|d| !d.contains('(') && !d.starts_with("current_"));
    let not_null_ok = column.nullable || default.as_deref().is_some_and(|d| d != "null");
    let generated_ok = column.generated.as_ref().is_none_or(|g| !g.stored);
    !in_key && constant_default && not_null_ok && generated_ok
}

/// ALTER TABLE DROP COLUMN's documented restrictions (indexes on it are dropped first, views
/// around it are dropped and recreated by the differ).
fn can_drop(table: &Table, column: &Column) -> bool {
    let name = &column.name;
    let in_key = table
        .primary_key
        .as_ref()
        .is_some_and(|p| p.columns.contains(name))
        || table.uniques.iter().any(|u| u.columns.contains(name))
        || table.foreign_keys.iter().any(|f| f.columns.contains(name));
    let used = table
        .checks
        .iter()
        .any(|c| mentions_identifier(&c.expression, name))
        || table
            .triggers
            .iter()
            .any(|t| mentions_identifier(&t.sql, name))
        || table
            .columns
            .iter()
            .filter_map(|c| c.generated.as_ref())
            .any(|g| mentions_identifier(&g.expression, name));
    !in_key && !used
}

fn describe(op: &Op) -> String {
    match op {
        Op::AddColumn { column, .. } => format!("ADD COLUMN {} as declared", column.name),
        Op::DropColumn { column, .. } => {
            format!("DROP COLUMN {} (a key or constraint uses it)", column.name)
        }
        other => format!("{:?}", other.kind())
            .chars()
            .fold(String::new(), |mut s, c| {
                if c.is_uppercase() && !s.is_empty() {
                    s.push(' ');
                }
                s.push(c.to_ascii_lowercase());
                s
            }),
    }
}

/// Tables whose rows DROP TABLE's implicit DELETE of `table` changes through ON DELETE actions:
/// those referencing it with an action, and, through every CASCADE, the tables referencing
/// those (a cascaded delete runs their actions in turn), parents before children. All of them
/// are saved and restored; one level was not enough: grandchildren rows were lost.
fn guarded_children(schema: &Schema, table: &str) -> Vec<GuardedChild> {
    let acts = |f: &&ForeignKey| {
        matches!(
            f.on_delete,
            FkAction::Cascade | FkAction::SetNull | FkAction::SetDefault
        )
    };
    // `deleting`: tables whose rows the DROP may delete; `order`: affected tables, BFS order.
    let mut deleting = vec![table.to_string()];
    let mut order: Vec<&Table> = Vec::new();
    let mut at = 0;
    while at < deleting.len() {
        let parent = deleting[at].clone();
        at += 1;
        for t in schema.tables.iter().filter(|t| t.key() != table) {
            let fks: Vec<&ForeignKey> = t
                .foreign_keys
                .iter()
                .filter(|f| f.ref_key() == parent)
                .filter(acts)
                .collect();
            if fks.is_empty() {
                continue;
            }
            if !order.iter().any(|o| o.key() == t.key()) {
                order.push(t);
            }
            let cascades = fks.iter().any(|f| f.on_delete == FkAction::Cascade);
            if cascades && !deleting.contains(&t.key()) {
                deleting.push(t.key());
            }
        }
    }
    let mut affected: Vec<String> = deleting;
    affected.extend(order.iter().map(|t| t.key()));
    order
        .into_iter()
        .map(|t| GuardedChild {
            table: t.key(),
            columns: t
                .columns
                .iter()
                .filter(|c| c.generated.is_none())
                .map(|c| c.name.clone())
                .collect(),
            fk_columns: t
                .foreign_keys
                .iter()
                .filter(|f| affected.contains(&f.ref_key()))
                .filter(acts)
                .flat_map(|f| f.columns.clone())
                .collect(),
            triggers: t.triggers.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::testkit::*;

    /// orders <- items (CASCADE) <- notes (CASCADE), items <- flags (SET NULL), orders <- log
    /// (no action): rebuilding orders guards items, notes and flags, parents first.
    #[test]
    fn guarded_children_follow_cascades_down() {
        let orders = with_pk(table("orders", vec![col("id", "INTEGER")]), &["id"]);
        let mut items = table(
            "items",
            vec![col("id", "INTEGER"), col("order_id", "INTEGER")],
        );
        items
            .foreign_keys
            .push(fk(&["order_id"], "orders", &["id"], FkAction::Cascade));
        let mut notes = table("notes", vec![col("item_id", "INTEGER")]);
        notes
            .foreign_keys
            .push(fk(&["item_id"], "items", &["id"], FkAction::Cascade));
        let mut flags = table("flags", vec![col("item_id", "INTEGER")]);
        flags
            .foreign_keys
            .push(fk(&["item_id"], "items", &["id"], FkAction::SetNull));
        let mut log = table("log", vec![col("order_id", "INTEGER")]);
        log.foreign_keys
            .push(fk(&["order_id"], "orders", &["id"], FkAction::NoAction));
        let s = schema(vec![orders, items, notes, flags, log]);
        let guarded = guarded_children(&s, "orders");
        let names: Vec<&str> = guarded.iter().map(|g| g.table.as_str()).collect();
        assert_eq!(names, ["items", "notes", "flags"]);
        assert_eq!(guarded[1].fk_columns, ["item_id"]);
    }
}
