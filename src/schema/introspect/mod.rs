//! The database half of autogenerate: reading a live catalog (SQLite, PostgreSQL, MariaDB/MySQL)
//! into the neutral [`Schema`] model. One file per dialect; this one holds the options, the
//! shared row helpers and the final sort that makes two introspections of one schema equal.

mod ddl_tokens;
mod mysql;
mod postgres;
mod postgres_objects;
mod sqlite;
mod sqlite_ddl;

use crate::db::{Db, Rows};
use crate::dialect::Tables;
use crate::error::{Error, Result};
use crate::schema::{qualified, FkAction, NotCompared, Schema};
use std::collections::BTreeMap;

/// What to read and what to leave out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// PostgreSQL schemas read besides `public` (`retort.toml`'s list); ignored elsewhere.
    pub schemas: Vec<String>,
    /// Tables that are bookkeeping, not schema: Retort's own two and Alembic's version table.
    /// Matched against the table's name and its `schema.name` key.
    pub exclude_tables: Vec<String>,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions::with_tables(&Tables::default())
    }
}

impl IntrospectOptions {
    /// Leaves out a project's configured bookkeeping tables, and Alembic's `alembic_version`.
    pub fn with_tables(tables: &Tables) -> IntrospectOptions {
        IntrospectOptions {
            schemas: Vec::new(),
            exclude_tables: vec![
                tables.revisions.clone(),
                tables.log.clone(),
                "alembic_version".into(),
            ],
        }
    }

    pub(crate) fn excluded(&self, schema: Option<&str>, name: &str) -> bool {
        let key = qualified(schema, name);
        self.exclude_tables.iter().any(|t| *t == key || *t == name)
    }
}

/// Reads the schema the connection sees: tables, views, enums, sequences and the objects that
/// are counted but not compared. The result is sorted, so it is the same on every call.
pub async fn introspect(db: &mut Db, options: &IntrospectOptions) -> Result<Schema> {
    Ok(introspect_counted(db, options).await?.0)
}

/// [`introspect`], also returning how many catalog queries it took: a fixed number per dialect,
/// whatever the number of tables (tests hold it to that).
pub async fn introspect_counted(
    db: &mut Db,
    options: &IntrospectOptions,
) -> Result<(Schema, usize)> {
    let mut catalog = Catalog { db, queries: 0 };
    let mut schema = match catalog.db.dialect() {
        crate::Dialect::Sqlite => sqlite::read(&mut catalog, options).await?,
        crate::Dialect::Postgresql => postgres::read(&mut catalog, options).await?,
        crate::Dialect::Mysql => mysql::read(&mut catalog, options).await?,
    };
    sort(&mut schema);
    Ok((schema, catalog.queries))
}

/// The connection plus a query counter; every catalog read goes through [`Catalog::rows`].
pub(super) struct Catalog<'a> {
    pub db: &'a mut Db,
    pub queries: usize,
}

impl Catalog<'_> {
    /// Runs one catalog query whose columns are all text; `what` names it in errors.
    pub async fn rows(&mut self, what: &str, sql: &str) -> Result<Rows> {
        self.queries += 1;
        self.db
            .fetch(sql)
            .await
            .map_err(|e| Error::db(format!("reading {what} from the catalog"), e))
    }
}

/// Catalog rows (table in column 0, object name in column 1) grouped per object, in name
/// order: every dialect reads index and constraint parts this way.
pub(super) fn by_table_and_name(
    rows: &[Vec<Option<String>>],
) -> BTreeMap<(&str, &str), Vec<&Vec<Option<String>>>> {
    let mut grouped: BTreeMap<(&str, &str), Vec<&Vec<Option<String>>>> = BTreeMap::new();
    for row in rows {
        grouped
            .entry((text(row, 0), text(row, 1)))
            .or_default()
            .push(row);
    }
    grouped
}

/// Column `i` of a row as text; NULL and missing columns read as "".
pub(super) fn text(row: &[Option<String>], i: usize) -> &str {
    row.get(i).and_then(|v| v.as_deref()).unwrap_or("")
}

/// Column `i` of a row; NULL and missing columns are `None`.
pub(super) fn opt(row: &[Option<String>], i: usize) -> Option<String> {
    row.get(i).cloned().flatten()
}

/// "1"/"t"/"true"/"YES" as catalogs spell true.
pub(super) fn flag(row: &[Option<String>], i: usize) -> bool {
    matches!(
        text(row, i).to_ascii_lowercase().as_str(),
        "1" | "t" | "true" | "yes" | "y"
    )
}

pub(super) fn int(row: &[Option<String>], i: usize) -> Option<i64> {
    text(row, i).trim().parse().ok()
}

/// ON DELETE / ON UPDATE as SQLite and information_schema spell them.
pub(super) fn fk_action(rule: &str) -> FkAction {
    match rule.to_ascii_uppercase().as_str() {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// ON DELETE / ON UPDATE as `pg_constraint` codes them.
pub(super) fn fk_action_code(code: &str) -> FkAction {
    match code {
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        "r" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// Counts by kind into `not_compared`, names sorted; kinds with no objects are left out.
pub(super) fn not_compared(found: Vec<(String, String)>) -> Vec<NotCompared> {
    let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (kind, name) in found {
        by_kind.entry(kind).or_default().push(name);
    }
    by_kind
        .into_iter()
        .map(|(kind, mut names)| {
            names.sort();
            NotCompared {
                kind,
                count: names.len(),
                names,
            }
        })
        .collect()
}

/// Name order wherever the catalog's order carries no meaning; columns, key columns, index
/// parts and enum values keep theirs.
fn sort(schema: &mut Schema) {
    schema.tables.sort_by_key(|t| t.key());
    for t in &mut schema.tables {
        t.uniques
            .sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys
            .sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
        t.checks
            .sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
        t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
    }
    schema.views.sort_by_key(|v| v.key());
    for v in &mut schema.views {
        if let Some(deps) = &mut v.depends_on {
            deps.sort_by(|a, b| (&a.relation, &a.column).cmp(&(&b.relation, &b.column)));
            deps.dedup();
        }
    }
    schema.enums.sort_by_key(|e| e.key());
    schema.sequences.sort_by_key(|s| s.key());
    schema.not_compared.sort_by(|a, b| a.kind.cmp(&b.kind));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookkeeping_tables_are_excluded_by_name_or_key() {
        let mut options = IntrospectOptions::default();
        assert!(options.excluded(None, "retort_revisions"));
        assert!(options.excluded(None, "alembic_version"));
        assert!(!options.excluded(None, "retort_other"));
        options.exclude_tables.push("audit.log".into());
        assert!(options.excluded(Some("audit"), "log"));
        assert!(!options.excluded(None, "log"));
    }
}
