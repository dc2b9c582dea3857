//! `[tool.alembic]` in `pyproject.toml` (Alembic 1.16+): Alembic consults it for every option
//! `alembic.ini` does not set, so a project may keep its whole configuration there.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

pub const PYPROJECT_FILE: &str = "pyproject.toml";

/// The `[tool.alembic]` table and the folder its `%(here)s` stands for.
#[derive(Debug, Clone)]
pub struct ToolAlembic {
    path: PathBuf,
    here: String,
    table: toml::Table,
}

impl ToolAlembic {
    /// `Ok(None)` when the file has no `[tool.alembic]` table. A file that does not parse is an
    /// error only if it seems to mention Alembic: Alembic before 1.16 never reads it.
    pub fn parse(path: &Path, text: &str, here: &str) -> Result<Option<ToolAlembic>> {
        let doc: toml::Table = match toml::from_str(text) {
            Ok(doc) => doc,
            Err(_) if !text.contains("alembic") => return Ok(None),
            Err(e) => {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: e.message().to_string(),
                })
            }
        };
        let Some(tool) = doc.get("tool").and_then(|t| t.get("alembic")) else {
            return Ok(None);
        };
        let Some(table) = tool.as_table() else {
            return Err(Error::Config {
                path: path.to_path_buf(),
                message: "[tool.alembic] must be a table".into(),
            });
        };
        Ok(Some(ToolAlembic {
            path: path.to_path_buf(),
            here: here.to_string(),
            table: table.clone(),
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, key: &str, message: &str) -> Error {
        Error::Config {
            path: self.path.clone(),
            message: format!("[tool.alembic] {key}: {message}"),
        }
    }

    /// A string option, `%(here)s` substituted as Alembic's `value % toml_args` does.
    pub fn string(&self, key: &str) -> Result<Option<String>> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => self.format(key, s).map(Some),
            Some(toml::Value::Integer(i)) => Ok(Some(i.to_string())),
            Some(_) => Err(self.fail(key, "expected a string")),
        }
    }

    /// A list of strings (`version_locations`, `prepend_sys_path`); a lone string is one entry.
    pub fn list(&self, key: &str) -> Result<Option<Vec<String>>> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(vec![self.format(key, s)?])),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    toml::Value::String(s) => self.format(key, s),
                    _ => Err(self.fail(key, "expected a list of strings")),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some(_) => Err(self.fail(key, "expected a list of strings")),
        }
    }

    /// Alembic wants a real TOML boolean here, not the ini's `"true"`.
    pub fn boolean(&self, key: &str) -> Result<bool> {
        match self.table.get(key) {
            None => Ok(false),
            Some(toml::Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(self.fail(key, "boolean value expected (true or false)")),
        }
    }

    /// Python's `text % {"here": ...}`: `%(here)s` and `%%`; anything else would raise in Python.
    fn format(&self, key: &str, text: &str) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(p) = rest.find('%') {
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            if let Some(after) = rest.strip_prefix("%%") {
                out.push('%');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("%(here)s") {
                out.push_str(&self.here);
                rest = after;
            } else {
                return Err(self.fail(
                    key,
                    &format!("only %(here)s and %% may follow a '%', found {rest:?}"),
                ));
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}
