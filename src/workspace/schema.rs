//! The schema side of a project: the DDL its revisions produce at any revision (or a live
//! database's), the changes between any two sides (`diff A B`, which works outside a project
//! too), and the desired schema file the app edits.

use super::connector::{need_server, scratch_server, Connector};
use super::Workspace;
use crate::autogen::{Autogen, Side};
use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use crate::schema::{render_schema, summary, Diff, Rename, Schema};
use crate::Dialect;
use serde::Serialize;

/// The changes from one side to another, each side named as messages name it.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub from: String,
    pub to: String,
    pub diff: Diff,
}

impl Comparison {
    /// One line per change, destructive ones marked.
    pub fn summary(&self) -> String {
        summary(&self.diff)
    }

    /// The upgrade as a script: a comment naming the sides, then each statement.
    pub fn upgrade_script(&self) -> String {
        // File names and targets are the user's: keep them inside the comment.
        let mut out = format!(
            "-- upgrade: {} -> {}\n",
            crate::sql::comment_text(&self.from),
            crate::sql::comment_text(&self.to)
        );
        for statement in self.diff.upgrade_sql() {
            out.push_str(statement.trim_end().trim_end_matches(';'));
            out.push_str(";\n");
        }
        out
    }
}

/// A schema and the dialect it was read in.
#[derive(Debug, Clone)]
pub struct SchemaAt {
    pub schema: Schema,
    pub dialect: Dialect,
}

impl SchemaAt {
    /// The schema as DDL in its dialect.
    pub fn ddl(&self) -> String {
        render_schema(&self.schema, self.dialect)
    }
}

/// The desired schema file of a project.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SchemaFileView {
    pub path: String,
    pub text: String,
}

/// The schema the revisions produce at `at` (default: heads), or, with `live_url` and no `at`,
/// that live database's. `workspace` is the project, when there is one.
pub async fn schema_at(
    workspace: Option<&Workspace>,
    connector: &dyn Connector,
    at: Option<&str>,
    live_url: Option<&str>,
) -> Result<SchemaAt> {
    let project = workspace.and_then(Workspace::native_project);
    let (side, server) = match live_url {
        Some(url) if at.is_none() => {
            let url = DatabaseUrl::parse(url, connector.cwd())?;
            (Side::Live(url.clone()), url)
        }
        _ => {
            let server = need_server(scratch_server(connector, workspace)?)?;
            (Side::Revisions(at.unwrap_or("heads").to_string()), server)
        }
    };
    let autogen = Autogen::new(project, server);
    Ok(SchemaAt {
        schema: autogen.schema(&side).await?,
        dialect: autogen.dialect(),
    })
}

/// The changes from `a` to `b`, each a revision, a `.sql` file, `base` or a database URL.
pub async fn compare(
    workspace: Option<&Workspace>,
    connector: &dyn Connector,
    a: &str,
    b: &str,
    renames: &[Rename],
) -> Result<Comparison> {
    let from = side(workspace, connector, a)?;
    let to = side(workspace, connector, b)?;
    let first_live = [&from, &to].into_iter().find_map(|s| match s {
        Side::Live(url) => Some(url.clone()),
        _ => None,
    });
    let server = match scratch_server(connector, workspace)? {
        Some(server) if connector.dev_url().is_some() || first_live.is_none() => server,
        _ => need_server(first_live)?,
    };
    let project = workspace.and_then(Workspace::native_project);
    let diff = Autogen::new(project, server)
        .compare(&from, &to, renames)
        .await?;
    Ok(Comparison {
        from: from.describe(),
        to: to.describe(),
        diff,
    })
}

/// A `diff` argument. A relative `.sql` path missing from the current folder is looked up in
/// the project's folder too, so that `retort -c proj diff head schema.sql` means the project's
/// schema.sql, as `revision --autogenerate` and `check` do.
fn side(workspace: Option<&Workspace>, connector: &dyn Connector, text: &str) -> Result<Side> {
    let side = Side::parse(text, connector.cwd())?;
    let project = workspace.and_then(Workspace::native_project);
    if let (Side::SchemaFile(path), Some(project)) = (&side, project) {
        let theirs = project.root.join(text.trim());
        if !path.exists() && theirs.is_file() {
            return Ok(Side::SchemaFile(theirs));
        }
    }
    Ok(side)
}

impl Workspace {
    /// The desired schema file (`schema.sql`); a missing file reads as empty.
    pub fn schema_file(&self) -> Result<SchemaFileView> {
        let path = self.native("schema.sql")?.schema_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(SchemaFileView {
            path: path.display().to_string(),
            text,
        })
    }

    pub fn save_schema_file(&self, text: &str) -> Result<()> {
        let path = self.native("schema.sql")?.schema_path();
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
    }
}
