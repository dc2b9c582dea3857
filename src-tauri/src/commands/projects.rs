//! A project's revisions, laid out as a graph, and one revision's details.

use crate::dto::{ProjectView, RevisionDetails};
use crate::error::CommandResult;
use retort::workspace::Workspace;
use std::path::Path;

pub async fn open_project(path: String) -> CommandResult<ProjectView> {
    Ok(Workspace::open(Path::new(&path))?.view())
}

pub async fn revision_details(path: String, id: String) -> CommandResult<RevisionDetails> {
    Ok(Workspace::open(Path::new(&path))?.revision(&id)?.1)
}
