//! What `retort` was pointed at: a native Retort project, or an existing Alembic project opened
//! as it is. The nearest folder wins; in one folder `retort.toml` wins over `alembic.ini`.

use crate::alembic::{AlembicProject, FLASK_MIGRATE_DIR, INI_FILE, PYPROJECT_FILE};
use crate::graph::Graph;
use crate::project::{Project, CONFIG_FILE};
use crate::{Error, Result};
use std::path::{Path, PathBuf};

#[allow(clippy::large_enum_variant)] // one value per process
pub enum Workspace {
    Retort(Project),
    Alembic(AlembicProject),
}

impl Workspace {
    /// `start` may be a folder (searched upwards) or a config file.
    pub fn open(start: &Path) -> Result<Workspace> {
        if start.is_file() {
            let name = start.file_name().and_then(|n| n.to_str()).unwrap_or("");
            return if name == INI_FILE || name == PYPROJECT_FILE {
                Ok(Workspace::Alembic(AlembicProject::open(start)?))
            } else {
                Ok(Workspace::Retort(Project::open(start)?))
            };
        }
        for dir in start.ancestors() {
            let native = dir.join(CONFIG_FILE);
            if native.is_file() {
                return Ok(Workspace::Retort(Project::open(&native)?));
            }
            let flask = dir.join(FLASK_MIGRATE_DIR);
            let here = |c: &PathBuf| c.parent() == Some(dir) || c.parent() == Some(&flask);
            if let Some(config) = AlembicProject::find(dir).filter(here) {
                return Ok(Workspace::Alembic(AlembicProject::open(&config)?));
            }
        }
        Err(Error::ProjectNotFound {
            start: start.to_path_buf(),
        })
    }

    pub fn graph(&self) -> &Graph {
        match self {
            Workspace::Retort(p) => &p.graph,
            Workspace::Alembic(p) => &p.graph,
        }
    }
}
