//! `merge`: one revision joining two or more heads (a Retort project's written through the
//! engine's rules, an Alembic project's by its own `alembic merge`).

use super::alembic_run::Touches;
use super::connector::Connector;
use super::new_revision::{write, Generated};
use super::revision_rules::new_id;
use super::{Kind, Workspace};
use crate::error::{Error, Result};
use crate::script::NewRevision;

#[derive(Debug, Clone, Default)]
pub struct MergeRequest {
    pub message: String,
    /// Revisions to merge, or `heads`.
    pub revisions: Vec<String>,
    pub branch_labels: Vec<String>,
    pub rev_id: Option<String>,
}

impl Workspace {
    pub async fn merge(
        &self,
        connector: &dyn Connector,
        request: &MergeRequest,
    ) -> Result<Generated> {
        let project = match &self.kind {
            Kind::Alembic(project) => {
                if request.branch_labels.len() > 1 {
                    return Err(Error::Invalid {
                        message: "alembic takes one --branch-label per revision".into(),
                    });
                }
                let mut words = vec!["merge".to_string(), "-m".into(), request.message.clone()];
                words.extend(
                    request
                        .branch_labels
                        .iter()
                        .map(|l| format!("--branch-label={l}")),
                );
                words.extend(request.rev_id.iter().map(|id| format!("--rev-id={id}")));
                words.extend(request.revisions.iter().cloned());
                return self
                    .alembic_generate(project, connector, words, Touches::Nothing)
                    .await;
            }
            Kind::Native(project) => project,
        };
        let graph = &project.graph;
        let mut parents = Vec::new();
        for rev in &request.revisions {
            if rev == "heads" {
                parents.extend(graph.heads());
            } else {
                parents.push(graph.lookup(rev)?);
            }
        }
        // `merge b1 c1 b1` or `merge b1 heads` names a revision twice; a parent listed twice is
        // refused when the project is read back, so each is kept once, in the order given.
        let mut seen = std::collections::HashSet::new();
        parents.retain(|p| seen.insert(*p));
        if parents.len() < 2 {
            return Err(Error::Invalid {
                message: format!(
                    "merge needs two or more revisions; got {}",
                    graph.ids(&parents).join(", ")
                ),
            });
        }
        let rev = NewRevision {
            id: new_id(project, request.rev_id.clone())?,
            parents: graph.ids(&parents),
            message: request.message.clone(),
            created: chrono::Utc::now(),
            branch_labels: request.branch_labels.clone(),
            depends_on: Vec::new(),
            transactional: true,
            upgrade: "-- A merge point: nothing to run.".into(),
            downgrade: "-- A merge point: nothing to run.".into(),
            notes: Vec::new(),
        };
        Ok(Generated {
            revisions: vec![write(project, &rev)?],
            tool_output: None,
            draft: None,
        })
    }
}
