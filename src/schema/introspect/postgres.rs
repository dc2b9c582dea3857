//! PostgreSQL: pg_catalog only (information_schema's views are slow joins and hide
//! identity/serial details), one query per kind of object whatever the table count. Columns,
//! key columns and index parts arrive ordered by the catalog; names are resolved in SQL.

use super::postgres_objects::{self as objects, schema_of};
use super::{
    by_table_and_name, fk_action_code, flag, int, not_compared, opt, text, Catalog,
    IntrospectOptions,
};
use crate::error::Result;
use crate::schema::expr::strip_outer_parens;
use crate::schema::normalize::is_nextval;
use crate::schema::{
    normalize_default, normalize_type, qualified, Check, Column, ForeignKey, Generated, Identity,
    Index, IndexKey, IndexPart, PrimaryKey, Schema, Table, Trigger, Unique,
};
use crate::Dialect;
use std::collections::BTreeMap;

/// Separates names inside one aggregated column; cannot occur in an identifier in practice.
const SEP: char = '\u{1f}';

/// Comments by a join rather than `obj_description`/`col_description`: those are SQL functions
/// run once per row (with 10,000 columns the columns query took twice as long), and their cost
/// estimate pushed the query over `jit_above_cost`, adding tens of milliseconds of JIT
/// compilation to a catalog read. The query adds the join condition on object and sub-id.
const DESCRIPTION: &str = "LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND";

pub(super) async fn read(cat: &mut Catalog<'_>, options: &IntrospectOptions) -> Result<Schema> {
    let ns = namespaces(options);
    let tables_where =
        format!("c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN ({ns})");
    let from_tables = "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";
    let table_rows = cat
        .rows(
            "tables",
            &format!(
                "SELECT c.oid::text, n.nspname::text, c.relname::text, ds.description \
         FROM {from_tables} {DESCRIPTION} ds.objoid = c.oid AND ds.objsubid = 0 \
         WHERE {tables_where} ORDER BY c.oid"
            ),
        )
        .await?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in &table_rows {
        let schema = schema_of(text(row, 1));
        if options.excluded(schema.as_deref(), text(row, 2)) {
            continue;
        }
        tables.insert(
            text(row, 0).to_string(),
            Table {
                schema,
                name: text(row, 2).to_string(),
                comment: opt(row, 3),
                ..Table::default()
            },
        );
    }

    // `owned`: columns owning a sequence (serial), as one join rather than a subquery per column.
    let columns = cat
        .rows(
            "columns",
            &format!(
                "SELECT a.attrelid::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
         a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, \
         a.attgenerated::text, ds.description, (owned.refobjid IS NOT NULL)::text \
         FROM pg_attribute a JOIN {from_tables} ON c.oid = a.attrelid \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         {DESCRIPTION} ds.objoid = a.attrelid AND ds.objsubid = a.attnum \
         LEFT JOIN (SELECT DISTINCT dep.refobjid, dep.refobjsubid FROM pg_depend dep \
                    JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S' \
                    WHERE dep.classid = 'pg_class'::regclass AND dep.deptype = 'a') owned \
              ON owned.refobjid = a.attrelid AND owned.refobjsubid = a.attnum \
         WHERE {tables_where} AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY a.attrelid, a.attnum"
            ),
        )
        .await?;
    for row in &columns {
        if let Some(t) = tables.get_mut(text(row, 0)) {
            t.columns.push(column(row));
        }
    }

    let mut uncompared = Vec::new();
    let agg = |keys: &str, rel: &str| {
        format!(
            "(SELECT string_agg(a.attname::text, E'\\x1f' ORDER BY k.ord) \
          FROM unnest(con.{keys}) WITH ORDINALITY k(num, ord) \
          JOIN pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.num)"
        )
    };
    let constraints = cat
        .rows(
            "constraints",
            &format!(
                "SELECT con.conrelid::text, con.conname::text, con.contype::text, {}, \
         fn.nspname::text, fc.relname::text, {}, con.confdeltype::text, con.confupdtype::text, \
         pg_get_expr(con.conbin, con.conrelid) \
         FROM pg_constraint con JOIN {from_tables} ON c.oid = con.conrelid \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         WHERE {tables_where} AND con.contype IN ('p', 'u', 'f', 'c', 'x') \
         ORDER BY con.conrelid, con.conname",
                agg("conkey", "conrelid"),
                agg("confkey", "confrelid")
            ),
        )
        .await?;
    for row in &constraints {
        let Some(t) = tables.get_mut(text(row, 0)) else {
            continue;
        };
        let name = Some(text(row, 1).to_string());
        let columns = names(text(row, 3));
        match text(row, 2) {
            "p" => t.primary_key = Some(PrimaryKey { name, columns }),
            "u" => t.uniques.push(Unique { name, columns }),
            "f" => t.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_schema: schema_of(text(row, 4)),
                ref_table: text(row, 5).to_string(),
                ref_columns: names(text(row, 6)),
                on_delete: fk_action_code(text(row, 7)),
                on_update: fk_action_code(text(row, 8)),
            }),
            "c" => t.checks.push(Check {
                name,
                expression: strip_outer_parens(text(row, 9)),
            }),
            _ => uncompared.push((
                "exclusion constraints".into(),
                format!("{}.{}", t.key(), text(row, 1)),
            )),
        }
    }

    // The definition of a part is only read for expressions (key 0): deparsing every part
    // was most of this query's time.
    let parts = cat
        .rows(
            "indexes",
            &format!(
                "SELECT i.indrelid::text, ic.relname::text, i.indisunique::text, a.attname::text, \
         CASE WHEN k.num = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) END, \
         (i.indoption[(k.ord - 1)::int]::int & 1)::text, pg_get_expr(i.indpred, i.indrelid), \
         am.amname::text \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_am am ON am.oid = ic.relam \
         JOIN {from_tables} ON c.oid = i.indrelid \
         CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num <> 0 \
         WHERE {tables_where} AND k.ord <= i.indnkeyatts \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid \
                         AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indrelid, ic.relname, k.ord"
            ),
        )
        .await?;
    add_indexes(&mut tables, &parts, &mut uncompared);

    let triggers = cat.rows("triggers", &format!(
        "SELECT t.tgrelid::text, t.tgname::text, pg_get_triggerdef(t.oid, true), \
         n.nspname::text, c.relname::text \
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE NOT t.tgisinternal AND n.nspname IN ({ns}) ORDER BY t.tgname")).await?;
    for row in &triggers {
        let schema = schema_of(text(row, 3));
        if options.excluded(schema.as_deref(), text(row, 4)) {
            continue;
        }
        let table_key = qualified(schema.as_deref(), text(row, 4));
        uncompared.push((
            "triggers".into(),
            format!("{} on {table_key}", text(row, 1)),
        ));
        if let Some(t) = tables.get_mut(text(row, 0)) {
            t.triggers.push(Trigger {
                name: text(row, 1).to_string(),
                sql: text(row, 2).to_string(),
            });
        }
    }

    let mut schema = Schema {
        tables: tables.into_values().collect(),
        ..Schema::default()
    };
    schema.views = objects::views(cat, &ns, &mut uncompared).await?;
    schema.enums = objects::enums(cat, &ns).await?;
    schema.sequences = objects::sequences(cat, &ns).await?;
    uncompared.extend(objects::others(cat, &ns).await?);
    schema.not_compared = not_compared(uncompared);
    Ok(schema)
}

/// `'public', 'x'` for `nspname IN (…)`.
fn namespaces(options: &IntrospectOptions) -> String {
    std::iter::once("public")
        .chain(options.schemas.iter().map(String::as_str))
        .map(crate::dialect::postgres::literal)
        .collect::<Vec<_>>()
        .join(", ")
}

fn names(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        return Vec::new();
    }
    joined.split(SEP).map(str::to_string).collect()
}

/// A column row. A `nextval` default on a sequence the column owns is `serial`: the default is
/// the mechanism, not a value, so it is dropped (its sequence name would differ per table name).
fn column(row: &[Option<String>]) -> Column {
    let type_name = text(row, 2).to_string();
    let raw_default = opt(row, 4);
    let mut identity = match text(row, 5) {
        "a" => Some(Identity::Always),
        "d" => Some(Identity::ByDefault),
        _ => None,
    };
    let generated = (text(row, 6) == "s").then(|| Generated {
        expression: strip_outer_parens(raw_default.as_deref().unwrap_or("")),
        stored: true,
    });
    let mut default = if generated.is_some() {
        None
    } else {
        raw_default
    };
    if identity.is_none() && flag(row, 8) && is_nextval(default.as_deref()) {
        identity = Some(Identity::Serial);
        default = None;
    }
    Column {
        name: text(row, 1).to_string(),
        normalized_type: normalize_type(Dialect::Postgresql, &type_name),
        type_name,
        nullable: !flag(row, 3),
        default: normalize_default(Dialect::Postgresql, default.as_deref()),
        identity,
        generated,
        comment: opt(row, 7),
    }
}

/// Index part rows, grouped per index. Only B-tree indexes fit the model (it has no access
/// method); GIN, GiST and the others are counted as not compared rather than misrendered.
fn add_indexes(
    tables: &mut BTreeMap<String, Table>,
    rows: &[Vec<Option<String>>],
    uncompared: &mut Vec<(String, String)>,
) {
    let grouped = by_table_and_name(rows);
    for ((table, name), parts) in grouped {
        let Some(t) = tables.get_mut(table) else {
            continue;
        };
        let first = parts[0];
        if text(first, 7) != "btree" {
            uncompared.push((
                format!("{} indexes", text(first, 7)),
                format!("{name} on {}", t.key()),
            ));
            continue;
        }
        t.indexes.push(Index {
            name: name.to_string(),
            unique: flag(first, 2),
            parts: parts
                .iter()
                .map(|r| IndexPart {
                    key: match opt(r, 3) {
                        Some(column) => IndexKey::Column(column),
                        None => IndexKey::Expression(strip_outer_parens(text(r, 4))),
                    },
                    descending: int(r, 5) == Some(1),
                })
                .collect(),
            predicate: opt(first, 6).map(|p| strip_outer_parens(&p)),
        });
    }
}
