//! SQL rendering, one file per dialect with the same shape: each turns one operation into its
//! statements. Shared fragments live in `ddl`.

pub(crate) mod ddl;
mod mysql;
mod postgres;
mod sqlite;
mod sqlite_rebuild;

use super::op::Op;
use crate::Dialect;

pub(crate) fn render_op(op: &Op, dialect: Dialect) -> Vec<String> {
    match dialect {
        Dialect::Postgresql => postgres::render(op),
        Dialect::Mysql => mysql::render(op),
        Dialect::Sqlite => sqlite::render(op),
    }
}
