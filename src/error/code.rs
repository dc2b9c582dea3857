//! Every error code Retort gives out, as one closed enum: the CLI prints it in `--json` errors,
//! the desktop app sends it to the UI (whose TypeScript switches on the generated union, so a
//! misspelt code fails to type-check). The codes are stable: scripts and the UI depend on them.
//! The desktop shell's own codes are here too, so that there is one list, not one per front end.

/// Declares the enum with each variant's wire name written once: serde (and so the generated
/// TypeScript) and [`ErrorCode::as_str`] both use it.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }
        }
    };
}

error_codes! {
    // The engine's codes ([`crate::Error::code`]).
    Io = "io",
    ConfigInvalid = "config_invalid",
    ProjectNotFound = "project_not_found",
    ScriptInvalid = "script_invalid",
    GraphDuplicateRevision = "graph_duplicate_revision",
    GraphUnknownParent = "graph_unknown_parent",
    GraphUnknownDependency = "graph_unknown_dependency",
    GraphDuplicateLabel = "graph_duplicate_label",
    GraphLabelClash = "graph_label_clash",
    GraphCycle = "graph_cycle",
    TargetUnknownRevision = "target_unknown_revision",
    TargetAmbiguous = "target_ambiguous",
    TargetUnknownLabel = "target_unknown_label",
    TargetMultipleHeads = "target_multiple_heads",
    TargetInvalid = "target_invalid",
    UrlInvalid = "url_invalid",
    ConnectUnreachable = "connect_unreachable",
    ConnectAuthentication = "connect_authentication",
    ConnectUnknownDatabase = "connect_unknown_database",
    ConnectFailed = "connect_failed",
    ConnectWrongServer = "connect_wrong_server",
    LockTimeout = "lock_timeout",
    StatementFailed = "statement_failed",
    DatabaseError = "database_error",
    ChecksumDrift = "checksum_drift",
    UnknownAppliedRevision = "unknown_applied_revision",
    DatabaseDirty = "database_dirty",
    NotDirty = "not_dirty",
    AlembicFailed = "alembic_failed",
    Invalid = "invalid",
    ScratchDenied = "scratch_denied",
    SchemaFileFailed = "schema_file_failed",
    Interrupted = "interrupted",
    SchemaDiffers = "schema_differs",
    KeyringUnavailable = "keyring_unavailable",
    RunInProgress = "run_in_progress",
    /// A Retort-only operation was asked of an Alembic project.
    AlembicProject = "alembic_project",
    /// An Alembic project's env.py has no offline mode, so there is no SQL preview.
    NoOfflineMode = "no_offline_mode",
    NoProfile = "no_profile",
    ProfileExists = "profile_exists",
    /// A protected profile's database name was not typed.
    ConfirmationRequired = "confirmation_required",
    // The desktop shell's own codes.
    /// The shell itself failed (Tauri).
    App = "app",
    /// The profiles file could not be read or written.
    ProfileStore = "profile_store",
    /// Another upgrade or downgrade is running in this app.
    Busy = "busy",
    /// The bridge to the shell failed; made by the UI, never sent by Rust.
    Ipc = "ipc",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// So that tests read `assert_eq!(err.code(), "graph_cycle")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_is_unique_and_serializes_as_its_name() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert_eq!(
                serde_json::to_value(code).expect("a code serializes"),
                serde_json::Value::String(code.as_str().into())
            );
            let back: ErrorCode =
                serde_json::from_value(serde_json::json!(code.as_str())).expect("and reads back");
            assert_eq!(back, *code);
        }
    }
}
