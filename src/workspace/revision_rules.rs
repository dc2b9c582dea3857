//! The rules every new Retort revision goes through, whoever writes it (`revision`, `merge`,
//! autogenerate, the app's saved draft): a fresh id that is not taken and stays inside the
//! versions folder, and parents that name existing revisions, resolved to their full ids.

use crate::error::{Error, Result};
use crate::graph::{Graph, Target};
use crate::project::Project;
use crate::script::{check_revision_id, new_revision_id};

/// `given` (`--rev-id`), else a new random id; refused when a revision has it already or when
/// it is not a valid id.
pub fn new_id(project: &Project, given: Option<String>) -> Result<String> {
    let id = given.unwrap_or_else(new_revision_id);
    if project.graph.index_of(&id).is_some() {
        return Err(Error::Invalid {
            message: format!("revision {id} already exists"),
        });
    }
    // The id becomes the file name: the parser's rule keeps it inside the versions folder.
    check_revision_id(&id).map_err(|message| Error::Invalid { message })?;
    Ok(id)
}

/// The parent of a new revision: `head` (`--head`: `base` for a new root, `head`, `label@head`,
/// an id, prefix or label), else the single head.
pub fn chosen_parents(graph: &Graph, head: Option<&str>) -> Result<Vec<usize>> {
    Ok(match head {
        Some("base") => Vec::new(),
        Some(rev) => match Target::parse(rev)? {
            Target::Head => graph.single_head(rev)?.into_iter().collect(),
            Target::BranchHead(label) => {
                let heads = graph.branch_heads(&label, rev)?;
                if heads.len() > 1 {
                    return Err(Error::MultipleHeads {
                        argument: rev.into(),
                        heads: graph.ids(&heads),
                    });
                }
                heads
            }
            _ => vec![graph.lookup(rev)?],
        },
        None => graph
            .single_head("head")
            .map_err(|e| match e {
                Error::MultipleHeads { heads, .. } => Error::MultipleHeads {
                    argument: "--head (default: head)".into(),
                    heads,
                },
                other => other,
            })?
            .into_iter()
            .collect(),
    })
}

/// `depends_on` entries resolved to revision ids.
pub fn dependencies(graph: &Graph, depends_on: &[String]) -> Result<Vec<String>> {
    depends_on
        .iter()
        .map(|dep| graph.lookup(dep).map(|i| graph.id(i).to_string()))
        .collect()
}
