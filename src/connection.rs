//! Choosing the database, first match wins: an explicit URL, `DATABASE_URL`, the
//! `DATABASE_HOST/PORT/NAME/USER/PASSWORD` variables (Alembic's env.py habit), then `url` in
//! `retort.toml`. Shared by the CLI and the app so both read the same environment the same way.
//! Lazily: a source is only read (and `retort.toml`'s `${VAR}` only expanded) when none before
//! it named a database, so a higher source overrides a configured URL whatever it holds.

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
    let configured = || {
        Ok(project
            .configured_url(env)?
            .map(|url| (url, project.root.clone(), UrlSource::Config)))
    };
    choose_url_from(flag, env, configured, cwd)
}

/// The project's own URL, when asked for: (URL, the folder relative SQLite paths are read
/// from, where it came from).
pub type Configured = Option<(String, std::path::PathBuf, UrlSource)>;

/// As [`choose_url`], with the project's own URL read by `configured`, called only when no
/// higher source names a database.
pub fn choose_url_from(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    configured: impl FnOnce() -> Result<Configured>,
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
    match configured()? {
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
    fn a_higher_source_overrides_a_configured_url_with_an_unset_variable() {
        let (_dir, p) = project(Some("postgresql://app:${UNSET_PASSWORD}@h/db"));
        for (flag, vars, source) in [
            (Some("sqlite:///flag.db"), &[][..], UrlSource::Flag),
            (
                None,
                &[("DATABASE_URL", "sqlite:///env.db")][..],
                UrlSource::DatabaseUrl,
            ),
            (
                None,
                &[("DATABASE_HOST", "h")][..],
                UrlSource::DatabaseParts,
            ),
        ] {
            assert_eq!(choose(flag, vars, &p).unwrap().1, source);
        }
        let vars = HashMap::<String, String>::new();
        let err = choose_url(None, &|k| vars.get(k).cloned(), &p, Path::new("/"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("UNSET_PASSWORD is not set"), "{err}");
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
