//! The one-line-per-change summary printed by the CLI and written into a draft revision's
//! header: `+` adds, `-` drops, `~` changes, `?` rename proposals, destructive ones marked.

use crate::schema::change::{Change, ChangeKind as K, Diff};

pub fn summary(diff: &Diff) -> String {
    let mut lines: Vec<String> = diff.changes.iter().map(change_line).collect();
    for p in &diff.rename_proposals {
        lines.push(format!(
            "? rename proposal: {} -> {} (use --rename {})",
            p.object_from(),
            p.object_to(),
            p.argument()
        ));
    }
    for n in &diff.not_compared {
        lines.push(format!("! not compared: {} {}", n.count, n.kind));
    }
    lines.join("\n")
}

/// One change's summary line, as [`summary`] lists it.
pub fn change_line(change: &Change) -> String {
    {
        let (sign, noun) = match change.kind {
            K::AddTable => ("+", "table"),
            K::DropTable => ("-", "table"),
            K::RenameTable => ("~", "rename table"),
            K::RebuildTable => ("~", "rebuild table"),
            K::AddColumn => ("+", "column"),
            K::DropColumn => ("-", "column"),
            K::RenameColumn => ("~", "rename column"),
            K::AlterColumnType | K::AlterColumnNullability | K::AlterColumnDefault => {
                ("~", "column")
            }
            K::AlterColumnIdentity => ("~", "column identity"),
            K::AlterColumnGenerated => ("~", "generated column"),
            K::AddIndex => ("+", "index"),
            K::DropIndex => ("-", "index"),
            K::AddUnique => ("+", "unique"),
            K::DropUnique => ("-", "unique"),
            K::AddForeignKey => ("+", "foreign key"),
            K::DropForeignKey => ("-", "foreign key"),
            K::AddCheck => ("+", "check"),
            K::DropCheck => ("-", "check"),
            K::AlterPrimaryKey => ("~", "primary key"),
            K::CreateView => ("+", "view"),
            K::ReplaceView => ("~", "view"),
            K::DropView => ("-", "view"),
            K::CreateEnum => ("+", "enum"),
            K::DropEnum => ("-", "enum"),
            K::AddEnumValue | K::DropEnumValue => ("~", "enum"),
            K::CreateSequence => ("+", "sequence"),
            K::DropSequence => ("-", "sequence"),
            K::AlterSequence => ("~", "sequence"),
            K::AlterComment => ("~", "comment on"),
            K::CreateSchema => ("+", "schema"),
            K::DropSchema => ("-", "schema"),
        };
        let mut line = format!("{sign} {noun} {}", change.object);
        if !change.detail.is_empty() {
            line.push_str(&format!(" {}", change.detail));
        }
        if change.destructive {
            let why = match change.kind {
                K::DropTable | K::DropColumn => "drops data".to_string(),
                K::AlterColumnType => "narrowing".to_string(),
                _ => change.reason.clone().unwrap_or_default(),
            };
            line.push_str(&format!("  (DESTRUCTIVE: {why})"));
        }
        line
    }
}
