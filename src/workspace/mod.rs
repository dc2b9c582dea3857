//! The one door both front ends use. A [`Workspace`] is a project of either kind, a native
//! Retort project or an existing Alembic project opened as it is, and offers every operation the
//! command line and the app need; which kind it holds is decided here, inside, never by a shell.
//! The types the shells need are re-exported here, so a shell imports this module and nothing
//! else of the engine.

mod alembic_run;
mod autogen;
mod check;
mod connector;
mod details;
mod draft;
mod draft_request;
mod history;
mod merge;
mod new_revision;
mod open;
mod preview;
mod resolve;
mod revision_rules;
mod run;
mod schema;
mod stamp;
mod status;
mod view;

pub use autogen::{parse_renames, AutogenView};
pub use check::Checked;
pub use connector::{Connector, Notice};
pub use details::RevisionDetails;
pub use draft::Draft;
pub use draft_request::DraftRequest;
pub use history::History;
pub use merge::MergeRequest;
pub use new_revision::{Generated, NewFile, NewRevisionRequest, WrittenRevision};
pub use preview::PreviewView;
pub use run::{Moved, RunRequest};
pub use schema::{compare, schema_at, Comparison, SchemaAt, SchemaFileView};
pub use stamp::Stamped;
pub use view::{ProjectKind, ProjectView, RevisionSummary};

// The engine's types the shells read or build, in one place.
pub use crate::apply::DbState;
pub use crate::autogen::AutogenStep;
pub use crate::connection::UrlSource;
pub use crate::db::DatabaseUrl;
pub use crate::error::{Direction, Error, ErrorCode, Result};
pub use crate::graph::{Graph, Layout, Range, Target};
pub use crate::plan::{OfflineRange, Plan};
pub use crate::profile::{
    default_store_path, secret, Environment, Profile, ProfileEdit, ProfileStore, ProfileView,
    TlsMode,
};
pub use crate::report::{
    AppliedRow, LogRow, Progress, ProgressFn, Report, RowState, RunFailure, Status,
};
pub use crate::schema::{summary, Diff, Rename, Schema};
pub use crate::script::Header;
pub use crate::Dialect;

use crate::alembic::AlembicProject;
use crate::project::Project;
use std::path::Path;

/// A project of either kind, with every operation on it.
pub struct Workspace {
    kind: Kind,
}

#[allow(clippy::large_enum_variant)] // one value per command
enum Kind {
    Native(Project),
    Alembic(AlembicProject),
}

impl Workspace {
    pub fn kind(&self) -> ProjectKind {
        match &self.kind {
            Kind::Native(_) => ProjectKind::Retort,
            Kind::Alembic(_) => ProjectKind::Alembic,
        }
    }

    pub fn graph(&self) -> &Graph {
        match &self.kind {
            Kind::Native(p) => &p.graph,
            Kind::Alembic(p) => &p.graph,
        }
    }

    /// The project's folder: `retort.toml`'s, or `alembic.ini`'s.
    pub fn root(&self) -> &Path {
        match &self.kind {
            Kind::Native(p) => &p.root,
            Kind::Alembic(p) => &p.ini.here,
        }
    }

    /// `retort.toml`, `alembic.ini` or `pyproject.toml`.
    pub fn config_path(&self) -> &Path {
        match &self.kind {
            Kind::Native(p) => &p.config_path,
            Kind::Alembic(p) => &p.ini.path,
        }
    }

    /// The native project, for operations only Retort projects have; `operation` names the
    /// operation in the error an Alembic project gets.
    fn native(&self, operation: &str) -> Result<&Project> {
        match &self.kind {
            Kind::Native(project) => Ok(project),
            Kind::Alembic(project) => Err(Error::AlembicProject {
                config: project.ini.path.clone(),
                operation: operation.to_string(),
            }),
        }
    }

    /// The native project when this is one (autogenerate's relatives read revisions from it).
    fn native_project(&self) -> Option<&Project> {
        match &self.kind {
            Kind::Native(project) => Some(project),
            Kind::Alembic(_) => None,
        }
    }

    /// The Alembic project, for the operations on an Alembic draft.
    fn alembic(&self) -> Result<&AlembicProject> {
        match &self.kind {
            Kind::Alembic(project) => Ok(project),
            Kind::Native(_) => Err(Error::Invalid {
                message: "not an Alembic project".into(),
            }),
        }
    }
}
