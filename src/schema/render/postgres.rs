//! PostgreSQL statements: ALTER TABLE per aspect, enum values in place or a safe type rebuild,
//! sequences, COMMENT ON, and schema-qualified names.

use super::ddl::{
    column_def, create_index, create_table, fk_clause, ident, idents, implied_name, name,
};
use crate::dialect::postgres::literal;
use crate::schema::model::{Column, Enum, Identity, Sequence, Table, View};
use crate::schema::op::{Aspect, Op};
use crate::Dialect::Postgresql as D;

pub(super) fn render(op: &Op) -> Vec<String> {
    let alter = |table: &str, rest: String| format!("ALTER TABLE {} {rest}", name(D, table));
    match op {
        Op::CreateTable(t) => create(t),
        Op::DropTable(t) => vec![format!("DROP TABLE {}", name(D, &t.key()))],
        Op::RenameTable { from, to } => {
            vec![alter(from, format!("RENAME TO {}", ident(D, bare(to))))]
        }
        Op::RebuildTable { .. } => Vec::new(),
        Op::AddColumn { table, column } => {
            let mut out = vec![alter(
                table,
                format!("ADD COLUMN {}", column_def(D, column, false)),
            )];
            out.extend(
                column
                    .comment
                    .as_ref()
                    .map(|c| column_comment(table, &column.name, Some(c))),
            );
            out
        }
        Op::DropColumn { table, column } => vec![alter(
            table,
            format!("DROP COLUMN {}", ident(D, &column.name)),
        )],
        Op::RenameColumn { table, from, to } => {
            vec![alter(
                table,
                format!("RENAME COLUMN {} TO {}", ident(D, from), ident(D, to)),
            )]
        }
        Op::AlterColumn {
            table,
            from,
            to,
            aspect,
        } => alter_column(table, from, to, *aspect),
        Op::AddIndex { table, index } => vec![create_index(D, table, index)],
        Op::DropIndex { table, index } => {
            let key = match table.split_once('.') {
                Some((schema, _)) => format!("{schema}.{}", index.name),
                None => index.name.clone(),
            };
            vec![format!("DROP INDEX {}", name(D, &key))]
        }
        Op::AddUnique { table, unique } => vec![alter(
            table,
            format!(
                "ADD {}UNIQUE ({})",
                constraint(&unique.name),
                idents(D, &unique.columns)
            ),
        )],
        Op::DropUnique { table, unique } => {
            drop_constraint(table, &unique.name, &unique.columns, "key")
        }
        Op::AddForeignKey { table, fk } => vec![alter(table, format!("ADD {}", fk_clause(D, fk)))],
        Op::DropForeignKey { table, fk } => drop_constraint(table, &fk.name, &fk.columns, "fkey"),
        Op::AddCheck { table, check } => vec![alter(
            table,
            format!(
                "ADD {}CHECK ({})",
                constraint(&check.name),
                check.expression
            ),
        )],
        Op::DropCheck { table, check } => drop_constraint(table, &check.name, &[], "check"),
        Op::AlterPrimaryKey { table, from, to } => {
            let mut out = Vec::new();
            if let Some(pk) = from {
                out.extend(drop_constraint(table, &pk.name, &pk.columns, "pkey"));
            }
            if let Some(pk) = to.as_ref().filter(|p| !p.columns.is_empty()) {
                out.push(alter(
                    table,
                    format!(
                        "ADD {}PRIMARY KEY ({})",
                        constraint(&pk.name),
                        idents(D, &pk.columns)
                    ),
                ));
            }
            out
        }
        Op::CreateView(v) => create_view(v),
        Op::DropView(v) => vec![format!("DROP VIEW {}", name(D, &v.key()))],
        Op::ReplaceView { to, .. } => {
            let mut out = vec![format!("DROP VIEW {}", name(D, &to.key()))];
            out.extend(create_view(to));
            out
        }
        Op::CreateEnum(e) => vec![create_enum(e, &e.key())],
        Op::DropEnum(e) => vec![format!("DROP TYPE {}", name(D, &e.key()))],
        Op::AddEnumValues { from, to, .. } => add_enum_values(from, to),
        Op::RebuildEnum { to, columns, .. } => rebuild_enum(to, columns),
        Op::CreateSequence(s) => vec![format!(
            "CREATE SEQUENCE {}{}",
            name(D, &s.key()),
            sequence_options(s, false)
        )],
        Op::DropSequence(s) => vec![format!("DROP SEQUENCE {}", name(D, &s.key()))],
        Op::AlterSequence { to, .. } => vec![format!(
            "ALTER SEQUENCE {}{}",
            name(D, &to.key()),
            sequence_options(to, true)
        )],
        Op::TableComment { table, to, .. } => vec![format!(
            "COMMENT ON TABLE {} IS {}",
            name(D, table),
            comment_text(to.as_deref())
        )],
        Op::ColumnComment {
            table, column, to, ..
        } => vec![column_comment(table, &column.name, to.as_ref())],
        Op::ViewComment { view, to, .. } => vec![format!(
            "COMMENT ON VIEW {} IS {}",
            name(D, view),
            comment_text(to.as_deref())
        )],
    }
}

fn bare(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

fn constraint(n: &Option<String>) -> String {
    n.as_ref()
        .map_or(String::new(), |n| format!("CONSTRAINT {} ", ident(D, n)))
}

fn drop_constraint(
    table: &str,
    n: &Option<String>,
    columns: &[String],
    suffix: &str,
) -> Vec<String> {
    let n = n
        .clone()
        .unwrap_or_else(|| implied_name(D, table, columns, suffix));
    vec![format!(
        "ALTER TABLE {} DROP CONSTRAINT {}",
        name(D, table),
        ident(D, &n)
    )]
}

fn comment_text(text: Option<&str>) -> String {
    text.map_or("NULL".into(), literal)
}

fn column_comment(table: &str, column: &str, text: Option<&String>) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        name(D, table),
        ident(D, column),
        comment_text(text.map(String::as_str))
    )
}

fn create(t: &Table) -> Vec<String> {
    let key = t.key();
    let mut out = vec![create_table(D, t, &key)];
    out.extend(t.indexes.iter().map(|i| create_index(D, &key, i)));
    out.extend(
        t.comment
            .as_ref()
            .map(|c| format!("COMMENT ON TABLE {} IS {}", name(D, &key), literal(c))),
    );
    for c in &t.columns {
        out.extend(
            c.comment
                .as_ref()
                .map(|text| column_comment(&key, &c.name, Some(text))),
        );
    }
    out
}

fn create_view(v: &View) -> Vec<String> {
    let mut out = vec![format!(
        "CREATE VIEW {} AS {}",
        name(D, &v.key()),
        v.definition.trim().trim_end_matches(';')
    )];
    out.extend(
        v.comment
            .as_ref()
            .map(|c| format!("COMMENT ON VIEW {} IS {}", name(D, &v.key()), literal(c))),
    );
    out
}

fn alter_column(table: &str, from: &Column, to: &Column, aspect: Aspect) -> Vec<String> {
    let head = format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        name(D, table),
        ident(D, &to.name)
    );
    match aspect {
        Aspect::Type => vec![format!(
            "{head} TYPE {t} USING {}::{t}",
            ident(D, &to.name),
            t = to.type_name
        )],
        Aspect::Nullability if to.nullable => vec![format!("{head} DROP NOT NULL")],
        Aspect::Nullability => vec![format!("{head} SET NOT NULL")],
        Aspect::Default => match &to.default {
            Some(d) => vec![format!("{head} SET DEFAULT {d}")],
            None => vec![format!("{head} DROP DEFAULT")],
        },
        Aspect::Identity => identity(table, &head, from, to),
        Aspect::Generated => match (&from.generated, &to.generated) {
            // Keeps the computed values as plain data.
            (Some(_), None) => vec![format!("{head} DROP EXPRESSION")],
            _ => vec![format!(
                "ALTER TABLE {} DROP COLUMN {}, ADD COLUMN {}",
                name(D, table),
                ident(D, &to.name),
                column_def(D, to, false)
            )],
        },
    }
}

fn identity(table: &str, head: &str, from: &Column, to: &Column) -> Vec<String> {
    let generated = |i: Identity| {
        if i == Identity::Always {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        }
    };
    let seq = format!("{}_{}_seq", bare(table), to.name);
    let mut out = Vec::new();
    match (from.identity, to.identity) {
        (
            Some(a @ (Identity::Always | Identity::ByDefault)),
            Some(b @ (Identity::Always | Identity::ByDefault)),
        ) => {
            if a == b {
                return Vec::new();
            }
            return vec![format!("{head} SET GENERATED {}", generated(b))];
        }
        (Some(Identity::Always | Identity::ByDefault), _) => {
            out.push(format!("{head} DROP IDENTITY"))
        }
        (Some(Identity::Serial), _) => {
            out.push(format!("{head} DROP DEFAULT"));
            out.push(format!("DROP SEQUENCE {}", ident(D, &seq)));
        }
        _ => {}
    }
    match to.identity {
        Some(i @ (Identity::Always | Identity::ByDefault)) => {
            out.push(format!("{head} ADD GENERATED {} AS IDENTITY", generated(i)));
        }
        Some(Identity::Serial) => {
            out.push(format!(
                "CREATE SEQUENCE {} OWNED BY {}.{}",
                ident(D, &seq),
                name(D, table),
                ident(D, &to.name)
            ));
            out.push(format!("{head} SET DEFAULT nextval({})", literal(&seq)));
        }
        _ => out.extend(
            to.default
                .as_ref()
                .map(|d| format!("{head} SET DEFAULT {d}")),
        ),
    }
    out
}

fn create_enum(e: &Enum, key: &str) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        name(D, key),
        values.join(", ")
    )
}

/// Each new value placed where the target has it: before the next existing value, or at the end.
fn add_enum_values(from: &Enum, to: &Enum) -> Vec<String> {
    let mut present: Vec<&String> = from.values.iter().collect();
    let mut out = Vec::new();
    for (i, value) in to.values.iter().enumerate() {
        if present.contains(&value) {
            continue;
        }
        let next = to.values[i + 1..].iter().find(|v| present.contains(v));
        let position = next.map_or(String::new(), |n| format!(" BEFORE {}", literal(n)));
        out.push(format!(
            "ALTER TYPE {} ADD VALUE {}{position}",
            name(D, &to.key()),
            literal(value)
        ));
        present.push(value);
    }
    out
}

/// Rename the old type away, create the new one, recast every column through text, drop the
/// old type: the only way PostgreSQL removes or reorders enum values.
fn rebuild_enum(to: &Enum, columns: &[(String, Column)]) -> Vec<String> {
    let key = to.key();
    let old = format!("{}_retort_old", bare(&key));
    let mut out = vec![
        format!("ALTER TYPE {} RENAME TO {}", name(D, &key), ident(D, &old)),
        create_enum(to, &key),
    ];
    let old_key = match key.split_once('.') {
        Some((schema, _)) => format!("{schema}.{old}"),
        None => old,
    };
    for (table, column) in columns {
        let head = format!(
            "ALTER TABLE {} ALTER COLUMN {}",
            name(D, table),
            ident(D, &column.name)
        );
        if column.default.is_some() {
            out.push(format!("{head} DROP DEFAULT"));
        }
        out.push(format!(
            "{head} TYPE {t} USING {}::text::{t}",
            ident(D, &column.name),
            t = name(D, &key)
        ));
        if let Some(d) = &column.default {
            out.push(format!("{head} SET DEFAULT {d}"));
        }
    }
    out.push(format!("DROP TYPE {}", name(D, &old_key)));
    out
}

fn sequence_options(s: &Sequence, altering: bool) -> String {
    let mut o = String::new();
    if let Some(i) = s.increment {
        o.push_str(&format!(" INCREMENT BY {i}"));
    }
    match s.min_value {
        Some(v) => o.push_str(&format!(" MINVALUE {v}")),
        None if altering => o.push_str(" NO MINVALUE"),
        None => {}
    }
    match s.max_value {
        Some(v) => o.push_str(&format!(" MAXVALUE {v}")),
        None if altering => o.push_str(" NO MAXVALUE"),
        None => {}
    }
    if let Some(v) = s.start {
        o.push_str(&format!(" START WITH {v}"));
    }
    if s.cycle {
        o.push_str(" CYCLE");
    } else if altering {
        o.push_str(" NO CYCLE");
    }
    o
}
