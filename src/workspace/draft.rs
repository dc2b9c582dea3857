//! Saving a reviewed draft: a Retort draft's SQL becomes a new revision file; an Alembic draft
//! (the module its alembic wrote) is saved as edited, or discarded.

use super::new_revision::{write, WrittenRevision};
use super::revision_rules::{chosen_parents, new_id};
use super::Workspace;
use crate::alembic::AlembicProject;
use crate::error::{Error, Result};
use crate::script::NewRevision;
use std::path::PathBuf;

/// A reviewed Retort draft, as the app's review screen sends it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub message: String,
    /// The parent the draft was made against (none: the single head, or a first revision).
    pub revises: Vec<String>,
    pub upgrade: String,
    pub downgrade: String,
    /// The draft's header comments.
    pub notes: Vec<String>,
}

impl Workspace {
    /// Saves the draft as a new revision (read back at once, so a broken file fails now),
    /// through the rules `revision` follows: a fresh id that no revision has, and its parent
    /// resolved as `--head` is (an id, a prefix, a label, `head`; none: the single head).
    pub fn save_draft(&self, draft: &Draft) -> Result<WrittenRevision> {
        let project = self.native("saving a draft")?;
        if draft.message.trim().is_empty() {
            return Err(Error::Invalid {
                message: "a revision needs a message".into(),
            });
        }
        let graph = &project.graph;
        let parents = match draft.revises.as_slice() {
            [] => chosen_parents(graph, None)?,
            [one] => chosen_parents(graph, Some(one))?,
            several => several
                .iter()
                .map(|rev| graph.lookup(rev))
                .collect::<Result<_>>()?,
        };
        let rev = NewRevision {
            id: new_id(project, None)?,
            parents: graph.ids(&parents),
            message: draft.message.clone(),
            created: chrono::Utc::now(),
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            transactional: true,
            upgrade: draft.upgrade.clone(),
            downgrade: draft.downgrade.clone(),
            notes: draft.notes.clone(),
        };
        let file = write(project, &rev)?;
        Ok(WrittenRevision {
            revision: file.id,
            path: file.path.display().to_string(),
            source: None,
        })
    }

    /// Saves the edited Python of an Alembic draft, and reads it back as Retort reads every
    /// module, so a broken header shows now.
    pub fn save_alembic_draft(&self, path: &str, source: &str) -> Result<()> {
        let project = self.alembic()?;
        let file = draft_file(project, path)?;
        std::fs::write(&file, source).map_err(|e| Error::io(&file, e))?;
        AlembicProject::open_section(&project.ini.path, &project.ini.section)?;
        Ok(())
    }

    /// Discards an Alembic draft: deletes the module alembic wrote.
    pub fn discard_alembic_draft(&self, path: &str) -> Result<()> {
        let project = self.alembic()?;
        let file = draft_file(project, path)?;
        std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))
    }
}

/// The one file an Alembic draft may be: a `.py` under one of the project's version locations.
fn draft_file(project: &AlembicProject, path: &str) -> Result<PathBuf> {
    let path = PathBuf::from(path);
    let inside = project
        .ini
        .version_locations
        .iter()
        .any(|dir| path.starts_with(dir));
    if !inside || path.extension().is_none_or(|e| e != "py") || !path.is_file() {
        return Err(Error::Invalid {
            message: format!(
                "{} is not a revision module of this project",
                path.display()
            ),
        });
    }
    Ok(path)
}
