//! `alembic.ini` (and `[tool.alembic]`) read the way Alembic's `Config` and
//! `ScriptDirectory.from_config` read them, down to where the scripts and versions folders are.
//!
//! One deliberate difference: Alembic resolves relative paths against the current directory,
//! because it assumes it is run from the ini's folder. Retort may be run from anywhere (a parent
//! folder, an IDE, `-c path/alembic.ini`), and the ini's folder is the one place where such paths
//! mean what their author meant, so relative paths are resolved against it.

use super::configparser::IniFile;
use super::pyproject::{ToolAlembic, PYPROJECT_FILE};
use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

pub const INI_FILE: &str = "alembic.ini";
/// The section Alembic reads unless run with `-n NAME`.
pub const MAIN_SECTION: &str = "alembic";
/// What Alembic names new revision files when `file_template` is not set.
pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

/// An Alembic project's configuration, with every location resolved to a path.
#[derive(Debug, Clone)]
pub struct AlembicIni {
    /// `alembic.ini`, or `pyproject.toml` when the configuration lives only there.
    pub path: PathBuf,
    /// `%(here)s`: the absolute folder of `path`; relative locations are resolved against it.
    pub here: PathBuf,
    /// The ini section read (`alembic` unless Alembic's `-n` chose another).
    pub section: String,
    /// `pyproject.toml` when its `[tool.alembic]` supplied options too.
    pub pyproject: Option<PathBuf>,
    /// The folder holding `env.py` and `script.py.mako`.
    pub script_location: PathBuf,
    /// No `script_location` key, but `env.py` beside the ini: Flask-Migrate's layout, whose
    /// `flask db` sets the location itself.
    pub script_location_implied: bool,
    /// Where revision files are read from; `script_location/versions` unless configured.
    pub version_locations: Vec<PathBuf>,
    /// `sqlalchemy.url` as written (interpolated); env.py may well ignore it.
    pub sqlalchemy_url: Option<String>,
    /// Alembic's `%(rev)s`-style template; `None` means [`DEFAULT_FILE_TEMPLATE`].
    pub file_template: Option<String>,
    pub recursive_version_locations: bool,
    /// `sourceless = true`: Alembic also loads `.pyc` files, which Retort cannot read.
    pub sourceless: bool,
    /// Folders Alembic puts on `sys.path`; `package:path` locations are looked up there too.
    pub prepend_sys_path: Vec<PathBuf>,
    ini: Option<IniFile>,
    toml: Option<ToolAlembic>,
}

impl AlembicIni {
    pub fn open(path: &Path) -> Result<AlembicIni> {
        Self::open_section(path, MAIN_SECTION)
    }

    /// Reads `path` (an ini file or `pyproject.toml`) and its companion in the same folder, as
    /// Alembic run from that folder would read `alembic.ini` and `pyproject.toml` together.
    pub fn open_section(path: &Path, section: &str) -> Result<AlembicIni> {
        let path = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
        let here = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let (ini_path, toml_path) = if path.file_name().is_some_and(|n| n == PYPROJECT_FILE) {
            let ini = here.join(INI_FILE);
            (ini.is_file().then_some(ini), Some(path.clone()))
        } else {
            let toml = here.join(PYPROJECT_FILE);
            (Some(path.clone()), toml.is_file().then_some(toml))
        };
        let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| Error::io(p, e));
        let ini_text = ini_path.as_ref().map(read).transpose()?;
        let toml_text = toml_path.as_ref().map(read).transpose()?;
        Self::from_sources(
            &here,
            ini_path.as_deref().zip(ini_text.as_deref()),
            toml_path.as_deref().zip(toml_text.as_deref()),
            section,
        )
    }

    /// The parsing and resolving behind [`AlembicIni::open_section`], given the files' text. Only
    /// `package:path` locations look at the disk (for the package's folder).
    pub fn from_sources(
        here: &Path,
        ini: Option<(&Path, &str)>,
        pyproject: Option<(&Path, &str)>,
        section: &str,
    ) -> Result<AlembicIni> {
        let here_text = posix(here);
        let defaults = [("here", here_text.as_str())];
        let ini = ini
            .map(|(p, text)| IniFile::parse(p, text, &defaults))
            .transpose()?;
        let toml = match pyproject {
            Some((p, text)) => ToolAlembic::parse(p, text, &here_text)?,
            None => None,
        };
        let path = match (&ini, &toml) {
            (Some(ini), _) => ini.path().to_path_buf(),
            (None, Some(toml)) => toml.path().to_path_buf(),
            (None, None) => {
                let path = pyproject.map_or(here.join(INI_FILE), |(p, _)| p.to_path_buf());
                return Err(Error::Config {
                    path,
                    message: "no Alembic configuration: neither alembic.ini nor [tool.alembic]"
                        .into(),
                });
            }
        };
        let mut config = AlembicIni {
            pyproject: toml.as_ref().map(|t| t.path().to_path_buf()),
            path,
            here: here.to_path_buf(),
            section: section.to_string(),
            script_location: PathBuf::new(),
            script_location_implied: false,
            version_locations: Vec::new(),
            sqlalchemy_url: None,
            file_template: None,
            recursive_version_locations: false,
            sourceless: false,
            prepend_sys_path: Vec::new(),
            ini,
            toml,
        };
        config.resolve()?;
        Ok(config)
    }

    fn fail(&self, message: String) -> Error {
        Error::Config {
            path: self.path.clone(),
            message,
        }
    }

    fn ini_has(&self, key: &str) -> bool {
        self.ini
            .as_ref()
            .is_some_and(|i| i.has_option(&self.section, key))
    }

    /// An option of the main section, falling back to `[tool.alembic]`: `get_alembic_option`.
    pub fn option(&self, key: &str) -> Result<Option<String>> {
        match (&self.ini, &self.toml) {
            (Some(ini), _) if self.ini_has(key) => ini.get(&self.section, key),
            (_, Some(toml)) => toml.string(key),
            _ => Ok(None),
        }
    }

    /// An option of any ini section (`get_section_option`); pyproject.toml is not consulted.
    pub fn section_option(&self, section: &str, key: &str) -> Result<Option<String>> {
        match &self.ini {
            Some(ini) => ini.get(section, key),
            None => Ok(None),
        }
    }

    /// `get_alembic_boolean_option`: only the exact text `true` is true in the ini.
    fn boolean(&self, key: &str) -> Result<bool> {
        match (&self.ini, &self.toml) {
            (Some(ini), _) if self.ini_has(key) => {
                Ok(ini.get(&self.section, key)?.as_deref() == Some("true"))
            }
            (_, Some(toml)) => toml.boolean(key),
            _ => Ok(false),
        }
    }

    fn resolve(&mut self) -> Result<()> {
        let has_main = self
            .ini
            .as_ref()
            .is_some_and(|i| i.has_section(&self.section));
        if !has_main && self.toml.is_none() {
            return Err(self.fail(format!(
                "no [{}] section (and no [tool.alembic] in a pyproject.toml beside it)",
                self.section
            )));
        }
        self.prepend_sys_path = self
            .path_list("prepend_sys_path", &["path_separator"], true)?
            .unwrap_or_default()
            .iter()
            .map(|p| normalize(&self.here.join(p)))
            .collect();
        let script = self.option("script_location")?.filter(|s| !s.is_empty());
        self.script_location = match script {
            Some(script) => self.locate("script_location", &script)?,
            None if self.here.join("env.py").is_file() => {
                self.script_location_implied = true;
                self.here.clone()
            }
            None => {
                return Err(self.fail(format!(
                    "no 'script_location' key in [{}] and no env.py beside it (Alembic needs it to find env.py and the versions)",
                    self.section
                )))
            }
        };
        self.version_locations = match self.path_list(
            "version_locations",
            &["path_separator", "version_path_separator"],
            false,
        )? {
            Some(list) => list
                .iter()
                .map(|entry| self.locate("version_locations", entry))
                .collect::<Result<_>>()?,
            None => vec![self.script_location.join("versions")],
        };
        self.sqlalchemy_url = match &self.ini {
            Some(ini) => ini.get(&self.section, "sqlalchemy.url")?,
            None => None,
        };
        self.file_template = self.option("file_template")?;
        self.recursive_version_locations = self.boolean("recursive_version_locations")?;
        self.sourceless = self.boolean("sourceless")?;
        Ok(())
    }

    /// A list of locations: split on the configured separator in the ini, or taken as a TOML
    /// list. `None` when unset (or empty, which Alembic treats as unset).
    fn path_list(
        &self,
        key: &str,
        separator_keys: &[&str],
        colon_too: bool,
    ) -> Result<Option<Vec<String>>> {
        let from_ini = match &self.ini {
            Some(ini) => ini.get(&self.section, key)?.filter(|s| !s.is_empty()),
            None => None,
        };
        let Some(text) = from_ini else {
            return match &self.toml {
                Some(toml) => toml.list(key),
                None => Ok(None),
            };
        };
        let mut separator = None;
        for name in separator_keys {
            if let Some(ini) = &self.ini {
                if let Some(value) = ini.get(&self.section, name)? {
                    separator = Some(self.separator(name, &value)?);
                    break;
                }
            }
        }
        let parts = match separator {
            Some(sep) => text.split(sep).map(str::trim).map(String::from).collect(),
            None => legacy_split(&text, colon_too),
        };
        Ok(Some(
            parts
                .into_iter()
                .filter(|p: &String| !p.is_empty())
                .collect(),
        ))
    }

    fn separator(&self, key: &str, value: &str) -> Result<char> {
        match value {
            "os" if cfg!(windows) => Ok(';'),
            "os" => Ok(':'),
            "space" => Ok(' '),
            "newline" => Ok('\n'),
            ":" => Ok(':'),
            ";" => Ok(';'),
            other => Err(self.fail(format!(
                "{other:?} is not a valid value for {key}; expected 'space', 'newline', 'os', ':', ';'"
            ))),
        }
    }

    /// Alembic's `coerce_resource_to_filename`: a relative path with a colon is `package:path`.
    fn locate(&self, key: &str, value: &str) -> Result<PathBuf> {
        let path = Path::new(value);
        if path.is_absolute() || !value.contains(':') {
            return Ok(normalize(&self.here.join(path)));
        }
        let mut tokens = value.split(':');
        let package = tokens.next().unwrap_or_default().trim();
        let inside: PathBuf = tokens.collect();
        let package_dir: PathBuf = package.split('.').collect();
        let mut roots = self.prepend_sys_path.clone();
        roots.push(self.here.clone());
        roots.push(self.here.join("src"));
        let mut tried: Vec<PathBuf> = Vec::new();
        for root in roots {
            let candidate = normalize(&root.join(&package_dir).join(&inside));
            if candidate.is_dir() {
                return Ok(candidate);
            }
            if !tried.contains(&candidate) {
                tried.push(candidate);
            }
        }
        let looked: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
        Err(self.fail(format!(
            "{key} {value:?} names folder {:?} of Python package {package:?}, which Retort could not find without importing it; looked in: {}",
            inside.display(),
            looked.join(", ")
        )))
    }
}

/// Alembic's legacy splitting when no separator is configured: `, *| +` (plus `:` for
/// `prepend_sys_path`). Newlines do not split, there as here. Empty pieces are dropped: Alembic
/// would read them as the current directory, which nobody means.
fn legacy_split(text: &str, colon_too: bool) -> Vec<String> {
    text.split(|c| c == ',' || c == ' ' || (colon_too && c == ':'))
        .map(String::from)
        .collect()
}

/// `Path.as_posix()`: what `%(here)s` expands to.
fn posix(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// Drops `.` components so resolved paths compare and print cleanly; `..` is kept, because
/// folding it through a symlink would change the meaning.
fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}
