//! One side of a comparison, as `retort diff A B` takes it: a schema file, a revision (the
//! schema the revisions produce up to it), a live database, or nothing at all.

use crate::db::DatabaseUrl;
use crate::error::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// No tables at all (`base`, or a new root revision).
    Empty,
    SchemaFile(PathBuf),
    /// The schema the project's revisions produce up to this target (`heads`, an id, `label@head`).
    Revisions(String),
    Live(DatabaseUrl),
}

impl Side {
    /// Reads an argument: a URL (`scheme://…`, `sqlite:…`), an existing `.sql` file (relative to
    /// `cwd`), `base`, else a revision target, checked when it is loaded.
    pub fn parse(text: &str, cwd: &Path) -> Result<Side> {
        let text = text.trim();
        if text.contains("://") || text.starts_with("sqlite:") {
            return Ok(Side::Live(DatabaseUrl::parse(text, cwd)?));
        }
        let path = cwd.join(text);
        if text.ends_with(".sql") || path.is_file() {
            return Ok(Side::SchemaFile(path));
        }
        if text == "base" {
            return Ok(Side::Empty);
        }
        Ok(Side::Revisions(text.to_string()))
    }

    /// How the side is named in messages (passwords masked).
    pub fn describe(&self) -> String {
        match self {
            Side::Empty => "an empty schema".into(),
            Side::SchemaFile(path) => path.display().to_string(),
            Side::Revisions(target) => format!("the revisions at {target}"),
            Side::Live(url) => url.masked(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_become_sides() {
        let cwd = Path::new("/proj");
        assert_eq!(
            Side::parse("schema.sql", cwd).unwrap(),
            Side::SchemaFile("/proj/schema.sql".into())
        );
        assert_eq!(Side::parse("base", cwd).unwrap(), Side::Empty);
        assert_eq!(
            Side::parse("heads", cwd).unwrap(),
            Side::Revisions("heads".into())
        );
        assert!(matches!(
            Side::parse("postgresql://u:secret@h/db", cwd).unwrap(),
            Side::Live(_)
        ));
        assert!(!Side::parse("postgresql://u:secret@h/db", cwd)
            .unwrap()
            .describe()
            .contains("secret"));
        assert!(Side::parse("mysql://", cwd).is_err());
    }
}
