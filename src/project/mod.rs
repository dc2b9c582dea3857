//! A Retort project on disk: finding and reading `retort.toml` (like `alembic.ini`), loading every
//! revision file of the versions folder into a validated graph, and writing new revisions.

use crate::dialect::Tables;
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::script::{self, NewRevision, Revision};

pub(crate) mod cache;
mod load;

use load::load_revisions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "retort.toml";

/// The contents of `retort.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub versions: String,
    pub schema: String,
    pub version_table: String,
    pub log_table: String,
    pub file_template: String,
    /// May use `${VAR}`; never needs a password in it (use `${DATABASE_PASSWORD}` or a profile).
    pub url: Option<String>,
    /// PostgreSQL schemas besides `public` that autogenerate compares (`schemas = ["billing"]`).
    pub schemas: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            versions: "versions".into(),
            schema: "schema.sql".into(),
            version_table: "retort_revisions".into(),
            log_table: "retort_log".into(),
            file_template: "{date}_{time}_{rev}_{slug}.sql".into(),
            url: None,
            schemas: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `retort.toml`.
    pub root: PathBuf,
    pub config_path: PathBuf,
    pub config: Config,
    /// Indexed like the graph's nodes.
    pub revisions: Vec<Revision>,
    pub graph: Graph,
}

impl Project {
    /// `retort.toml` in `start` or the nearest parent; `start` may also be the file itself.
    pub fn find(start: &Path) -> Result<PathBuf> {
        if start.is_file() {
            return Ok(start.to_path_buf());
        }
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Ok(candidate);
            }
            dir = d.parent();
        }
        Err(Error::ProjectNotFound {
            start: start.to_path_buf(),
        })
    }

    /// Reads the configuration and every revision; any unreadable file is an error.
    pub fn open(config_path: &Path) -> Result<Project> {
        let text = std::fs::read_to_string(config_path).map_err(|e| Error::io(config_path, e))?;
        let config: Config = toml::from_str(&text).map_err(|e| Error::Config {
            path: config_path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        let root = config_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let revisions = load_revisions(&root.join(&config.versions))?;
        let graph = Graph::new(revisions.iter().map(|r| r.header.clone()).collect())?;
        Ok(Project {
            root,
            config_path: config_path.to_path_buf(),
            config,
            revisions,
            graph,
        })
    }

    pub fn versions_dir(&self) -> PathBuf {
        self.root.join(&self.config.versions)
    }

    pub fn schema_path(&self) -> PathBuf {
        self.root.join(&self.config.schema)
    }

    pub fn tables(&self) -> Tables {
        Tables {
            revisions: self.config.version_table.clone(),
            log: self.config.log_table.clone(),
        }
    }

    /// The configured URL with `${VAR}` filled from the environment.
    pub fn configured_url(&self, env: impl Fn(&str) -> Option<String>) -> Result<Option<String>> {
        self.config
            .url
            .as_deref()
            .map(|u| expand_vars(u, &env, &self.config_path))
            .transpose()
    }

    /// Writes a new revision file into the versions folder and returns its path.
    pub fn write_revision(&self, rev: &NewRevision) -> Result<PathBuf> {
        let dir = self.versions_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(script::file_name(&self.config.file_template, rev));
        if path.exists() {
            return Err(Error::Invalid {
                message: format!("{} already exists", path.display()),
            });
        }
        std::fs::write(&path, script::render_revision(rev)).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }

    /// Writes `rev` and reads the project back through the same loader, so a bad label or
    /// header fails now (and the file is removed again).
    pub fn write_checked(&self, rev: &NewRevision) -> Result<PathBuf> {
        let path = self.write_revision(rev)?;
        if let Err(e) = Project::open(&self.config_path) {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        Ok(path)
    }

    /// `retort init DIR`: a config, an empty versions folder and a commented schema file.
    pub fn init(dir: &Path) -> Result<PathBuf> {
        let config_path = dir.join(CONFIG_FILE);
        if config_path.exists() {
            return Err(Error::Invalid {
                message: format!("{} already exists", config_path.display()),
            });
        }
        let versions = dir.join("versions");
        std::fs::create_dir_all(&versions).map_err(|e| Error::io(&versions, e))?;
        std::fs::write(&config_path, INIT_CONFIG).map_err(|e| Error::io(&config_path, e))?;
        let schema = dir.join("schema.sql");
        if !schema.exists() {
            std::fs::write(&schema, INIT_SCHEMA).map_err(|e| Error::io(&schema, e))?;
        }
        Ok(config_path)
    }
}

const INIT_CONFIG: &str = r#"# Retort project configuration (the counterpart of alembic.ini).
versions = "versions"
schema = "schema.sql"
version_table = "retort_revisions"
log_table = "retort_log"
file_template = "{date}_{time}_{rev}_{slug}.sql"
# The database, unless --url, DATABASE_URL or DATABASE_HOST/... say otherwise. ${VAR} is read
# from the environment; keep passwords out of this file. Relative SQLite paths are relative to
# this folder.
# url = "postgresql://app@localhost/app"
# url = "sqlite:///app.db"
"#;

const INIT_SCHEMA: &str = "-- The desired schema of this project, as plain CREATE statements.
-- `retort revision --autogenerate` compares it with what the revisions produce.
";

/// `${VAR}` from the environment; a missing variable is an error naming it.
fn expand_vars(text: &str, env: &impl Fn(&str) -> Option<String>, path: &Path) -> Result<String> {
    // A value landing in the user name or password is percent-encoded, so that any password
    // connects: `mysql://app:${DATABASE_PASSWORD}@host/db`. Elsewhere values go in as they are
    // (a whole URL, or a database name with its parameters).
    let userinfo = crate::database_url::url_text::userinfo(text).map(|u| u.start..u.end);
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let offset = text.len() - rest.len() + start;
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| Error::Config {
            path: path.to_path_buf(),
            message: "url: `${` without a closing `}`".into(),
        })?;
        let name = &after[..end];
        let value = env(name).ok_or_else(|| Error::Config {
            path: path.to_path_buf(),
            message: format!(
                "url uses ${{{name}}}, but the environment variable {name} is not set"
            ),
        })?;
        if userinfo.as_ref().is_some_and(|span| span.contains(&offset)) {
            out.push_str(&crate::database_url::encode_component(&value));
        } else {
            out.push_str(&value);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_expanded_and_missing_ones_named() {
        let env = |name: &str| (name == "DB").then(|| "app".to_string());
        let p = Path::new("retort.toml");
        assert_eq!(
            expand_vars("postgresql://h/${DB}", &env, p).unwrap(),
            "postgresql://h/app"
        );
        let err = expand_vars("postgresql://h/${NOPE}", &env, p).unwrap_err();
        assert!(err.to_string().contains("NOPE is not set"), "{err}");
    }

    #[test]
    fn values_in_the_user_name_and_password_are_percent_encoded() {
        let env = |name: &str| match name {
            "USER" => Some("a@b".to_string()),
            "PASSWORD" => Some("p/#?@:%x".to_string()),
            "URL" => Some("mysql://u:p@h/db".to_string()),
            _ => None,
        };
        let p = Path::new("retort.toml");
        assert_eq!(
            expand_vars("mysql://${USER}:${PASSWORD}@host/${USER}", &env, p).unwrap(),
            "mysql://a%40b:p%2F%23%3F%40%3A%25x@host/a@b"
        );
        assert_eq!(expand_vars("${URL}", &env, p).unwrap(), "mysql://u:p@h/db");
    }

    #[test]
    fn init_then_open_gives_an_empty_project() {
        let dir = tempfile::tempdir().unwrap();
        let config = Project::init(dir.path()).unwrap();
        let project = Project::open(&config).unwrap();
        assert!(project.graph.is_empty());
        assert_eq!(project.config, Config::default());
        assert_eq!(Project::find(&dir.path().join("versions")).unwrap(), config);
    }
}
