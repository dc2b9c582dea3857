//! What an Alembic-managed database says it is at: the rows of its `alembic_version` table (one
//! per current head), read over sqlx. The applied set is every requirement of those heads, as
//! Alembic defines it; ids no revision file defines are returned apart, never crashed on.

use super::AlembicProject;
use crate::db::{ConnectOptions, DatabaseUrl, Db};
use crate::error::{Error, Result};
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, Serialize)]
pub struct AlembicState {
    /// The URL with its password masked.
    pub database: String,
    /// False when the database (or its version table) does not exist yet.
    pub initialized: bool,
    /// The rows of the version table, as stored.
    pub version_rows: Vec<String>,
    /// Known revisions that are applied: the heads in the table and everything they need.
    pub applied: Vec<bool>,
    /// Ids in the table that no revision file defines.
    pub unknown: Vec<String>,
}

impl AlembicProject {
    /// The version table's name, schema-qualified when env.py sets a schema.
    pub fn version_table_name(&self) -> String {
        match &self.version_table.schema.value {
            Some(schema) => format!("{schema}.{}", self.version_table.table.value),
            None => self.version_table.table.value.clone(),
        }
    }

    /// Reads the database's version table; never writes (a missing SQLite file stays missing).
    pub async fn read_state(&self, url: &DatabaseUrl, timeout: Duration) -> Result<AlembicState> {
        let rows = read_version_rows(url, &self.version_table_name(), timeout).await?;
        let graph = &self.graph;
        let (heads, unknown) = graph.applied_mask(rows.iter().flatten().map(String::as_str));
        let listed: Vec<usize> = (0..graph.len()).filter(|i| heads[*i]).collect();
        Ok(AlembicState {
            database: url.masked(),
            initialized: rows.is_some(),
            version_rows: rows.unwrap_or_default(),
            applied: graph.requirements(&listed),
            unknown,
        })
    }
}

/// `None` when there is no such database file or table yet.
async fn read_version_rows(
    url: &DatabaseUrl,
    table: &str,
    timeout: Duration,
) -> Result<Option<Vec<String>>> {
    url.require_database()?;
    if let DatabaseUrl::Sqlite { path: Some(path) } = url {
        if !path.exists() {
            return Ok(None);
        }
    }
    let options = ConnectOptions {
        create_sqlite: false,
        timeout,
    };
    let mut db = Db::connect(url, options).await?;
    let rows = version_rows(&mut db, table).await;
    db.close().await;
    rows
}

async fn version_rows(db: &mut Db, table: &str) -> Result<Option<Vec<String>>> {
    let (schema, name) = match table.rsplit_once('.') {
        Some((schema, name)) => (Some(schema), name),
        None => (None, table),
    };
    let dialect = db.dialect();
    let exists = dialect.count_tables(schema, &[name]);
    let found = db
        .fetch_value(&exists)
        .await
        .map_err(|e| Error::db("looking for the version table", e))?;
    if found.as_deref().map(str::trim) != Some("1") {
        return Ok(None);
    }
    let rows = db
        .fetch(&format!(
            "SELECT version_num FROM {}",
            dialect.quote_qualified(table)
        ))
        .await
        .map_err(|e| Error::db(format!("reading {table}"), e))?;
    let mut ids: Vec<String> = rows
        .into_iter()
        .filter_map(|row| row.into_iter().next().flatten())
        .collect();
    ids.sort();
    Ok(Some(ids))
}

impl AlembicProject {
    /// The same one-screen status native projects get. Alembic keeps no checksums, durations
    /// or dirty marks, so drift and dirty are always empty and the applied rows carry ids only.
    pub async fn status(
        &self,
        url: &DatabaseUrl,
        timeout: Duration,
    ) -> Result<crate::apply::Status> {
        use crate::apply::{AppliedRow, RowState, Status};
        let state = self.read_state(url, timeout).await?;
        let graph = &self.graph;
        let heads = graph.heads();
        let pending = crate::plan::upgrade_order(graph, &state.applied, &heads);
        let applied_ids: Vec<usize> = graph
            .topological()
            .iter()
            .copied()
            .filter(|i| state.applied[*i])
            .collect();
        Ok(Status {
            database: state.database,
            dialect: url.dialect(),
            initialized: state.initialized,
            // As `alembic current`: the branch heads of everything applied, dependencies
            // included (not only the version table's rows, which `history -i` marks).
            current: graph.ids(&graph.current_heads(&state.applied)),
            heads: graph.ids(&heads),
            pending: graph.ids(&pending),
            drift: Vec::new(),
            unknown: state.unknown,
            dirty: None,
            running: None,
            applied: applied_ids
                .into_iter()
                .map(|i| AppliedRow {
                    revision: graph.id(i).to_string(),
                    checksum: String::new(),
                    applied_at: String::new(),
                    duration_ms: 0,
                    applied_by: String::new(),
                    state: RowState::Applied,
                    direction: None,
                    statement: None,
                })
                .collect(),
        })
    }
}

impl AlembicProject {
    /// The revisions alembic would run for `direction` to `target` from where the database is,
    /// in its order, as a plan without statements (alembic's `--sql` gives those), and the
    /// `FROM:TO` range of absolute revisions alembic's offline mode needs for it (it takes no
    /// relative targets there).
    pub async fn plan(
        &self,
        url: &DatabaseUrl,
        direction: crate::error::Direction,
        target: &crate::graph::Target,
        timeout: Duration,
    ) -> Result<(crate::plan::Plan, String)> {
        let state = self.read_state(url, timeout).await?;
        let order = crate::plan::order_for(&self.graph, direction, target, &state.applied)?;
        let mut after = state.applied.clone();
        for &i in &order {
            after[i] = direction == crate::error::Direction::Upgrade;
        }
        let end = |applied: &[bool]| -> Result<String> {
            match self.graph.current_heads(applied).as_slice() {
                [] => Ok("base".into()),
                [one] => Ok(self.graph.id(*one).to_string()),
                several => Err(crate::error::Error::MultipleHeads {
                    argument: target.to_string(),
                    heads: self.graph.ids(several),
                }),
            }
        };
        let (from, to) = (end(&state.applied)?, end(&after)?);
        let range = if from == "base" && direction == crate::error::Direction::Upgrade {
            to
        } else {
            format!("{from}:{to}")
        };
        let steps = order
            .into_iter()
            .map(|i| {
                let header = &self.graph.node(i).header;
                crate::plan::Step {
                    revision: header.id.clone(),
                    message: header.message.clone(),
                    direction,
                    transactional: true,
                    checksum: String::new(),
                    path: header.path.clone(),
                    statements: Vec::new(),
                }
            })
            .collect();
        Ok((crate::plan::Plan { direction, steps }, range))
    }
}
