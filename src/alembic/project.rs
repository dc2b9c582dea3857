//! An Alembic project opened as it is: its configuration, every revision module it would load,
//! in the order Alembic loads them, and the graph built from their headers, all without Python.

use super::envpy::{guess_version_table, VersionTableGuess};
use super::ini::{AlembicIni, INI_FILE, MAIN_SECTION};
use super::pyheader::parse_header;
use super::pyproject::PYPROJECT_FILE;
use crate::error::{Error, Result};
use crate::files::{in_parallel, read_small_file};
use crate::graph::Graph;
use crate::project::cache::{Cache, Stamp};
use crate::script::{Header, Revision, Section};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The folder `flask db init` creates.
pub const FLASK_MIGRATE_DIR: &str = "migrations";

#[derive(Debug, Clone)]
pub struct AlembicProject {
    pub ini: AlembicIni,
    /// Every revision, headers included; files in Alembic's load order break the graph's ties.
    pub graph: Graph,
    /// `version_table` / `version_table_schema` as env.py seems to set them.
    pub version_table: VersionTableGuess,
    /// What Alembic passes over in silence that a user may want to know (a missing version
    /// location, a file listed twice, `.pyc`-only revisions).
    pub notes: Vec<String>,
}

impl AlembicProject {
    /// `start` itself when it is a file; else `alembic.ini`, or a `pyproject.toml` with a
    /// `[tool.alembic]` table, in `start` or the nearest parent folder.
    pub fn find(start: &Path) -> Option<PathBuf> {
        if start.is_file() {
            return Some(start.to_path_buf());
        }
        start.ancestors().find_map(|dir| {
            let ini = dir.join(INI_FILE);
            if ini.is_file() {
                return Some(ini);
            }
            // Flask-Migrate keeps alembic.ini inside `migrations/`, beside env.py, and its users
            // work from the application's folder above it.
            let flask = dir.join(FLASK_MIGRATE_DIR);
            if flask.join(INI_FILE).is_file() && flask.join("env.py").is_file() {
                return Some(flask.join(INI_FILE));
            }
            let toml = dir.join(PYPROJECT_FILE);
            let has_tool =
                std::fs::read_to_string(&toml).is_ok_and(|t| t.contains("[tool.alembic"));
            has_tool.then_some(toml)
        })
    }

    /// Opens the project configured by `config_path` (`alembic.ini` or `pyproject.toml`).
    pub fn open(config_path: &Path) -> Result<AlembicProject> {
        Self::open_section(config_path, MAIN_SECTION)
    }

    /// As [`AlembicProject::open`], reading the ini section Alembic's `-n NAME` would.
    pub fn open_section(config_path: &Path, section: &str) -> Result<AlembicProject> {
        Self::from_ini(AlembicIni::open_section(config_path, section)?)
    }

    pub fn from_ini(ini: AlembicIni) -> Result<AlembicProject> {
        if !ini.script_location.is_dir() {
            return Err(Error::Config {
                path: ini.path.clone(),
                message: format!(
                    "script_location {} does not exist (Alembic would say the same: run `alembic init` to create it)",
                    ini.script_location.display()
                ),
            });
        }
        let (files, mut notes) = revision_files(&ini)?;
        if ini.script_location_implied {
            notes.push(format!(
                "no script_location in {}: its own folder holds env.py, as Flask-Migrate lays projects out",
                ini.path.display()
            ));
        }
        if ini.sourceless {
            notes.push(
                "sourceless = true: Alembic also loads .pyc files, Retort reads only the .py files"
                    .into(),
            );
        }
        let headers = read_headers(&ini, &files)?;
        let graph = Graph::new(headers)?;
        let version_table = guess_version_table(&ini.script_location.join("env.py"));
        Ok(AlembicProject {
            ini,
            graph,
            version_table,
            notes,
        })
    }
}

/// Every file's header, from the header cache for files unchanged since they were cached.
fn read_headers(ini: &AlembicIni, files: &[PathBuf]) -> Result<Vec<Header>> {
    let cache = Cache::open_for(&ini.path, "alembic");
    let loaded = in_parallel(files, |path| {
        let stamp = cache.as_ref().and_then(|_| Stamp::of(path));
        if let (Some(cache), Some(stamp)) = (&cache, stamp) {
            if let Some(cached) = cache.get(path, stamp) {
                return Ok((cached.header, Some(stamp)));
            }
        }
        let bytes = read_small_file(path).map_err(|e| Error::io(path, e))?;
        Ok((parse_header(path, &bytes)?, stamp))
    })?;
    let (headers, stamps): (Vec<Header>, Vec<Option<Stamp>>) = loaded.into_iter().unzip();
    if let Some(cache) = &cache {
        let seen: Vec<(PathBuf, Option<Stamp>)> =
            files.iter().cloned().zip(stamps.iter().copied()).collect();
        if !cache.covers(&seen) {
            // The cache stores revisions; an Alembic module's SQL is not Retort's to keep.
            let as_revisions: Vec<Revision> = headers
                .iter()
                .map(|header| Revision {
                    header: header.clone(),
                    transactional: true,
                    upgrade: Section::default(),
                    downgrade: Section::default(),
                    checksum: String::new(),
                })
                .collect();
            cache.save(&as_revisions, &stamps);
        }
    }
    Ok(headers)
}

impl AlembicProject {
    /// The revisions on disk now that this reading did not have (the project is read again):
    /// what an `alembic revision` or `merge` just wrote.
    pub fn reread_new(&self) -> Result<Vec<Header>> {
        let known: HashSet<&str> = self
            .graph
            .nodes()
            .iter()
            .map(|n| n.header.id.as_str())
            .collect();
        let again = AlembicProject::open_section(&self.ini.path, &self.ini.section)?;
        Ok(again
            .graph
            .nodes()
            .iter()
            .filter(|n| !known.contains(n.header.id.as_str()))
            .map(|n| n.header.clone())
            .collect())
    }
}

/// The revision modules Alembic would load (`ScriptDirectory._load_revisions`): each version
/// location in order; in each, the folder's files sorted by name, then its subfolders (sorted,
/// depth first) when `recursive_version_locations` is on; `__pycache__` skipped; a file reached
/// twice (overlapping locations, symlinks) read once.
pub fn revision_files(ini: &AlembicIni) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let overlapping = ini.version_locations.len() > 1;
    for location in &ini.version_locations {
        if !location.is_dir() {
            notes.push(format!(
                "version location {} does not exist; Alembic skips it too",
                location.display()
            ));
            continue;
        }
        let mut found = Vec::new();
        walk(location, ini.recursive_version_locations, &mut found)?;
        for (path, symlink) in found {
            // Canonicalizing costs a system call per file: only where a file can be reached twice.
            if overlapping || symlink {
                let real = std::fs::canonicalize(&path).map_err(|e| Error::io(&path, e))?;
                if !seen.insert(real.clone()) {
                    notes.push(format!(
                        "{} is reached twice (as {}); read once, as Alembic does",
                        real.display(),
                        path.display()
                    ));
                    continue;
                }
            }
            files.push(path);
        }
    }
    Ok((files, notes))
}

/// Alembic's `_list_py_dir` with its `_only_source_rev_file` filter: `*.py`, except names
/// starting with `__init__` or `.#` (editor lock files). Symlinked folders are not followed,
/// as `os.walk` does not follow them. Files come with whether they are symlinks.
fn walk(dir: &Path, recursive: bool, out: &mut Vec<(PathBuf, bool)>) -> Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        let name = entry.file_name();
        if kind.is_dir() {
            dirs.push(name);
        } else if kind.is_symlink() && entry.path().is_dir() {
            continue;
        } else if name.to_str().is_some_and(is_revision_file_name) {
            files.push((name, kind.is_symlink()));
        }
    }
    files.sort();
    out.extend(files.into_iter().map(|(name, link)| (dir.join(name), link)));
    if recursive {
        dirs.sort();
        for name in dirs {
            if !name.to_string_lossy().ends_with("__pycache__") {
                walk(&dir.join(name), true, out)?;
            }
        }
    }
    Ok(())
}

fn is_revision_file_name(name: &str) -> bool {
    name.ends_with(".py")
        && !name.starts_with("__init__")
        && !name.starts_with(".#")
        && !name.contains('\n')
}
