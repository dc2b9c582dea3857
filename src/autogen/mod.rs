//! Autogenerate and its relatives on a native project (`revision --autogenerate`, `check`,
//! `schema`, `diff`): each side of a comparison is a schema read back from a real database
//! (`schema.sql` or the revisions replayed into a scratch one, or a live one), so both went
//! through the same catalog; the differ turns the pair into changes, and a draft revision is
//! written from them. Loading a side (`load`) and the scratch databases it replays revisions
//! into (`scratch`) live here, above the executor, so the pure differ in `schema` needs neither.

mod draft;
pub mod load;
pub mod scratch;
mod side;

pub use draft::draft_revision;
pub use side::Side;

use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::schema::introspect::IntrospectOptions;
use crate::schema::{diff, validate_renames, Diff, Rename, Schema};
use crate::Dialect;
use load::Source;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where scratch databases go and what introspection leaves out, for one project.
pub struct Autogen<'a> {
    /// Needed only for [`Side::Revisions`]: `diff URL_A URL_B` works outside any project.
    pub project: Option<&'a Project>,
    /// A server Retort may create scratch databases on (`--dev-url`, else the project's
    /// database); a SQLite URL means temporary SQLite files.
    pub server: DatabaseUrl,
    pub options: IntrospectOptions,
}

/// What a comparison is doing, for a progress display: each side starts loading (a scratch
/// database built, or a live one read), then is loaded; then the two are compared.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum AutogenStep {
    Loading { side: String },
    Loaded { side: String },
    Comparing,
}

/// Resolves once `flag` is set (checked every 100 ms): a cancel button as a future.
async fn cancelled(flag: Arc<AtomicBool>) {
    while !flag.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl<'a> Autogen<'a> {
    pub fn new(project: Option<&'a Project>, server: DatabaseUrl) -> Autogen<'a> {
        let options = match project {
            Some(project) => IntrospectOptions {
                schemas: project.config.schemas.clone(),
                ..IntrospectOptions::with_tables(&project.tables())
            },
            None => IntrospectOptions::default(),
        };
        Autogen {
            project,
            server,
            options,
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.server.dialect()
    }

    /// The schema `side` describes.
    pub async fn schema(&self, side: &Side) -> Result<Schema> {
        self.schema_until(side, None).await
    }

    /// [`Autogen::schema`], stopped when `cancel` is set (else by Ctrl-C).
    async fn schema_until(&self, side: &Side, cancel: Option<Arc<AtomicBool>>) -> Result<Schema> {
        let source = match side {
            Side::Empty => return Ok(Schema::default()),
            Side::SchemaFile(path) => {
                schema_file_exists(side)?;
                Source::SchemaFile(path)
            }
            Side::Revisions(target) => Source::Revisions {
                project: self.project.ok_or_else(|| Error::Invalid {
                    message: format!(
                        "{target:?} names revisions, but there is no Retort project here (pass -c, or give a URL or a .sql file)"
                    ),
                })?,
                target,
            },
            Side::Live(url) => {
                if url.dialect() != self.dialect() {
                    return Err(Error::Invalid {
                        message: format!(
                            "{} is a {} database, but the comparison is in {}: compare databases of one kind",
                            url.masked(),
                            url.dialect(),
                            self.dialect()
                        ),
                    });
                }
                Source::Live(url)
            }
        };
        match cancel {
            Some(flag) => {
                load::load_until(source, &self.server, &self.options, cancelled(flag)).await
            }
            None => load::load(source, &self.server, &self.options).await,
        }
    }

    /// The changes that turn `from` into `to`, with `renames` taken as renames (each must name
    /// a column or table that disappears and one that appears).
    pub async fn compare(&self, from: &Side, to: &Side, renames: &[Rename]) -> Result<Diff> {
        self.compare_observed(from, to, renames, &|_| {}, None)
            .await
    }

    /// [`Autogen::compare`] reporting each step to `observe`, and stopped (scratch databases
    /// dropped) when `cancel` is set.
    pub async fn compare_observed(
        &self,
        from: &Side,
        to: &Side,
        renames: &[Rename],
        observe: &(dyn Fn(AutogenStep) + Send + Sync),
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<Diff> {
        // Before any scratch database is built: a missing file should not cost a replay first.
        schema_file_exists(from)?;
        schema_file_exists(to)?;
        let load = async |side: &Side| {
            observe(AutogenStep::Loading {
                side: side.describe(),
            });
            let schema = self.schema_until(side, cancel.clone()).await;
            if schema.is_ok() {
                observe(AutogenStep::Loaded {
                    side: side.describe(),
                });
            }
            schema
        };
        // Both sides load at once: each is mostly waiting on a database server.
        let (before, after) = tokio::join!(load(from), load(to));
        let (before, after) = (before?, after?);
        observe(AutogenStep::Comparing);
        validate_renames(&before, &after, renames).map_err(Error::from)?;
        Ok(diff(&before, &after, self.dialect(), renames))
    }
}

/// A missing schema file is a clear error (other sides pass).
fn schema_file_exists(side: &Side) -> Result<()> {
    match side {
        Side::SchemaFile(path) if !path.is_file() => Err(Error::Invalid {
            message: format!(
                "{} does not exist: write the schema you want there (CREATE TABLE …), then run this again",
                path.display()
            ),
        }),
        _ => Ok(()),
    }
}
