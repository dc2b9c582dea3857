//! Views: created, dropped, replaced, and, when a table or column beneath one changes, dropped
//! before the change and recreated after it, since databases refuse (or break the view) otherwise.

use super::planned::{Planned, Touched};
use crate::schema::expr::{mentions_identifier, normalize_expr};
use crate::schema::model::{Schema, View};
use crate::schema::op::Op;
use crate::Dialect;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn diff_views(
    from: &Schema,
    to: &Schema,
    dialect: Dialect,
    touched: &Touched,
    out: &mut Vec<Planned>,
) {
    let old: BTreeMap<String, &View> = from.views.iter().map(|v| (v.key(), v)).collect();
    let new: BTreeMap<String, &View> = to.views.iter().map(|v| (v.key(), v)).collect();
    let changed = |k: &String| match (old.get(k), new.get(k)) {
        (Some(a), Some(b)) => normalize_expr(&a.definition) != normalize_expr(&b.definition),
        _ => true,
    };
    // A view must come down when what it reads changes, or when a view it reads comes down.
    let mut affected: BTreeMap<String, String> = BTreeMap::new();
    for (key, view) in &old {
        if let Some((table, column)) = touched
            .iter()
            .find(|(t, c)| depends_on(view, t, c.as_deref()))
        {
            let what = column
                .as_ref()
                .map_or(table.clone(), |c| format!("{table}.{c}"));
            affected.insert(
                key.clone(),
                format!("reads {what}, which changes: dropped first and recreated after"),
            );
        }
    }
    loop {
        let down: BTreeSet<String> = old
            .keys()
            .filter(|k| affected.contains_key(*k) || changed(k))
            .cloned()
            .collect();
        let more: Vec<(String, String)> = old
            .iter()
            .filter(|(k, _)| !affected.contains_key(*k))
            .filter_map(|(k, v)| {
                down.iter()
                    .find(|d| *d != k && depends_on(v, d, None))
                    .map(|d| {
                        (
                            k.clone(),
                            format!(
                                "reads view {d}, which changes: dropped first and recreated after"
                            ),
                        )
                    })
            })
            .collect();
        if more.is_empty() {
            break;
        }
        affected.extend(more);
    }
    for (key, view) in &old {
        match (new.get(key), affected.get(key)) {
            (None, _) => out.push(Planned::new(Op::DropView((*view).clone()))),
            (Some(target), Some(why)) => {
                out.push(Planned::new(Op::DropView((*view).clone())).reason(why.clone()));
                out.push(Planned::new(Op::CreateView((*target).clone())).reason(why.clone()));
            }
            (Some(target), None) if changed(key) => out.push(Planned::new(Op::ReplaceView {
                from: (*view).clone(),
                to: (*target).clone(),
            })),
            (Some(target), None) => {
                if dialect == Dialect::Postgresql && view.comment != target.comment {
                    out.push(Planned::new(Op::ViewComment {
                        view: key.clone(),
                        from: view.comment.clone(),
                        to: target.comment.clone(),
                    }));
                }
            }
        }
    }
    for (key, view) in &new {
        if !old.contains_key(key) {
            out.push(Planned::new(Op::CreateView((*view).clone())));
        }
    }
}

/// Whether `view` reads `relation` (a table or view key), or its `column` when given. Without
/// catalog dependencies, any mention of the relation's name counts: dropping and recreating
/// a view needlessly is safe, missing one is not.
pub(crate) fn depends_on(view: &View, relation: &str, column: Option<&str>) -> bool {
    match &view.depends_on {
        Some(deps) => deps.iter().any(|d| {
            d.relation == relation
                && (column.is_none() || d.column.is_none() || d.column.as_deref() == column)
        }),
        None => {
            let name = relation.rsplit('.').next().unwrap_or(relation);
            mentions_identifier(&view.definition, name)
        }
    }
}
