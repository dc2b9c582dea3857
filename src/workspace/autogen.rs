//! Autogenerate: a Retort project's draft from `schema.sql` compared with the revisions at the
//! parent (or a live database), for review before it is saved; an Alembic project's own
//! `alembic revision --autogenerate`, whose module is then shown, edited or discarded.

use super::alembic_run::{tell_detected, Touches};
use super::connector::{need_server, scratch_server, Connector};
use super::draft_request::DraftRequest;
use super::new_revision::WrittenRevision;
use super::revision_rules::chosen_parents;
use super::Workspace;
use crate::autogen::{draft_revision, Autogen, AutogenStep, Side};
use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use crate::schema::{summary, Diff, Rename};
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A draft made by autogenerate, for review before it is saved as a revision.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AutogenView {
    pub diff: Diff,
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

impl Workspace {
    /// The draft `schema.sql` asks for, reporting each step to `observe` and stopped (scratch
    /// databases dropped) when `cancel` is set. Nothing is written.
    pub async fn draft(
        &self,
        connector: &dyn Connector,
        request: &DraftRequest,
        observe: &(dyn Fn(AutogenStep) + Send + Sync),
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<AutogenView> {
        let project = self.native("a draft from schema.sql")?;
        let server = need_server(scratch_server(connector, Some(self))?)?;
        let parents = chosen_parents(&project.graph, request.head.as_deref())?;
        let revises = project.graph.ids(&parents);
        let from = match (&request.against_url, revises.first()) {
            (Some(url), _) => Side::Live(DatabaseUrl::parse(url, connector.cwd())?),
            (None, Some(id)) => Side::Revisions(id.clone()),
            (None, None) => Side::Empty,
        };
        let to = Side::SchemaFile(project.schema_path());
        let diff = Autogen::new(Some(project), server)
            .compare_observed(&from, &to, &request.renames, observe, cancel)
            .await?;
        let source = format!(
            "{} compared with {}",
            project.config.schema,
            from.describe()
        );
        let draft = draft_revision(&diff, String::new(), revises.clone(), "", &source);
        Ok(AutogenView {
            summary: summary(&diff),
            upgrade: draft.upgrade,
            downgrade: draft.downgrade,
            notes: draft.notes,
            revises,
            source,
            diff,
        })
    }

    /// Runs the project's `alembic revision --autogenerate -m MESSAGE` and returns the module it
    /// wrote, with its source for review.
    pub async fn alembic_draft(
        &self,
        connector: &dyn Connector,
        message: &str,
    ) -> Result<WrittenRevision> {
        let project = self.alembic()?;
        let prepared = self.prepare_alembic(project, connector, Touches::Database)?;
        let args = vec![
            "revision".to_string(),
            "--autogenerate".into(),
            "-m".into(),
            message.to_string(),
        ];
        let output = prepared.run(&args, &|_| {}).await?;
        tell_detected(connector, &output);
        let header = project
            .reread_new()?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Alembic {
                command: "alembic revision --autogenerate".into(),
                revision: None,
                tail: "alembic wrote no new revision".into(),
            })?;
        let source =
            std::fs::read_to_string(&header.path).map_err(|e| Error::io(&header.path, e))?;
        Ok(WrittenRevision {
            revision: header.id.clone(),
            path: header.path.display().to_string(),
            source: Some(source),
        })
    }
}

/// `--rename` arguments (`users.old=new`, `old=new`), read at the edge.
pub fn parse_renames(arguments: &[String]) -> Result<Vec<Rename>> {
    arguments
        .iter()
        .map(|a| Rename::parse(a).map_err(Error::from))
        .collect()
}
