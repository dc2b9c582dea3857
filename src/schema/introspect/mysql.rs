//! MariaDB / MySQL: information_schema of the connection's database, one query per kind of
//! object. MariaDB-isms handled here: quoted literal defaults, view bodies qualified with the
//! database name (stripped, so two databases with one schema compare equal), indexes InnoDB
//! creates by itself for foreign keys (left out: they come and go with the key), JSON as
//! `longtext` with a `json_valid` check (kept: that is what the server has).

use super::{
    by_table_and_name, fk_action, flag, int, not_compared, opt, text, Catalog, IntrospectOptions,
};
use crate::error::Result;
use crate::schema::{
    normalize_default, normalize_type, Check, Column, ForeignKey, Generated, Identity, Index,
    IndexKey, IndexPart, PrimaryKey, Schema, Table, Trigger, Unique, View,
};
use crate::Dialect;
use std::collections::BTreeMap;

const HERE: &str = "TABLE_SCHEMA = DATABASE()";

pub(super) async fn read(cat: &mut Catalog<'_>, options: &IntrospectOptions) -> Result<Schema> {
    let about = cat
        .rows("the database name", "SELECT DATABASE(), VERSION()")
        .await?;
    let database = about
        .first()
        .map(|r| text(r, 0).to_string())
        .unwrap_or_default();
    let mariadb = about
        .first()
        .is_some_and(|r| text(r, 1).contains("MariaDB"));

    let mut uncompared = Vec::new();
    let table_rows = cat
        .rows(
            "tables",
            &format!(
        "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES WHERE {HERE}"),
        )
        .await?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in &table_rows {
        let name = text(row, 0);
        match text(row, 1) {
            "BASE TABLE" | "SYSTEM VERSIONED" if !options.excluded(None, name) => {
                tables.insert(
                    name.to_string(),
                    Table {
                        name: name.to_string(),
                        comment: opt(row, 2).filter(|c| !c.is_empty()),
                        ..Table::default()
                    },
                );
            }
            "SEQUENCE" => uncompared.push(("sequences".into(), name.to_string())),
            _ => {}
        }
    }

    let columns = cat
        .rows(
            "columns",
            &format!(
                "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
         GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS \
         WHERE {HERE} ORDER BY TABLE_NAME, ORDINAL_POSITION"
            ),
        )
        .await?;
    for row in &columns {
        if let Some(t) = tables.get_mut(text(row, 0)) {
            t.columns.push(column(row));
        }
    }

    let fks = cat
        .rows(
            "foreign keys",
            &format!(
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, \
         k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
         JOIN information_schema.REFERENTIAL_CONSTRAINTS rc \
           ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME \
           AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.{HERE} AND k.REFERENCED_TABLE_NAME IS NOT NULL \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"),
        )
        .await?;
    add_foreign_keys(&mut tables, &fks, &database);

    let stats = cat
        .rows(
            "indexes",
            &format!(
                "SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE AS CHAR), COLUMN_NAME, COLLATION, \
         CAST(SUB_PART AS CHAR), INDEX_TYPE FROM information_schema.STATISTICS \
         WHERE {HERE} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
            ),
        )
        .await?;
    add_indexes(&mut tables, &stats, &mut uncompared);

    // MariaDB names column-level checks after their column, so names are unique per table only.
    let checks_sql = if mariadb {
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = DATABASE()".to_string()
    } else {
        "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE \
         FROM information_schema.CHECK_CONSTRAINTS cc JOIN information_schema.TABLE_CONSTRAINTS tc \
           ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME \
           AND tc.CONSTRAINT_TYPE = 'CHECK' \
         WHERE cc.CONSTRAINT_SCHEMA = DATABASE()".to_string()
    };
    for row in &cat.rows("check constraints", &checks_sql).await? {
        if let Some(t) = tables.get_mut(text(row, 0)) {
            t.checks.push(Check {
                name: opt(row, 1),
                expression: text(row, 2).to_string(),
            });
        }
    }

    let views = cat
        .rows(
            "views",
            &format!(
                "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE {HERE}"
            ),
        )
        .await?;
    let qualifier = format!("{}.", crate::dialect::mysql::quote(&database));
    let views = views
        .iter()
        .map(|row| View {
            name: text(row, 0).to_string(),
            definition: text(row, 1).replace(&qualifier, ""),
            ..View::default()
        })
        .collect();

    let triggers = cat.rows("triggers",
        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT \
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()").await?;
    for row in &triggers {
        let (name, table) = (text(row, 0), text(row, 1));
        if options.excluded(None, table) {
            continue;
        }
        uncompared.push(("triggers".into(), format!("{name} on {table}")));
        if let Some(t) = tables.get_mut(table) {
            let sql = format!(
                "CREATE TRIGGER `{name}` {} {} ON `{table}` FOR EACH ROW {}",
                text(row, 2),
                text(row, 3),
                text(row, 4)
            );
            t.triggers.push(Trigger {
                name: name.to_string(),
                sql,
            });
        }
    }

    let others = cat
        .rows(
            "routines and events",
            "SELECT CAST(CONCAT(LOWER(ROUTINE_TYPE), 's') AS CHAR), CAST(ROUTINE_NAME AS CHAR) \
         FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() \
         UNION ALL SELECT CAST('events' AS CHAR), CAST(EVENT_NAME AS CHAR) \
         FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
        )
        .await?;
    uncompared.extend(
        others
            .iter()
            .map(|r| (text(r, 0).to_string(), text(r, 1).to_string())),
    );

    Ok(Schema {
        tables: tables.into_values().collect(),
        views,
        not_compared: not_compared(uncompared),
        ..Schema::default()
    })
}

fn column(row: &[Option<String>]) -> Column {
    let type_name = text(row, 2).to_string();
    let extra = text(row, 5).to_ascii_uppercase();
    let generated = (extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED"))
        .then(|| Generated {
            expression: text(row, 6).to_string(),
            stored: extra.contains("STORED"),
        });
    let default = if generated.is_some() {
        None
    } else {
        opt(row, 4)
    };
    Column {
        name: text(row, 1).to_string(),
        normalized_type: normalize_type(Dialect::Mysql, &type_name),
        type_name,
        nullable: flag(row, 3),
        default: normalize_default(Dialect::Mysql, default.as_deref()),
        identity: extra
            .contains("AUTO_INCREMENT")
            .then_some(Identity::AutoIncrement),
        generated,
        comment: opt(row, 7).filter(|c| !c.is_empty()),
    }
}

fn add_foreign_keys(
    tables: &mut BTreeMap<String, Table>,
    rows: &[Vec<Option<String>>],
    database: &str,
) {
    for row in rows {
        let Some(t) = tables.get_mut(text(row, 0)) else {
            continue;
        };
        let name = text(row, 1);
        let fk = match t.foreign_keys.last_mut() {
            Some(fk) if fk.name.as_deref() == Some(name) => fk,
            _ => {
                let schema = text(row, 3);
                t.foreign_keys.push(ForeignKey {
                    name: Some(name.to_string()),
                    ref_schema: (schema != database).then(|| schema.to_string()),
                    ref_table: text(row, 4).to_string(),
                    on_update: fk_action(text(row, 6)),
                    on_delete: fk_action(text(row, 7)),
                    ..ForeignKey::default()
                });
                let Some(fk) = t.foreign_keys.last_mut() else {
                    continue;
                };
                fk
            }
        };
        fk.columns.push(text(row, 2).to_string());
        fk.ref_columns.push(text(row, 5).to_string());
    }
}

/// STATISTICS rows grouped per index. `PRIMARY` is the primary key; a unique index of plain
/// ascending whole columns is a unique constraint (MariaDB does not tell the two apart); the
/// index InnoDB made for a foreign key (named after the key or its first column, same columns)
/// is left out; FULLTEXT and SPATIAL indexes do not fit the model and are counted instead.
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
        let columns: Vec<String> = parts.iter().map(|r| text(r, 3).to_string()).collect();
        let kind = text(parts[0], 6);
        if kind != "BTREE" && kind != "HASH" {
            uncompared.push((
                format!("{} indexes", kind.to_ascii_lowercase()),
                format!("{name} on {table}"),
            ));
            continue;
        }
        if name == "PRIMARY" {
            t.primary_key = Some(PrimaryKey {
                name: None,
                columns,
            });
            continue;
        }
        let unique = !flag(parts[0], 2);
        let plain = parts
            .iter()
            .all(|r| text(r, 4) != "D" && int(r, 5).is_none());
        if unique && plain {
            t.uniques.push(Unique {
                name: Some(name.to_string()),
                columns,
            });
            continue;
        }
        let made_for_fk = !unique
            && plain
            && t.foreign_keys.iter().any(|fk| {
                fk.columns == columns
                    && (fk.name.as_deref() == Some(name)
                        || fk.columns.first().map(String::as_str) == Some(name))
            });
        if made_for_fk {
            continue;
        }
        t.indexes.push(Index {
            name: name.to_string(),
            unique,
            parts: parts
                .iter()
                .map(|r| IndexPart {
                    // The model has no prefix length: `col(10)` is read as `col`.
                    key: IndexKey::Column(text(r, 3).to_string()),
                    descending: text(r, 4) == "D",
                })
                .collect(),
            predicate: None,
        });
    }
}
