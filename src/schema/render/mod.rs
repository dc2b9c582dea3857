//! SQL rendering, one file per dialect with the same shape: each turns one operation into its
//! statements. Shared fragments live in `ddl`; whole-schema DDL in `schema_ddl`.

pub(crate) mod ddl;
mod mysql;
mod postgres;
mod schema_ddl;
mod sqlite;
mod sqlite_rebuild;

use super::op::Op;
use crate::Dialect;

pub use schema_ddl::render_schema;

pub(crate) fn render_op(op: &Op, dialect: Dialect) -> Vec<String> {
    match dialect {
        Dialect::Postgresql => postgres::render(op),
        Dialect::Mysql => mysql::render(op),
        Dialect::Sqlite => sqlite::render(op),
    }
}
