//! The shapes the UI receives (and the one it sends) that are the shell's own; engine types
//! cross as they are, re-exported here from the engine's facade. TypeScript definitions are
//! generated from both (`cargo test --workspace export_bindings`), so the two sides cannot drift
//! apart unnoticed.

use retort::workspace::Profile;
pub use retort::workspace::{
    AutogenView, PreviewView, ProjectKind, ProjectView, RevisionDetails, RevisionSummary,
    SchemaFileView, WrittenRevision,
};
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
