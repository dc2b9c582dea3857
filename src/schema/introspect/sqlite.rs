//! SQLite: `sqlite_master` plus the table-valued pragmas, joined so that the whole schema takes
//! four queries whatever the table count. What the pragmas do not say (checks, generated
//! expressions, constraint names, index expressions, view bodies) comes from the stored
//! `CREATE` text, parsed in `sqlite_ddl`. SQLite has no comments, enums or sequences.

use super::sqlite_ddl::{parse_index, parse_table, view_body, TableDdl};
use super::{
    by_table_and_name, fk_action, flag, int, not_compared, opt, text, Catalog, IntrospectOptions,
};
use crate::error::Result;
use crate::schema::{
    normalize_default, normalize_type, Column, ForeignKey, Identity, Index, IndexKey, IndexPart,
    PrimaryKey, Schema, Table, Trigger, Unique, View,
};
use crate::Dialect;
use std::collections::BTreeMap;

const USER_OBJECTS: &str = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

pub(super) async fn read(cat: &mut Catalog<'_>, options: &IntrospectOptions) -> Result<Schema> {
    let master = cat
        .rows(
            "sqlite_master",
            &format!("SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_master m WHERE {USER_OBJECTS} ORDER BY m.name"),
        )
        .await?;
    let columns = cat
        .rows(
            "columns",
            &format!(
                "SELECT m.name, x.name, x.type, CAST(x.\"notnull\" AS TEXT), x.dflt_value, \
                 CAST(x.pk AS TEXT), CAST(x.hidden AS TEXT) \
                 FROM sqlite_master m JOIN pragma_table_xinfo(m.name) x \
                 WHERE m.type = 'table' AND {USER_OBJECTS} ORDER BY m.name, x.cid"
            ),
        )
        .await?;
    let index_parts = cat
        .rows(
            "indexes",
            &format!(
                "SELECT m.name, il.name, CAST(il.\"unique\" AS TEXT), il.origin, \
                 CAST(ix.seqno AS TEXT), CAST(ix.cid AS TEXT), ix.name, CAST(ix.\"desc\" AS TEXT) \
                 FROM sqlite_master m JOIN pragma_index_list(m.name) il \
                 JOIN pragma_index_xinfo(il.name) ix \
                 WHERE m.type = 'table' AND {USER_OBJECTS} AND ix.key = 1 \
                 ORDER BY m.name, il.name, ix.seqno"
            ),
        )
        .await?;
    let fks = cat
        .rows(
            "foreign keys",
            &format!(
                "SELECT m.name, CAST(f.id AS TEXT), f.\"table\", f.\"from\", f.\"to\", \
                 f.on_update, f.on_delete \
                 FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
                 WHERE m.type = 'table' AND {USER_OBJECTS} ORDER BY m.name, f.id, f.seq"
            ),
        )
        .await?;

    let mut tables: BTreeMap<String, (Table, TableDdl)> = BTreeMap::new();
    let mut index_sql: BTreeMap<String, String> = BTreeMap::new();
    let mut schema = Schema::default();
    let mut uncompared = Vec::new();
    let mut triggers = Vec::new();
    for row in &master {
        let (kind, name, table, sql) = (text(row, 0), text(row, 1), text(row, 2), text(row, 3));
        match kind {
            "table" if !options.excluded(None, name) => {
                let ddl = parse_table(sql);
                let t = Table {
                    name: name.to_string(),
                    checks: ddl.checks.clone(),
                    ..Table::default()
                };
                tables.insert(name.to_string(), (t, ddl));
            }
            "index" => {
                index_sql.insert(name.to_string(), sql.to_string());
            }
            "view" => schema.views.push(View {
                name: name.to_string(),
                definition: view_body(sql),
                ..View::default()
            }),
            "trigger" if !options.excluded(None, table) => {
                uncompared.push(("triggers".to_string(), format!("{name} on {table}")));
                triggers.push((table.to_string(), name.to_string(), sql.to_string()));
            }
            _ => {}
        }
    }

    // `pk` is the column's 1-based position in the primary key, 0 outside it.
    let mut pk_positions: BTreeMap<&str, Vec<(i64, String)>> = BTreeMap::new();
    for row in &columns {
        let Some((table, ddl)) = tables.get_mut(text(row, 0)) else {
            continue;
        };
        table.columns.push(column(row, ddl));
        if let Some(position) = int(row, 5).filter(|p| *p > 0) {
            pk_positions
                .entry(text(row, 0))
                .or_default()
                .push((position, text(row, 1).to_string()));
        }
    }
    for (table, mut positions) in pk_positions {
        if let Some((t, ddl)) = tables.get_mut(table) {
            positions.sort();
            // A lone INTEGER PRIMARY KEY aliases the rowid, which is never NULL, though the
            // pragma reports it nullable unless declared NOT NULL.
            if let [(_, only)] = positions.as_slice() {
                if let Some(c) = t.columns.iter_mut().find(|c| c.name == *only) {
                    c.nullable &= !c.type_name.eq_ignore_ascii_case("INTEGER");
                }
            }
            t.primary_key = Some(PrimaryKey {
                name: ddl.primary_key_name.clone(),
                columns: positions.into_iter().map(|(_, c)| c).collect(),
            });
        }
    }
    add_indexes(&mut tables, &index_parts, &index_sql);
    add_foreign_keys(&mut tables, &fks);
    for (table, name, sql) in triggers {
        if let Some((t, _)) = tables.get_mut(&table) {
            t.triggers.push(Trigger { name, sql });
        }
    }
    schema.tables = tables.into_values().map(|(t, _)| t).collect();
    schema.not_compared = not_compared(uncompared);
    Ok(schema)
}

/// One `pragma_table_xinfo` row: name, declared type, NOT NULL, default, `hidden` (2 virtual
/// generated, 3 stored generated).
fn column(row: &[Option<String>], ddl: &TableDdl) -> Column {
    let name = text(row, 1).to_string();
    // Old SQLite versions put "GENERATED ALWAYS" into the reported type.
    let declared = text(row, 2);
    let declared = declared
        .strip_suffix("GENERATED ALWAYS")
        .unwrap_or(declared)
        .trim();
    let hidden = int(row, 6).unwrap_or(0);
    let generated = (hidden == 2 || hidden == 3)
        .then(|| ddl.generated.iter().find(|(c, _)| *c == name))
        .flatten()
        .map(|(_, g)| g.clone());
    Column {
        identity: (ddl.autoincrement.as_deref() == Some(name.as_str()))
            .then_some(Identity::AutoIncrement),
        normalized_type: normalize_type(Dialect::Sqlite, declared),
        type_name: declared.to_string(),
        nullable: !flag(row, 3),
        default: normalize_default(Dialect::Sqlite, opt(row, 4).as_deref()),
        generated,
        name,
        comment: None,
    }
}

/// `pragma_index_list` origins: `pk` backs the primary key (skipped), `u` a UNIQUE constraint,
/// `c` a `CREATE INDEX`, whose text gives expressions and the predicate.
fn add_indexes(
    tables: &mut BTreeMap<String, (Table, TableDdl)>,
    rows: &[Vec<Option<String>>],
    index_sql: &BTreeMap<String, String>,
) {
    let grouped = by_table_and_name(rows);
    for ((table, index), parts) in grouped {
        let Some((t, ddl)) = tables.get_mut(table) else {
            continue;
        };
        let (unique, origin) = (flag(parts[0], 2), text(parts[0], 3));
        match origin {
            "pk" => {}
            "u" => {
                let columns: Vec<String> = parts.iter().map(|r| text(r, 6).to_string()).collect();
                let name = ddl
                    .unique_names
                    .iter()
                    .find(|(cols, _)| *cols == columns)
                    .map(|(_, n)| n.clone());
                t.uniques.push(Unique { name, columns });
            }
            _ => {
                let written = parse_index(index_sql.get(index).map_or("", String::as_str));
                let parts = parts
                    .iter()
                    .map(|r| {
                        let seq = int(r, 4).unwrap_or(0) as usize;
                        let key = if int(r, 5) == Some(-2) {
                            IndexKey::Expression(
                                written.parts.get(seq).cloned().unwrap_or_default(),
                            )
                        } else {
                            IndexKey::Column(text(r, 6).to_string())
                        };
                        IndexPart {
                            key,
                            descending: flag(r, 7),
                        }
                    })
                    .collect();
                t.indexes.push(Index {
                    name: index.to_string(),
                    unique,
                    parts,
                    predicate: written.predicate,
                });
            }
        }
    }
}

/// `pragma_foreign_key_list` rows grouped by id; a NULL `to` means the parent's primary key.
fn add_foreign_keys(
    tables: &mut BTreeMap<String, (Table, TableDdl)>,
    rows: &[Vec<Option<String>>],
) {
    let primary_keys: BTreeMap<String, Vec<String>> = tables
        .iter()
        .filter_map(|(n, (t, _))| Some((n.clone(), t.primary_key.as_ref()?.columns.clone())))
        .collect();
    let mut grouped: BTreeMap<(&str, i64), Vec<&Vec<Option<String>>>> = BTreeMap::new();
    for row in rows {
        grouped
            .entry((text(row, 0), int(row, 1).unwrap_or(0)))
            .or_default()
            .push(row);
    }
    for ((table, _), rows) in grouped {
        let Some((t, ddl)) = tables.get_mut(table) else {
            continue;
        };
        let first = rows[0];
        let ref_table = text(first, 2).to_string();
        let columns: Vec<String> = rows.iter().map(|r| text(r, 3).to_string()).collect();
        let mut ref_columns: Vec<String> = rows.iter().filter_map(|r| opt(r, 4)).collect();
        if ref_columns.is_empty() {
            ref_columns = primary_keys.get(&ref_table).cloned().unwrap_or_default();
        }
        let name = ddl
            .fk_names
            .iter()
            .find(|(cols, _)| *cols == columns)
            .map(|(_, n)| n.clone());
        t.foreign_keys.push(ForeignKey {
            name,
            columns,
            ref_schema: None,
            ref_table,
            ref_columns,
            on_delete: fk_action(text(first, 6)),
            on_update: fk_action(text(first, 5)),
        });
    }
}
