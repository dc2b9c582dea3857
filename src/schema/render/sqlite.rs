//! SQLite statements for what its ALTER TABLE can say; everything else arrives here already
//! folded into a table rebuild (see `sqlite_fold`).

use super::ddl::{column_def, create_index, create_table, ident, name};
use super::sqlite_rebuild::rebuild;
use crate::schema::op::Op;
use crate::Dialect::Sqlite as D;

pub(super) fn render(op: &Op) -> Vec<String> {
    match op {
        Op::CreateTable(t) => {
            let mut out = vec![create_table(D, t, &t.key())];
            out.extend(t.indexes.iter().map(|i| create_index(D, &t.key(), i)));
            out.extend(
                t.triggers
                    .iter()
                    .map(|tr| tr.sql.trim().trim_end_matches(';').to_string()),
            );
            out
        }
        Op::DropTable(t) => vec![format!("DROP TABLE {}", name(D, &t.key()))],
        Op::RenameTable { from, to } => vec![format!(
            "ALTER TABLE {} RENAME TO {}",
            name(D, from),
            name(D, to)
        )],
        Op::RebuildTable {
            from,
            to,
            from_children,
            ..
        } => rebuild(from, to, from_children),
        Op::AddColumn { table, column } => {
            vec![format!(
                "ALTER TABLE {} ADD COLUMN {}",
                name(D, table),
                column_def(D, column, false)
            )]
        }
        Op::DropColumn { table, column } => {
            vec![format!(
                "ALTER TABLE {} DROP COLUMN {}",
                name(D, table),
                ident(D, &column.name)
            )]
        }
        Op::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            name(D, table),
            ident(D, from),
            ident(D, to)
        )],
        Op::AddIndex { table, index } => vec![create_index(D, table, index)],
        Op::DropIndex { index, .. } => vec![format!("DROP INDEX {}", ident(D, &index.name))],
        Op::CreateView(v) => vec![format!(
            "CREATE VIEW {} AS {}",
            name(D, &v.key()),
            v.definition.trim()
        )],
        Op::DropView(v) => vec![format!("DROP VIEW {}", name(D, &v.key()))],
        Op::ReplaceView { to, .. } => vec![
            format!("DROP VIEW {}", name(D, &to.key())),
            format!(
                "CREATE VIEW {} AS {}",
                name(D, &to.key()),
                to.definition.trim()
            ),
        ],
        // Folded into a rebuild, or not a SQLite concept (comments, enums, sequences).
        _ => Vec::new(),
    }
}
