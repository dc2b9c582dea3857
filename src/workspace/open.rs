//! What `retort` (or the app) was pointed at: a native Retort project, or an existing Alembic
//! project opened as it is. The nearest folder wins; in one folder `retort.toml` wins over
//! `alembic.ini`.

use super::{Kind, Workspace};
use crate::alembic::{AlembicProject, FLASK_MIGRATE_DIR, INI_FILE, PYPROJECT_FILE};
use crate::error::{Error, Result};
use crate::project::{Project, CONFIG_FILE};
use std::path::{Path, PathBuf};

impl Workspace {
    /// `start` may be a folder (searched upwards) or a config file.
    pub fn open(start: &Path) -> Result<Workspace> {
        Ok(Workspace {
            kind: open_kind(start)?,
        })
    }

    /// `retort init DIR`: a new native project (config, versions folder, commented schema
    /// file). Returns the config file's path.
    pub fn init(dir: &Path) -> Result<PathBuf> {
        Project::init(dir)
    }
}

fn open_kind(start: &Path) -> Result<Kind> {
    if start.is_file() {
        let name = start.file_name().and_then(|n| n.to_str()).unwrap_or("");
        return if name == INI_FILE || name == PYPROJECT_FILE {
            Ok(Kind::Alembic(AlembicProject::open(start)?))
        } else {
            Ok(Kind::Native(Project::open(start)?))
        };
    }
    for dir in start.ancestors() {
        let native = dir.join(CONFIG_FILE);
        if native.is_file() {
            return Ok(Kind::Native(Project::open(&native)?));
        }
        let flask = dir.join(FLASK_MIGRATE_DIR);
        let here = |c: &PathBuf| c.parent() == Some(dir) || c.parent() == Some(&flask);
        if let Some(config) = AlembicProject::find(dir).filter(here) {
            return Ok(Kind::Alembic(AlembicProject::open(&config)?));
        }
    }
    Err(Error::ProjectNotFound {
        start: start.to_path_buf(),
    })
}
