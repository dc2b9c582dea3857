//! `check`, the drift check: a Retort project's `schema.sql` (or, with `against_url`, a live
//! database) compared with its revisions at head; an Alembic project's own `alembic check`.

use super::alembic_run::{tell_detected, Touches};
use super::connector::{need_server, scratch_server, Connector};
use super::schema::Comparison;
use super::{Kind, Workspace};
use crate::autogen::{Autogen, Side};
use crate::db::DatabaseUrl;
use crate::error::{Error, Result};

/// What a check found; [`Checked::verdict`] is an error when the sides differ.
#[derive(Debug, Clone)]
pub struct Checked {
    /// A Retort project's comparison.
    pub comparison: Option<Comparison>,
    /// What the project's own `alembic check` printed (it fails by itself on changes).
    pub tool_output: Option<String>,
}

impl Checked {
    /// Differing sides are an error (exit 1), as `alembic check`.
    pub fn verdict(&self) -> Result<()> {
        match &self.comparison {
            Some(c) if !c.diff.is_empty() => Err(Error::SchemaDiffers {
                from: c.from.clone(),
                to: c.to.clone(),
                count: c.diff.changes.len(),
            }),
            _ => Ok(()),
        }
    }
}

impl Workspace {
    pub async fn check(
        &self,
        connector: &dyn Connector,
        against_url: Option<&str>,
    ) -> Result<Checked> {
        match &self.kind {
            Kind::Alembic(project) => {
                if against_url.is_some() {
                    return Err(Error::Invalid {
                        message: "--against-url is for Retort projects; alembic check compares the models with the database alembic connects to".into(),
                    });
                }
                let prepared = self.prepare_alembic(project, connector, Touches::Database)?;
                let output = prepared.run(&["check".to_string()], &|_| {}).await?;
                tell_detected(connector, &output);
                Ok(Checked {
                    comparison: None,
                    tool_output: Some(output.stdout),
                })
            }
            Kind::Native(project) => {
                let server = need_server(scratch_server(connector, Some(self))?)?;
                let heads = Side::Revisions("heads".into());
                let (from, to) = match against_url {
                    Some(url) => (Side::Live(DatabaseUrl::parse(url, connector.cwd())?), heads),
                    None => (heads, Side::SchemaFile(project.schema_path())),
                };
                let diff = Autogen::new(Some(project), server)
                    .compare(&from, &to, &[])
                    .await?;
                Ok(Checked {
                    comparison: Some(Comparison {
                        from: from.describe(),
                        to: to.describe(),
                        diff,
                    }),
                    tool_output: None,
                })
            }
        }
    }
}
