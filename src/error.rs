//! One typed error for the whole engine, with a stable `code()` the CLI and the UI switch on.
//! Variants carry the revision, the statement and the database's own message, never a password.

mod code;

pub use code::ErrorCode;

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which way a revision was being applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Direction {
    Upgrade,
    Downgrade,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a connection could not be made; each has its own one-line message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectFailure {
    Unreachable,
    Authentication,
    UnknownDatabase,
    Other,
    /// Something answered on the port, but not in the dialect's protocol.
    WrongServer,
}

fn join_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error("no retort.toml found in {} or any parent folder (run `retort init DIR`, or pass -c PATH)", start.display())]
    ProjectNotFound { start: PathBuf },

    #[error("{}:{line}: {message}", path.display())]
    Script {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("revision {id} is defined more than once: {}", join_paths(paths))]
    DuplicateRevision { id: String, paths: Vec<PathBuf> },

    #[error("{}: revision {id} has down_revision {parent}, which no file defines", path.display())]
    UnknownParent {
        id: String,
        parent: String,
        path: PathBuf,
    },

    #[error("{}: revision {id} depends_on {dependency}, which no revision or branch label names", path.display())]
    UnknownDependency {
        id: String,
        dependency: String,
        path: PathBuf,
    },

    #[error(
        "branch label {label:?} is used by more than one revision: {}",
        join_paths(paths)
    )]
    DuplicateLabel { label: String, paths: Vec<PathBuf> },

    #[error("{}: branch label {label:?} is already the id of the revision in {}", path.display(), revision_path.display())]
    LabelClash {
        label: String,
        path: PathBuf,
        revision_path: PathBuf,
    },

    #[error("the revisions form a cycle: {}", cycle_text(revisions))]
    Cycle { revisions: Vec<(String, PathBuf)> },

    #[error("no revision matches {argument:?}")]
    UnknownRevision { argument: String },

    #[error("{argument:?} is ambiguous: it matches {}", candidates.join(", "))]
    AmbiguousRevision {
        argument: String,
        candidates: Vec<String>,
    },

    #[error("no branch label {label:?} (in {argument:?})")]
    UnknownLabel { label: String, argument: String },

    #[error("{argument:?} is ambiguous: there are several heads ({}); name one (or a branch label: label@head, label@-1), use `heads` to upgrade them all, or join them with `retort merge`", heads.join(", "))]
    MultipleHeads {
        argument: String,
        heads: Vec<String>,
    },

    #[error("{argument:?}: {message}")]
    BadTarget { argument: String, message: String },

    #[error("{message}")]
    Url { message: String },

    #[error("{message}")]
    Connect {
        failure: ConnectFailure,
        message: String,
    },

    #[error("another retort run holds the migration lock on {database}; gave up after {seconds} s (raise --lock-timeout, or look for a stuck runner)")]
    LockTimeout { database: String, seconds: u64 },

    #[error("{direction} of revision {revision} failed at statement {statement} of {total} ({}:{line}): {message}", path.display())]
    Statement {
        revision: String,
        direction: Direction,
        statement: usize,
        total: usize,
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("{context}: {message}")]
    Database { context: String, message: String },

    #[error("revision {} changed after it was applied (checksum drift); restore the file, or pass --allow-drift", revisions.join(", "))]
    Drift { revisions: Vec<String> },

    #[error("the database has applied revision(s) that no file defines: {} (someone else's branch, or a deleted file); restore the files, or rewrite the record with `retort stamp --purge {stamp}` (if that is where the schema really is)", revisions.join(", "))]
    UnknownApplied {
        revisions: Vec<String>,
        /// The stamp target that keeps the known applied revisions: their head, or `base`.
        stamp: String,
    },

    #[error("the database is dirty: {direction} of revision {revision} did not finish: {reached}; fix the database by hand, then run `retort resolve {revision} --applied` or `--rolled-back`")]
    Dirty {
        revision: String,
        direction: Direction,
        /// As recorded: the failed statement, or for a claim whose runner died the last completed.
        statement: i64,
        /// "statements 1–2 completed; statement 3 failed" (or "was running when ...").
        reached: String,
    },

    #[error("revision {revision} is not marked dirty; nothing to resolve")]
    NotDirty { revision: String },

    #[error("{command} failed{}:\n{tail}", revision.as_ref().map(|r| format!(" in revision {r}")).unwrap_or_default())]
    Alembic {
        command: String,
        revision: Option<String>,
        /// The last lines alembic printed: the traceback's tail.
        tail: String,
    },

    #[error("{message}")]
    Invalid { message: String },

    #[error("cannot create a scratch database on {server}: {message} (autogenerate builds schemas in a temporary database; pass --dev-url with a server where this user may create databases)")]
    ScratchDenied { server: String, message: String },

    #[error("{}:{line}: statement {statement} failed: {message}\n  {}", path.display(), excerpt(text))]
    SchemaFile {
        path: PathBuf,
        line: usize,
        /// 1-based position of the statement in the file.
        statement: usize,
        text: String,
        message: String,
    },

    #[error("interrupted (Ctrl-C) while {during}")]
    Interrupted { during: String },

    #[error("the keyring holds no password for profile {profile}, or cannot be used: {message}")]
    Keyring { profile: String, message: String },

    #[error("{count} change(s) between {from} and {to}")]
    SchemaDiffers {
        from: String,
        to: String,
        count: usize,
    },

    /// A target or history range that is not well formed: a usage error (exit 2), where
    /// [`Error::BadTarget`] is a well-formed one the graph cannot satisfy.
    #[error("{argument:?}: {message}")]
    TargetSyntax { argument: String, message: String },

    #[error("{} is an Alembic project: retort reads it, and runs its alembic for upgrade, downgrade, stamp, revision, merge and check; {operation} is for Retort projects", config.display())]
    AlembicProject {
        config: PathBuf,
        /// What was asked that only a Retort project does (`resolve`, a draft from schema.sql).
        operation: String,
    },

    #[error("{} has no offline mode (it never calls context.is_offline_mode()), so alembic cannot print the SQL without running it; add Alembic's run_migrations_offline() to env.py, or run without --sql", env_py.display())]
    NoOfflineMode { env_py: PathBuf },

    #[error("no profile named {name:?} in {} (profiles: {})", store.display(), profile_list(known))]
    NoProfile {
        name: String,
        store: PathBuf,
        known: Vec<String>,
    },

    #[error("a profile named {name:?} exists already")]
    ProfileExists { name: String },

    #[error("{profile} is protected: type the database name ({database}) to apply")]
    ConfirmationRequired { profile: String, database: String },

    #[error("{direction} of revision {revision} is in progress: a live run ({by}, since {since}) holds the migration lock; wait for it to finish")]
    InProgress {
        revision: String,
        direction: Direction,
        by: String,
        since: String,
    },
}

/// A statement's first line, shortened, for a one-line error.
fn excerpt(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    let mut short: String = first.chars().take(100).collect();
    if short.len() < first.len() || text.lines().nth(1).is_some() {
        short.push_str(" …");
    }
    short
}

/// The profiles a store holds, for the error naming one it lacks.
fn profile_list(known: &[String]) -> String {
    if known.is_empty() {
        "none yet; add them in the Retort app".to_string()
    } else {
        known.join(", ")
    }
}

fn cycle_text(revisions: &[(String, PathBuf)]) -> String {
    revisions
        .iter()
        .map(|(id, path)| format!("{id} ({})", path.display()))
        .collect::<Vec<_>>()
        .join(" -> ")
}

impl Error {
    /// A stable, machine-readable code: the UI and scripts switch on this, never on the text.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Io { .. } => ErrorCode::Io,
            Error::Config { .. } => ErrorCode::ConfigInvalid,
            Error::ProjectNotFound { .. } => ErrorCode::ProjectNotFound,
            Error::Script { .. } => ErrorCode::ScriptInvalid,
            Error::DuplicateRevision { .. } => ErrorCode::GraphDuplicateRevision,
            Error::UnknownParent { .. } => ErrorCode::GraphUnknownParent,
            Error::UnknownDependency { .. } => ErrorCode::GraphUnknownDependency,
            Error::DuplicateLabel { .. } => ErrorCode::GraphDuplicateLabel,
            Error::LabelClash { .. } => ErrorCode::GraphLabelClash,
            Error::Cycle { .. } => ErrorCode::GraphCycle,
            Error::UnknownRevision { .. } => ErrorCode::TargetUnknownRevision,
            Error::AmbiguousRevision { .. } => ErrorCode::TargetAmbiguous,
            Error::UnknownLabel { .. } => ErrorCode::TargetUnknownLabel,
            Error::MultipleHeads { .. } => ErrorCode::TargetMultipleHeads,
            Error::BadTarget { .. } => ErrorCode::TargetInvalid,
            Error::Url { .. } => ErrorCode::UrlInvalid,
            Error::Connect { failure, .. } => match failure {
                ConnectFailure::Unreachable => ErrorCode::ConnectUnreachable,
                ConnectFailure::Authentication => ErrorCode::ConnectAuthentication,
                ConnectFailure::UnknownDatabase => ErrorCode::ConnectUnknownDatabase,
                ConnectFailure::Other => ErrorCode::ConnectFailed,
                ConnectFailure::WrongServer => ErrorCode::ConnectWrongServer,
            },
            Error::LockTimeout { .. } => ErrorCode::LockTimeout,
            Error::Statement { .. } => ErrorCode::StatementFailed,
            Error::Database { .. } => ErrorCode::DatabaseError,
            Error::Drift { .. } => ErrorCode::ChecksumDrift,
            Error::UnknownApplied { .. } => ErrorCode::UnknownAppliedRevision,
            Error::Dirty { .. } => ErrorCode::DatabaseDirty,
            Error::NotDirty { .. } => ErrorCode::NotDirty,
            Error::Alembic { .. } => ErrorCode::AlembicFailed,
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::ScratchDenied { .. } => ErrorCode::ScratchDenied,
            Error::SchemaFile { .. } => ErrorCode::SchemaFileFailed,
            Error::Interrupted { .. } => ErrorCode::Interrupted,
            Error::SchemaDiffers { .. } => ErrorCode::SchemaDiffers,
            Error::Keyring { .. } => ErrorCode::KeyringUnavailable,
            Error::TargetSyntax { .. } => ErrorCode::TargetInvalid,
            Error::AlembicProject { .. } => ErrorCode::AlembicProject,
            Error::NoOfflineMode { .. } => ErrorCode::NoOfflineMode,
            Error::NoProfile { .. } => ErrorCode::NoProfile,
            Error::ProfileExists { .. } => ErrorCode::ProfileExists,
            Error::ConfirmationRequired { .. } => ErrorCode::ConfirmationRequired,

            Error::InProgress { .. } => ErrorCode::RunInProgress,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn db(context: impl Into<String>, source: impl std::fmt::Display) -> Error {
        Error::Database {
            context: context.into(),
            message: source.to_string(),
        }
    }
}
