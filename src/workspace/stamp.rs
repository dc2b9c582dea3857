//! `stamp`: record a target as applied without running anything (a Retort project's
//! bookkeeping rewritten by the engine, an Alembic project's by its own alembic).

use super::alembic_run::Touches;
use super::connector::Connector;
use super::{Kind, Workspace};
use crate::apply::{self, ProgressFn};
use crate::error::Result;
use crate::graph::Target;

/// Where the database is after a stamp.
#[derive(Debug, Clone)]
pub struct Stamped {
    /// The current heads afterwards.
    pub current: Vec<String>,
    /// The database (password masked).
    pub database: String,
    /// Set when the project's own alembic did the work: the version table re-read afterwards.
    pub reread_from: Option<String>,
}

impl Workspace {
    /// `purge` forgets everything recorded first.
    pub async fn stamp(
        &self,
        connector: &dyn Connector,
        target: &Target,
        purge: bool,
        progress: ProgressFn<'_>,
    ) -> Result<Stamped> {
        match &self.kind {
            Kind::Native(project) => {
                let url = self.database(connector)?;
                let current = apply::stamp(
                    project,
                    &url,
                    target,
                    purge,
                    connector.lock_timeout(),
                    progress,
                )
                .await?;
                Ok(Stamped {
                    current,
                    database: url.masked(),
                    reread_from: None,
                })
            }
            Kind::Alembic(project) => {
                let prepared = self.prepare_alembic(project, connector, Touches::Database)?;
                let mut args = vec!["stamp".to_string(), target.to_string()];
                if purge {
                    args.push("--purge".into());
                }
                prepared.run(&args, progress).await?;
                Ok(Stamped {
                    current: prepared.current(connector.lock_timeout()).await?,
                    database: prepared
                        .url
                        .as_ref()
                        .map(|u| u.masked())
                        .unwrap_or_default(),
                    reread_from: Some(project.version_table_name()),
                })
            }
        }
    }
}
