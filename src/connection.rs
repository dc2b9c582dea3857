//! Choosing the database, first match wins: an explicit URL, `DATABASE_URL`, the
//! `DATABASE_HOST/PORT/NAME/USER/PASSWORD` variables (Alembic's env.py habit), then `url` in
//! `retort.toml`. Shared by the CLI and the app so both read the same environment the same way.

use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::Dialect;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlSource {
    Flag,
    DatabaseUrl,
    DatabaseParts,
    Config,
    AlembicIni,
    /// A connection profile saved by the app (`--profile`).
    Profile,
}

impl UrlSource {
    pub fn describe(self) -> &'static str {
        match self {
            UrlSource::Flag => "--url",
            UrlSource::DatabaseUrl => "DATABASE_URL",
            UrlSource::DatabaseParts => "DATABASE_HOST and friends",
            UrlSource::Config => "url in retort.toml",
            UrlSource::AlembicIni => "sqlalchemy.url in alembic.ini",
            UrlSource::Profile => "--profile",
        }
    }
}

/// The chosen database and where it came from, or `None` when nothing names one.
/// Relative SQLite paths are relative to `cwd`, except in `retort.toml` (relative to the project).
pub fn choose_url(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    project: &Project,
    cwd: &Path,
) -> Result<Option<(DatabaseUrl, UrlSource)>> {
    let configured = project
        .configured_url(env)?
        .map(|url| (url, project.root.clone(), UrlSource::Config));
    choose_url_from(flag, env, configured, cwd)
}

/// As [`choose_url`], with the project's own URL given directly: (URL, the folder relative
/// SQLite paths are read from, where it came from).
pub fn choose_url_from(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    configured: Option<(String, std::path::PathBuf, UrlSource)>,
    cwd: &Path,
) -> Result<Option<(DatabaseUrl, UrlSource)>> {
    if let Some(url) = flag {
        return Ok(Some((DatabaseUrl::parse(url, cwd)?, UrlSource::Flag)));
    }
    if let Some(url) = env("DATABASE_URL").filter(|u| !u.trim().is_empty()) {
        return Ok(Some((
            DatabaseUrl::parse(&url, cwd)?,
            UrlSource::DatabaseUrl,
        )));
    }
    if let Some(host) = env("DATABASE_HOST").filter(|h| !h.is_empty()) {
        let dialect_name = env("DATABASE_DIALECT").unwrap_or_else(|| "postgresql".into());
        let dialect = Dialect::parse(&dialect_name).ok_or_else(|| Error::Url {
            message: format!(
                "DATABASE_DIALECT {dialect_name:?} is not postgresql, mysql, mariadb or sqlite"
            ),
        })?;
        let url = DatabaseUrl::from_parts(
            dialect,
            &host,
            env("DATABASE_PORT").as_deref(),
            env("DATABASE_NAME").as_deref(),
            env("DATABASE_USER").as_deref(),
            env("DATABASE_PASSWORD").as_deref(),
        )?;
        return Ok(Some((url, UrlSource::DatabaseParts)));
    }
    match configured {
        Some((url, base, source)) => Ok(Some((DatabaseUrl::parse(&url, &base)?, source))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn project(url: Option<&str>) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let config = Project::init(dir.path()).unwrap();
        let mut project = Project::open(&config).unwrap();
        project.config.url = url.map(str::to_string);
        (dir, project)
    }

    fn choose(
        flag: Option<&str>,
        vars: &[(&str, &str)],
        project: &Project,
    ) -> Option<(String, UrlSource)> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        choose_url(flag, &|k| vars.get(k).cloned(), project, Path::new("/cwd"))
            .unwrap()
            .map(|(u, s)| (u.masked(), s))
    }

    #[test]
    fn first_match_wins() {
        let (_dir, p) = project(Some("sqlite:///conf.db"));
        let all = [
            ("DATABASE_URL", "postgresql://env@h/db"),
            ("DATABASE_HOST", "parts"),
        ];
        assert_eq!(
            choose(Some("mysql://flag@h/db"), &all, &p).unwrap().1,
            UrlSource::Flag
        );
        assert_eq!(choose(None, &all, &p).unwrap().1, UrlSource::DatabaseUrl);
        assert_eq!(
            choose(None, &all[1..], &p).unwrap(),
            ("postgresql://parts".into(), UrlSource::DatabaseParts)
        );
        let (shown, source) = choose(None, &[], &p).unwrap();
        assert_eq!(source, UrlSource::Config);
        assert!(shown.ends_with("/conf.db") && shown.contains(&*p.root.to_string_lossy()));
        let (_dir, bare) = project(None);
        assert_eq!(choose(None, &[], &bare), None);
    }

    #[test]
    fn database_parts_follow_alembic_habits() {
        let (_dir, p) = project(None);
        let vars = [
            ("DATABASE_HOST", "db.internal"),
            ("DATABASE_PORT", "3307"),
            ("DATABASE_NAME", "shop"),
            ("DATABASE_USER", "app"),
            ("DATABASE_PASSWORD", "secret"),
            ("DATABASE_DIALECT", "mariadb"),
        ];
        assert_eq!(
            choose(None, &vars, &p).unwrap().0,
            "mysql://app:***@db.internal:3307/shop"
        );
    }
}
