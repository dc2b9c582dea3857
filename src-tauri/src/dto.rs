//! The shapes the UI receives (and the one it sends) that are the shell's own; engine types
//! cross as they are. TypeScript definitions are generated from these (`cargo test -p
//! retort-app export_bindings`), so the two sides cannot drift apart unnoticed. Field names
//! stay snake_case, as on every type on the bridge (see `contract.rs`).

use retort::graph::Layout;
use retort::plan::Plan;
use retort::profile::Profile;
use retort::script::Header;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub store_path: String,
    pub demo_profile: String,
}

/// A profile as the settings screen sends it; the password, when given, goes to the keyring
/// (an empty one removes it) and is never sent back.
#[derive(Clone, Deserialize, TS)]
#[ts(export)]
pub struct ProfileInput {
    pub profile: Profile,
    #[serde(default)]
    pub password: Option<String>,
    /// The profile's previous name when it is renamed.
    #[serde(default)]
    pub previous_name: Option<String>,
}

/// Written by hand so that no log or panic message can ever show the password.
impl std::fmt::Debug for ProfileInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileInput")
            .field("profile", &self.profile)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("previous_name", &self.previous_name)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ProjectKind {
    Retort,
    Alembic,
}

/// A project with its graph laid out for drawing; `layout.rows[i].node` indexes `revisions`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectView {
    pub kind: ProjectKind,
    pub root: String,
    pub config_path: String,
    pub revisions: Vec<RevisionSummary>,
    pub layout: Layout,
    pub heads: Vec<String>,
    /// What the reader passed over or guessed (Alembic projects), for a notice.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RevisionSummary {
    pub id: String,
    pub parents: Vec<String>,
    pub message: String,
    pub created: Option<String>,
    /// Labels declared here.
    pub branch_labels: Vec<String>,
    /// Labels of the branch it belongs to (declared or inherited).
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    /// Tables it works on (a Retort revision's upgrade SQL; an Alembic module's `op` calls
    /// and executed SQL), for searching by table name.
    pub tables: Vec<String>,
    pub is_head: bool,
    pub is_branch_point: bool,
    pub is_merge: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RevisionDetails {
    pub header: Header,
    pub path: String,
    /// Retort revisions: the SQL of each section.
    pub upgrade_sql: Option<String>,
    pub downgrade_sql: Option<String>,
    pub checksum: Option<String>,
    pub transactional: bool,
    /// Alembic revisions: the module's Python source.
    pub source: Option<String>,
}

/// Everything an upgrade or downgrade would run, before it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PreviewView {
    pub plan: Plan,
    /// Every statement in order, bookkeeping included.
    pub sql: String,
    /// 1-based lines of `sql` where a statement that loses data starts.
    pub destructive_lines: Vec<usize>,
    /// The database the plan was made for (password masked).
    pub database: String,
}

/// A draft made by autogenerate, for review before it is saved as a revision.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AutogenView {
    pub diff: retort::schema::Diff,
    /// One line per change, destructive ones marked.
    pub summary: String,
    /// The draft's SQL, change by change, as the new revision file would hold it.
    pub upgrade: String,
    pub downgrade: String,
    /// The revision the draft revises (none for a project's first revision).
    pub revises: Vec<String>,
    /// What was compared, for the header.
    pub source: String,
    /// The draft's header comments.
    pub notes: Vec<String>,
}

/// The desired schema file of a project.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SchemaFileView {
    pub path: String,
    pub text: String,
}

/// A revision file that was written: its id and where.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WrittenRevision {
    pub revision: String,
    pub path: String,
    /// Alembic drafts: the module's Python source, for review and editing.
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::ProfileInput;

    #[test]
    fn a_profile_input_never_prints_its_password() {
        let input: ProfileInput = serde_json::from_value(serde_json::json!({
            "profile": {"name": "prod", "project": "/p", "dialect": "postgresql"},
            "password": "s3cret!#/?",
        }))
        .expect("a profile input");
        let shown = format!("{input:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}
