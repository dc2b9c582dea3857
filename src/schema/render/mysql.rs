//! MariaDB/MySQL statements: MODIFY COLUMN restates the whole column, indexes and keys are
//! dropped by their own names, views are replaced in place.

use super::ddl::{
    column_def, create_index, create_table, fk_clause, ident, idents, implied_name, name,
};
use crate::dialect::mysql::literal;
use crate::schema::op::{Aspect, Op};
use crate::Dialect::Mysql as D;

pub(super) fn render(op: &Op) -> Vec<String> {
    let alter = |table: &str, rest: String| format!("ALTER TABLE {} {rest}", name(D, table));
    match op {
        Op::CreateTable(t) => {
            let mut out = vec![create_table(D, t, &t.key())];
            out.extend(t.indexes.iter().map(|i| create_index(D, &t.key(), i)));
            out
        }
        Op::DropTable(t) => vec![format!("DROP TABLE {}", name(D, &t.key()))],
        Op::RenameTable { from, to } => {
            vec![format!("RENAME TABLE {} TO {}", name(D, from), name(D, to))]
        }
        Op::AddColumn { table, column } => vec![alter(
            table,
            format!("ADD COLUMN {}", column_def(D, column, false)),
        )],
        Op::DropColumn { table, column } => vec![alter(
            table,
            format!("DROP COLUMN {}", ident(D, &column.name)),
        )],
        Op::RenameColumn { table, from, to } => {
            vec![alter(
                table,
                format!("RENAME COLUMN {} TO {}", ident(D, from), ident(D, to)),
            )]
        }
        Op::AlterColumn {
            table,
            to,
            aspect: Aspect::Default,
            ..
        } => {
            let head = format!("ALTER COLUMN {}", ident(D, &to.name));
            vec![alter(
                table,
                match &to.default {
                    Some(d) => format!("{head} SET DEFAULT {d}"),
                    None => format!("{head} DROP DEFAULT"),
                },
            )]
        }
        Op::AlterColumn { table, to, .. }
        | Op::ColumnComment {
            table, column: to, ..
        } => {
            let mut column = to.clone();
            if let Op::ColumnComment { to: comment, .. } = op {
                column.comment.clone_from(comment);
            }
            vec![alter(
                table,
                format!("MODIFY COLUMN {}", column_def(D, &column, false)),
            )]
        }
        Op::AddIndex { table, index } => vec![create_index(D, table, index)],
        Op::DropIndex { table, index } => vec![format!(
            "DROP INDEX {} ON {}",
            ident(D, &index.name),
            name(D, table)
        )],
        Op::AddUnique { table, unique } => vec![alter(
            table,
            format!(
                "ADD {}UNIQUE ({})",
                constraint(&unique.name),
                idents(D, &unique.columns)
            ),
        )],
        Op::DropUnique { table, unique } => {
            let n = unique
                .name
                .clone()
                .unwrap_or_else(|| implied_name(D, table, &unique.columns, "key"));
            vec![alter(table, format!("DROP INDEX {}", ident(D, &n)))]
        }
        Op::AddForeignKey { table, fk } => vec![alter(table, format!("ADD {}", fk_clause(D, fk)))],
        Op::DropForeignKey { table, fk } => {
            let n = fk
                .name
                .clone()
                .unwrap_or_else(|| implied_name(D, table, &fk.columns, "fkey"));
            // InnoDB made an index for the key when no index could serve it, and dropping the
            // key leaves that index behind (introspection hides it only while the key exists):
            // drop it too. IF EXISTS: there is none when an index of the user served the key.
            vec![alter(
                table,
                format!(
                    "DROP FOREIGN KEY {}, DROP INDEX IF EXISTS {}",
                    ident(D, &n),
                    ident(D, &implicit_fk_index(table, &n, &fk.columns))
                ),
            )]
        }
        Op::AddCheck { table, check } => vec![alter(
            table,
            format!(
                "ADD {}CHECK ({})",
                constraint(&check.name),
                check.expression
            ),
        )],
        Op::DropCheck { table, check } => {
            let n = check
                .name
                .clone()
                .unwrap_or_else(|| implied_name(D, table, &[], "check"));
            vec![alter(table, format!("DROP CONSTRAINT {}", ident(D, &n)))]
        }
        Op::AlterPrimaryKey { table, from, to } => {
            let mut parts = Vec::new();
            if from.is_some() {
                parts.push("DROP PRIMARY KEY".to_string());
            }
            if let Some(pk) = to.as_ref().filter(|p| !p.columns.is_empty()) {
                parts.push(format!("ADD PRIMARY KEY ({})", idents(D, &pk.columns)));
            }
            vec![alter(table, parts.join(", "))]
        }
        Op::CreateView(v) => vec![format!(
            "CREATE VIEW {} AS {}",
            name(D, &v.key()),
            v.definition.trim()
        )],
        Op::DropView(v) => vec![format!("DROP VIEW {}", name(D, &v.key()))],
        Op::ReplaceView { to, .. } => vec![format!(
            "CREATE OR REPLACE VIEW {} AS {}",
            name(D, &to.key()),
            to.definition.trim()
        )],
        Op::TableComment { table, to, .. } => {
            vec![alter(
                table,
                format!("COMMENT = {}", literal(to.as_deref().unwrap_or(""))),
            )]
        }
        // SQLite-only rebuilds, PostgreSQL-only types and sequences.
        _ => Vec::new(),
    }
}

/// The name InnoDB gives the index it makes for a foreign key: the key's name when the key was
/// named, else (a generated `<table>_ibfk_<n>` name) the first column's.
fn implicit_fk_index(table: &str, fk_name: &str, columns: &[String]) -> String {
    let bare = table.rsplit('.').next().unwrap_or(table);
    let generated = fk_name
        .strip_prefix(bare)
        .and_then(|rest| rest.strip_prefix("_ibfk_"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match columns.first() {
        Some(first) if generated => first.clone(),
        _ => fk_name.to_string(),
    }
}

fn constraint(n: &Option<String>) -> String {
    n.as_ref()
        .map_or(String::new(), |n| format!("CONSTRAINT {} ", ident(D, n)))
}
