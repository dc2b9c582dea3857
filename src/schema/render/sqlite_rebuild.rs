//! SQLite's table rebuild, adapted to run inside the revision's transaction with foreign keys
//! on (PRAGMA foreign_keys is a no-op there). The documented order (create new, copy, drop old,
//! rename new) fails at commit when another table's rows reference the rebuilt one: the DROP's
//! implicit DELETE counts them as violations and the RENAME never clears the count. So the rows
//! go to a temporary copy, the table is dropped and created under its own name, and the rows
//! come back by INSERT, which settles the deferred count. Rows that the DROP's ON DELETE
//! actions would delete or null in referencing tables are saved and restored, with those
//! tables' triggers dropped meanwhile so that neither the deletes nor the restore fire them.

use super::ddl::{create_index, create_table, ident, idents, name};
use crate::schema::model::Table;
use crate::schema::op::GuardedChild;
use crate::Dialect::Sqlite as D;

pub(super) fn rebuild(from: &Table, to: &Table, children: &[GuardedChild]) -> Vec<String> {
    let table = to.key();
    let bare = to.name.as_str();
    let old = ident(D, &format!("_retort_old_{bare}"));
    let mut out = vec![
        "PRAGMA defer_foreign_keys = ON".to_string(),
        format!(
            "CREATE TEMP TABLE {old} AS SELECT * FROM {}",
            name(D, &table)
        ),
    ];
    for child in children {
        // The DROP's actions delete or change the child's rows: its triggers must not see that.
        for trigger in &child.triggers {
            out.push(format!("DROP TRIGGER {}", ident(D, &trigger.name)));
        }
        out.push(format!(
            "CREATE TEMP TABLE {} AS SELECT rowid AS \"_retort_rowid\", * FROM {}",
            keep(child),
            name(D, &child.table)
        ));
    }
    out.push(format!("DROP TABLE {}", name(D, &table)));
    out.push(create_table(D, to, &table));
    let common: Vec<String> = to
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .filter(|c| from.column(&c.name).is_some_and(|f| f.generated.is_none()))
        .map(|c| c.name.clone())
        .collect();
    if !common.is_empty() {
        let cols = idents(D, &common);
        out.push(format!(
            "INSERT INTO {} ({cols}) SELECT {cols} FROM {old}",
            name(D, &table)
        ));
    }
    out.push(format!("DROP TABLE {old}"));
    for child in children {
        let (target, saved) = (name(D, &child.table), keep(child));
        let fk = idents(D, &child.fk_columns);
        out.push(format!(
            "UPDATE {target} SET ({fk}) = (SELECT {fk} FROM {saved} AS k WHERE k.\"_retort_rowid\" = {target}.rowid) \
             WHERE rowid IN (SELECT \"_retort_rowid\" FROM {saved})"
        ));
        let cols = idents(D, &child.columns);
        out.push(format!(
            "INSERT INTO {target} ({cols}) SELECT {cols} FROM {saved} WHERE \"_retort_rowid\" NOT IN (SELECT rowid FROM {target})"
        ));
        out.push(format!("DROP TABLE {saved}"));
    }
    for child in children {
        out.extend(
            child
                .triggers
                .iter()
                .map(|t| t.sql.trim().trim_end_matches(';').to_string()),
        );
    }
    out.extend(to.indexes.iter().map(|i| create_index(D, &table, i)));
    out.extend(
        to.triggers
            .iter()
            .map(|t| t.sql.trim().trim_end_matches(';').to_string()),
    );
    out.push(format!("PRAGMA foreign_key_check({})", name(D, &table)));
    out
}

fn keep(child: &GuardedChild) -> String {
    ident(D, &format!("_retort_keep_{}", child.table))
}
