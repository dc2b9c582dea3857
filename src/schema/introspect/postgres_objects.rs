//! PostgreSQL objects beside tables: views (with what they read, from `pg_depend`), enums,
//! free-standing sequences, and the objects that are only counted (routines, policies, …).

use super::{flag, int, opt, text, Catalog};
use crate::error::Result;
use crate::schema::{qualified, Enum, Sequence, View, ViewDependency};
use std::collections::BTreeMap;

/// Views with their bodies and, from the view's rewrite rule in `pg_depend`, the relations and
/// columns they read. Materialized views are counted as not compared.
pub(super) async fn views(
    cat: &mut Catalog<'_>,
    ns: &str,
    uncompared: &mut Vec<(String, String)>,
) -> Result<Vec<View>> {
    let rows = cat
        .rows(
            "views",
            &format!(
        "SELECT c.oid::text, n.nspname::text, c.relname::text, pg_get_viewdef(c.oid, true), \
         obj_description(c.oid, 'pg_class'), c.relkind::text \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND n.nspname IN ({ns}) ORDER BY c.oid"),
        )
        .await?;
    let deps = cat
        .rows(
            "view dependencies",
            &format!(
        "SELECT DISTINCT r.ev_class::text, rn.nspname::text, rc.relname::text, ra.attname::text \
         FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class \
         JOIN pg_namespace vn ON vn.oid = v.relnamespace \
         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid \
              AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class \
         JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
         LEFT JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid \
              AND d.refobjsubid > 0 \
         WHERE v.relkind = 'v' AND vn.nspname IN ({ns})"),
        )
        .await?;
    let mut by_view: BTreeMap<&str, Vec<ViewDependency>> = BTreeMap::new();
    for row in &deps {
        by_view
            .entry(text(row, 0))
            .or_default()
            .push(ViewDependency {
                relation: qualified(schema_of(text(row, 1)).as_deref(), text(row, 2)),
                column: opt(row, 3),
            });
    }
    let mut views = Vec::new();
    for row in &rows {
        let schema = schema_of(text(row, 1));
        let name = text(row, 2).to_string();
        if text(row, 5) == "m" {
            uncompared.push((
                "materialized views".into(),
                qualified(schema.as_deref(), &name),
            ));
            continue;
        }
        views.push(View {
            schema,
            name,
            definition: text(row, 3)
                .trim()
                .trim_end_matches(';')
                .trim_end()
                .to_string(),
            depends_on: Some(by_view.remove(text(row, 0)).unwrap_or_default()),
            comment: opt(row, 4),
        });
    }
    Ok(views)
}

pub(super) async fn enums(cat: &mut Catalog<'_>, ns: &str) -> Result<Vec<Enum>> {
    let rows = cat
        .rows(
            "enums",
            &format!(
                "SELECT n.nspname::text, t.typname::text, e.enumlabel::text \
         FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid \
         JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE n.nspname IN ({ns}) ORDER BY n.nspname, t.typname, e.enumsortorder"
            ),
        )
        .await?;
    let mut enums: Vec<Enum> = Vec::new();
    for row in &rows {
        let schema = schema_of(text(row, 0));
        match enums.last_mut() {
            Some(e) if e.schema == schema && e.name == text(row, 1) => {
                e.values.push(text(row, 2).to_string())
            }
            _ => enums.push(Enum {
                schema,
                name: text(row, 1).to_string(),
                values: vec![text(row, 2).to_string()],
            }),
        }
    }
    Ok(enums)
}

/// Free-standing sequences; those a serial or identity column owns are part of that column.
pub(super) async fn sequences(cat: &mut Catalog<'_>, ns: &str) -> Result<Vec<Sequence>> {
    let rows = cat
        .rows(
            "sequences",
            &format!(
                "SELECT n.nspname::text, c.relname::text, s.seqstart::text, s.seqincrement::text, \
         s.seqmin::text, s.seqmax::text, s.seqcycle::text \
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname IN ({ns}) AND NOT EXISTS (SELECT 1 FROM pg_depend d \
             WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid \
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))"
            ),
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| Sequence {
            schema: schema_of(text(row, 0)),
            name: text(row, 1).to_string(),
            start: int(row, 2),
            increment: int(row, 3),
            min_value: int(row, 4),
            max_value: int(row, 5),
            cycle: flag(row, 6),
            owned_by: None,
        })
        .collect())
}

/// Everything else worth knowing about, in one query: routines, policies, rules, domains,
/// composite types and extensions (plpgsql, always there, left out). Extension members too.
pub(super) async fn others(cat: &mut Catalog<'_>, ns: &str) -> Result<Vec<(String, String)>> {
    let not_extension = |class: &str, oid: &str| {
        format!(
            "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '{class}'::regclass \
         AND e.objid = {oid} AND e.deptype = 'e')"
        )
    };
    let rows = cat
        .rows(
            "other objects",
            &format!(
                "SELECT CASE p.prokind WHEN 'p' THEN 'procedures' WHEN 'a' THEN 'aggregates' \
                WHEN 'w' THEN 'window functions' ELSE 'functions' END, p.oid::regprocedure::text \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname IN ({ns}) AND {} \
         UNION ALL SELECT 'policies', pol.polname::text || ' on ' || c.oid::regclass::text \
         FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ({ns}) \
         UNION ALL SELECT 'rules', r.rulename::text || ' on ' || c.oid::regclass::text \
         FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname IN ({ns}) AND r.rulename <> '_RETURN' \
         UNION ALL SELECT CASE t.typtype WHEN 'd' THEN 'domains' ELSE 'composite types' END, \
                t.oid::regtype::text \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         LEFT JOIN pg_class tc ON tc.oid = t.typrelid \
         WHERE n.nspname IN ({ns}) AND (t.typtype = 'd' OR (t.typtype = 'c' AND tc.relkind = 'c')) \
         AND {} \
         UNION ALL SELECT 'extensions', extname::text FROM pg_extension WHERE extname <> 'plpgsql'",
                not_extension("pg_proc", "p.oid"),
                not_extension("pg_type", "t.oid")
            ),
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (text(r, 0).to_string(), text(r, 1).to_string()))
        .collect())
}

/// The model's schema field: `None` for `public`.
pub(super) fn schema_of(nspname: &str) -> Option<String> {
    (!nspname.is_empty() && nspname != "public").then(|| nspname.to_string())
}
