//! How a revision is shown: Alembic's one-line form (`a -> b (head), message`) and a JSON shape.

use retort::workspace::Graph;
use serde::Serialize;

#[derive(Serialize)]
pub struct RevisionJson<'a> {
    pub id: &'a str,
    pub parents: &'a [String],
    pub message: &'a str,
    pub created: Option<&'a str>,
    pub branch_labels: Vec<&'a str>,
    pub depends_on: &'a [String],
    pub is_head: bool,
    pub is_base: bool,
    pub is_branch_point: bool,
    pub is_merge_point: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_current: Option<bool>,
    pub path: String,
}

pub fn json<'a>(graph: &'a Graph, i: usize, current: Option<bool>) -> RevisionJson<'a> {
    let node = graph.node(i);
    RevisionJson {
        id: &node.header.id,
        parents: &node.header.parents,
        message: &node.header.message,
        created: node.header.created.as_deref(),
        branch_labels: node.labels.iter().map(String::as_str).collect(),
        depends_on: &node.header.depends_on,
        is_head: node.children.is_empty(),
        is_base: node.parents.is_empty(),
        is_branch_point: node.children.len() > 1,
        is_merge_point: node.parents.len() > 1,
        is_current: current,
        path: node.header.path.display().to_string(),
    }
}

/// `id (labels) (head) (current)`.
pub fn tag(graph: &Graph, i: usize, current: bool) -> String {
    let node = graph.node(i);
    let mut out = node.header.id.clone();
    if !node.labels.is_empty() {
        out.push_str(&format!(
            " ({})",
            node.labels.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if node.children.is_empty() {
        // Alembic's words for a head that another revision depends on.
        out.push_str(if node.dependents.is_empty() {
            " (head)"
        } else {
            " (effective head)"
        });
    }
    if current {
        out.push_str(" (current)");
    }
    out
}

/// `parents -> id (head) (branchpoint), message`.
pub fn line(graph: &Graph, i: usize, current: bool) -> String {
    let node = graph.node(i);
    let mut parents = if node.header.parents.is_empty() {
        "<base>".to_string()
    } else {
        node.header.parents.join(", ")
    };
    // As Alembic: dependencies in parentheses after the down revisions.
    if !node.header.depends_on.is_empty() {
        parents.push_str(&format!(" ({})", node.header.depends_on.join(", ")));
    }
    let mut out = format!("{parents} -> {}", tag(graph, i, current));
    if node.children.len() > 1 {
        out.push_str(" (branchpoint)");
    }
    if node.parents.len() > 1 {
        out.push_str(" (mergepoint)");
    }
    format!("{out}, {}", node.header.message)
}

/// The verbose block of `history --verbose` and `show`.
pub fn block(graph: &Graph, i: usize, current: bool) -> String {
    let node = graph.node(i);
    // Alembic's verbose form: flags on the Rev line, labels on their own line below.
    let mut out = format!("Rev: {}", node.header.id);
    // Unlike the one-line form, Alembic's verbose form says "(head)" for effective heads too.
    if node.children.is_empty() {
        out.push_str(" (head)");
    }
    if node.children.len() > 1 {
        out.push_str(" (branchpoint)");
    }
    if node.parents.len() > 1 {
        out.push_str(" (mergepoint)");
    }
    if current {
        out.push_str(" (current)");
    }
    out.push('\n');
    let parents = if node.header.parents.is_empty() {
        "<base>".to_string()
    } else {
        node.header.parents.join(", ")
    };
    out.push_str(&format!(
        "{}: {parents}\n",
        if node.parents.len() > 1 {
            "Merges"
        } else {
            "Parent"
        }
    ));
    // As Alembic's verbose form: children are named only at a branch point.
    if node.children.len() > 1 {
        let children: Vec<&str> = node.children.iter().map(|c| graph.id(*c)).collect();
        out.push_str(&format!("Branches into: {}\n", children.join(", ")));
    }
    if !node.header.depends_on.is_empty() {
        out.push_str(&format!(
            "Also depends on: {}\n",
            node.header.depends_on.join(", ")
        ));
    }
    if !node.labels.is_empty() {
        out.push_str(&format!(
            "Branch names: {}\n",
            node.labels.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    out.push_str(&format!("Path: {}\n", node.header.path.display()));
    if let Some(created) = &node.header.created {
        out.push_str(&format!("Created: {created}\n"));
    }
    out.push_str(&format!("\n    {}\n", node.header.message));
    out
}
