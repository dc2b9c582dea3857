//! What the differ hands back: ordered changes as values (kind, object, destructive flag,
//! reason, upgrade and downgrade SQL), so the CLI can write a draft revision and the desktop
//! app can show them and let a person adjust them.

use super::model::NotCompared;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Diff {
    /// In upgrade order. The downgrade runs them backwards, each change's `downgrade`.
    pub changes: Vec<Change>,
    pub rename_proposals: Vec<RenameProposal>,
    /// Found on either side but not compared; merged by kind.
    pub not_compared: Vec<NotCompared>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Change {
    pub kind: ChangeKind,
    /// `users`, `users.email`, `users.users_email_idx`, `mood` …
    pub object: String,
    pub destructive: bool,
    /// Why it is destructive, why a rebuild, or what else a reviewer should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Short human detail for the summary, e.g. `varchar(100) -> varchar(50)`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub upgrade: Vec<String>,
    pub downgrade: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ChangeKind {
    AddTable,
    DropTable,
    RenameTable,
    RebuildTable,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumnType,
    AlterColumnNullability,
    AlterColumnDefault,
    AlterColumnIdentity,
    AlterColumnGenerated,
    AddIndex,
    DropIndex,
    AddUnique,
    DropUnique,
    AddForeignKey,
    DropForeignKey,
    AddCheck,
    DropCheck,
    AlterPrimaryKey,
    CreateView,
    ReplaceView,
    DropView,
    CreateEnum,
    DropEnum,
    AddEnumValue,
    /// Removing or reordering values: PostgreSQL cannot, so the type is rebuilt.
    DropEnumValue,
    CreateSequence,
    DropSequence,
    AlterSequence,
    AlterComment,
    /// PostgreSQL: a schema the new objects live in.
    CreateSchema,
    DropSchema,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RenameProposal {
    /// The table holding the columns; `None` when the proposal is a table rename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    pub from: String,
    pub to: String,
}

impl RenameProposal {
    /// The `--rename` argument that accepts this proposal.
    pub fn argument(&self) -> String {
        match &self.table {
            Some(table) => format!("{table}.{}={}", self.from, self.to),
            None => format!("{}={}", self.from, self.to),
        }
    }

    pub fn object_from(&self) -> String {
        match &self.table {
            Some(table) => format!("{table}.{}", self.from),
            None => self.from.clone(),
        }
    }

    pub fn object_to(&self) -> String {
        match &self.table {
            Some(table) => format!("{table}.{}", self.to),
            None => self.to.clone(),
        }
    }
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn has_destructive(&self) -> bool {
        self.changes.iter().any(|c| c.destructive)
    }

    /// Every upgrade statement, in order.
    pub fn upgrade_sql(&self) -> Vec<String> {
        self.changes
            .iter()
            .flat_map(|c| c.upgrade.iter().cloned())
            .collect()
    }

    /// Every downgrade statement: the changes backwards, each one's own downgrade in order.
    pub fn downgrade_sql(&self) -> Vec<String> {
        self.changes
            .iter()
            .rev()
            .flat_map(|c| c.downgrade.iter().cloned())
            .collect()
    }
}
