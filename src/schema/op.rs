//! The differ's internal vocabulary: one operation per change, carrying the objects it needs
//! to render itself. Every operation has an exact inverse, and the downgrade is rendered from
//! that inverse, so upgrade and downgrade cannot drift apart.

use super::change::ChangeKind;
use super::model::{
    Check, Column, Enum, ForeignKey, Index, PrimaryKey, Sequence, Table, Unique, View,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aspect {
    Type,
    Nullability,
    Default,
    Identity,
    Generated,
}

/// A table whose rows a SQLite rebuild must guard: it references the rebuilt table with an
/// ON DELETE action, which the implicit DELETE of `DROP TABLE` would run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GuardedChild {
    pub table: String,
    pub columns: Vec<String>,
    /// The columns pointing at the rebuilt table, restored on rows an action set to NULL.
    pub fk_columns: Vec<String>,
    /// The table's triggers: dropped while its rows are deleted by the DROP's actions and put
    /// back, so that neither the deletes nor the restoring inserts fire them.
    pub triggers: Vec<super::model::Trigger>,
}

// Ops are short-lived and few; boxing the large variants would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    CreateTable(Table),
    DropTable(Table),
    RenameTable {
        from: String,
        to: String,
    },
    /// SQLite only: `from` as it stands after renames, `to` the target; children guarded per side.
    RebuildTable {
        from: Table,
        to: Table,
        from_children: Vec<GuardedChild>,
        to_children: Vec<GuardedChild>,
        why: String,
    },
    AddColumn {
        table: String,
        column: Column,
    },
    DropColumn {
        table: String,
        column: Column,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// One aspect of one column; `from` and `to` differ only in that aspect (the differ chains
    /// intermediate columns), so a dialect that restates the whole column is still exact.
    AlterColumn {
        table: String,
        from: Column,
        to: Column,
        aspect: Aspect,
    },
    AddIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    AddUnique {
        table: String,
        unique: Unique,
    },
    DropUnique {
        table: String,
        unique: Unique,
    },
    AddForeignKey {
        table: String,
        fk: ForeignKey,
    },
    DropForeignKey {
        table: String,
        fk: ForeignKey,
    },
    AddCheck {
        table: String,
        check: Check,
    },
    DropCheck {
        table: String,
        check: Check,
    },
    AlterPrimaryKey {
        table: String,
        from: Option<PrimaryKey>,
        to: Option<PrimaryKey>,
    },
    CreateView(View),
    DropView(View),
    ReplaceView {
        from: View,
        to: View,
    },
    CreateEnum(Enum),
    DropEnum(Enum),
    /// Values only added (each placed where `to` has it): `ALTER TYPE … ADD VALUE`.
    AddEnumValues {
        from: Enum,
        to: Enum,
        /// The columns the downgrade's rebuild must recast.
        columns: Vec<(String, Column)>,
    },
    /// Values removed or reordered: the type is rebuilt and these `(table, column)`s recast.
    RebuildEnum {
        from: Enum,
        to: Enum,
        columns: Vec<(String, Column)>,
    },
    CreateSequence(Sequence),
    DropSequence(Sequence),
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    TableComment {
        table: String,
        from: Option<String>,
        to: Option<String>,
    },
    ColumnComment {
        table: String,
        column: Column,
        from: Option<String>,
        to: Option<String>,
    },
    ViewComment {
        view: String,
        from: Option<String>,
        to: Option<String>,
    },
}

impl Op {
    pub fn inverse(&self) -> Op {
        use Op::*;
        match self.clone() {
            CreateTable(t) => DropTable(t),
            DropTable(t) => CreateTable(t),
            RenameTable { from, to } => RenameTable { from: to, to: from },
            RebuildTable {
                from,
                to,
                from_children,
                to_children,
                why,
            } => RebuildTable {
                from: to,
                to: from,
                from_children: to_children,
                to_children: from_children,
                why,
            },
            AddColumn { table, column } => DropColumn { table, column },
            DropColumn { table, column } => AddColumn { table, column },
            RenameColumn { table, from, to } => RenameColumn {
                table,
                from: to,
                to: from,
            },
            AlterColumn {
                table,
                from,
                to,
                aspect,
            } => AlterColumn {
                table,
                from: to,
                to: from,
                aspect,
            },
            AddIndex { table, index } => DropIndex { table, index },
            DropIndex { table, index } => AddIndex { table, index },
            AddUnique { table, unique } => DropUnique { table, unique },
            DropUnique { table, unique } => AddUnique { table, unique },
            AddForeignKey { table, fk } => DropForeignKey { table, fk },
            DropForeignKey { table, fk } => AddForeignKey { table, fk },
            AddCheck { table, check } => DropCheck { table, check },
            DropCheck { table, check } => AddCheck { table, check },
            AlterPrimaryKey { table, from, to } => AlterPrimaryKey {
                table,
                from: to,
                to: from,
            },
            CreateView(v) => DropView(v),
            DropView(v) => CreateView(v),
            ReplaceView { from, to } => ReplaceView { from: to, to: from },
            CreateEnum(e) => DropEnum(e),
            DropEnum(e) => CreateEnum(e),
            // PostgreSQL cannot remove a value: the way back is a rebuild.
            AddEnumValues { from, to, columns } => RebuildEnum {
                from: to,
                to: from,
                columns,
            },
            RebuildEnum { from, to, columns } => RebuildEnum {
                from: to,
                to: from,
                columns,
            },
            CreateSequence(s) => DropSequence(s),
            DropSequence(s) => CreateSequence(s),
            AlterSequence { from, to } => AlterSequence { from: to, to: from },
            TableComment { table, from, to } => TableComment {
                table,
                from: to,
                to: from,
            },
            ColumnComment {
                table,
                column,
                from,
                to,
            } => ColumnComment {
                table,
                column,
                from: to,
                to: from,
            },
            ViewComment { view, from, to } => ViewComment {
                view,
                from: to,
                to: from,
            },
        }
    }

    pub fn kind(&self) -> ChangeKind {
        use ChangeKind as K;
        match self {
            Op::CreateTable(_) => K::AddTable,
            Op::DropTable(_) => K::DropTable,
            Op::RenameTable { .. } => K::RenameTable,
            Op::RebuildTable { .. } => K::RebuildTable,
            Op::AddColumn { .. } => K::AddColumn,
            Op::DropColumn { .. } => K::DropColumn,
            Op::RenameColumn { .. } => K::RenameColumn,
            Op::AlterColumn { aspect, .. } => match aspect {
                Aspect::Type => K::AlterColumnType,
                Aspect::Nullability => K::AlterColumnNullability,
                Aspect::Default => K::AlterColumnDefault,
                Aspect::Identity => K::AlterColumnIdentity,
                Aspect::Generated => K::AlterColumnGenerated,
            },
            Op::AddIndex { .. } => K::AddIndex,
            Op::DropIndex { .. } => K::DropIndex,
            Op::AddUnique { .. } => K::AddUnique,
            Op::DropUnique { .. } => K::DropUnique,
            Op::AddForeignKey { .. } => K::AddForeignKey,
            Op::DropForeignKey { .. } => K::DropForeignKey,
            Op::AddCheck { .. } => K::AddCheck,
            Op::DropCheck { .. } => K::DropCheck,
            Op::AlterPrimaryKey { .. } => K::AlterPrimaryKey,
            Op::CreateView(_) => K::CreateView,
            Op::DropView(_) => K::DropView,
            Op::ReplaceView { .. } => K::ReplaceView,
            Op::CreateEnum(_) => K::CreateEnum,
            Op::DropEnum(_) => K::DropEnum,
            Op::AddEnumValues { .. } => K::AddEnumValue,
            Op::RebuildEnum { .. } => K::DropEnumValue,
            Op::CreateSequence(_) => K::CreateSequence,
            Op::DropSequence(_) => K::DropSequence,
            Op::AlterSequence { .. } => K::AlterSequence,
            Op::TableComment { .. } | Op::ColumnComment { .. } | Op::ViewComment { .. } => {
                K::AlterComment
            }
        }
    }

    /// The object as the summary names it.
    pub fn object(&self) -> String {
        match self {
            Op::CreateTable(t) | Op::DropTable(t) => t.key(),
            Op::RenameTable { from, .. } => from.clone(),
            Op::RebuildTable { to, .. } => to.key(),
            Op::AddColumn { table, column } | Op::DropColumn { table, column } => {
                format!("{table}.{}", column.name)
            }
            Op::RenameColumn { table, from, .. } => format!("{table}.{from}"),
            Op::AlterColumn { table, to, .. } => format!("{table}.{}", to.name),
            Op::AddIndex { table, index } | Op::DropIndex { table, index } => {
                format!("{table}.{}", index.name)
            }
            Op::AddUnique { table, unique } | Op::DropUnique { table, unique } => {
                format!("{table}({})", unique.columns.join(", "))
            }
            Op::AddForeignKey { table, fk } | Op::DropForeignKey { table, fk } => {
                format!(
                    "{table}({}) -> {}({})",
                    fk.columns.join(", "),
                    fk.ref_key(),
                    fk.ref_columns.join(", ")
                )
            }
            Op::AddCheck { table, check } | Op::DropCheck { table, check } => {
                format!("{table} check ({})", check.expression)
            }
            Op::AlterPrimaryKey { table, .. } | Op::TableComment { table, .. } => table.clone(),
            Op::CreateView(v) | Op::DropView(v) => v.key(),
            Op::ReplaceView { to, .. } => to.key(),
            Op::CreateEnum(e) | Op::DropEnum(e) => e.key(),
            Op::AddEnumValues { to, .. } | Op::RebuildEnum { to, .. } => to.key(),
            Op::CreateSequence(s) | Op::DropSequence(s) => s.key(),
            Op::AlterSequence { to, .. } => to.key(),
            Op::ColumnComment { table, column, .. } => format!("{table}.{}", column.name),
            Op::ViewComment { view, .. } => view.clone(),
        }
    }
}
