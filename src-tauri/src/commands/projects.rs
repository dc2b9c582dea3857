//! A project's revisions, laid out as a graph, and one revision's details.

use crate::dto::{ProjectKind, ProjectView, RevisionDetails, RevisionSummary};
use crate::error::{CommandError, CommandResult};
use retort::workspace::Workspace;
use retort::ErrorCode;
use std::path::Path;

pub async fn open_project(path: String) -> CommandResult<ProjectView> {
    let workspace = Workspace::open(Path::new(&path))?;
    let graph = workspace.graph();
    let heads = graph.heads();
    let tables = |i: usize| match &workspace {
        Workspace::Retort(p) => p
            .revisions
            .get(i)
            .map(|r| retort::sql::tables_named(&r.upgrade.sql))
            .unwrap_or_default(),
        Workspace::Alembic(_) => std::fs::read_to_string(&graph.node(i).header.path)
            .map(|source| retort::alembic::tables_in_module(&source))
            .unwrap_or_default(),
    };
    let revisions = graph
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, node)| RevisionSummary {
            id: node.header.id.clone(),
            parents: node.header.parents.clone(),
            message: node.header.message.clone(),
            created: node.header.created.clone(),
            branch_labels: node.header.branch_labels.clone(),
            labels: node.labels.iter().cloned().collect(),
            depends_on: node.header.depends_on.clone(),
            tables: tables(i),
            is_head: heads.contains(&i),
            is_branch_point: node.children.len() > 1,
            is_merge: node.parents.len() > 1,
        })
        .collect();
    let (kind, root, config_path, notes) = match &workspace {
        Workspace::Retort(p) => (ProjectKind::Retort, &p.root, &p.config_path, Vec::new()),
        Workspace::Alembic(p) => (
            ProjectKind::Alembic,
            &p.ini.here,
            &p.ini.path,
            p.notes.clone(),
        ),
    };
    Ok(ProjectView {
        kind,
        root: root.display().to_string(),
        config_path: config_path.display().to_string(),
        revisions,
        layout: graph.layout(),
        heads: graph.ids(&heads),
        notes,
    })
}

pub async fn revision_details(path: String, id: String) -> CommandResult<RevisionDetails> {
    let workspace = Workspace::open(Path::new(&path))?;
    let index = workspace.graph().lookup(&id)?;
    let header = workspace.graph().node(index).header.clone();
    let path = header.path.display().to_string();
    Ok(match &workspace {
        Workspace::Retort(project) => {
            let revision = project
                .revisions
                .iter()
                .find(|r| r.header.id == header.id)
                .ok_or_else(|| CommandError::new(ErrorCode::TargetUnknownRevision, id.clone()))?;
            RevisionDetails {
                upgrade_sql: Some(revision.upgrade.sql.clone()),
                downgrade_sql: Some(revision.downgrade.sql.clone()),
                checksum: Some(revision.checksum.clone()),
                transactional: revision.transactional,
                source: None,
                path,
                header,
            }
        }
        Workspace::Alembic(_) => RevisionDetails {
            source: Some(
                std::fs::read_to_string(&header.path)
                    .map_err(|e| CommandError::new(ErrorCode::Io, format!("{path}: {e}")))?,
            ),
            upgrade_sql: None,
            downgrade_sql: None,
            checksum: None,
            transactional: true,
            path,
            header,
        },
    })
}
