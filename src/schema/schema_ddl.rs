//! A whole schema as DDL in a stable, readable order (types and sequences, tables by name with
//! their indexes, views in dependency order): what `retort schema` prints. It is the diff from
//! an empty schema, so it follows the same ordering rules and never disagrees with autogenerate.

use crate::schema::diff::diff;
use crate::schema::model::Schema;
use crate::Dialect;

pub fn render_schema(schema: &Schema, dialect: Dialect) -> String {
    let changes = diff(&Schema::default(), schema, dialect, &[]);
    let mut out = String::new();
    for statement in changes.upgrade_sql() {
        out.push_str(&statement);
        out.push_str(";\n");
    }
    out
}
