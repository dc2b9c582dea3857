//! Handing the chosen database to the project's alembic through the child's environment, in the
//! forms unmodified env.py files look for: `DATABASE_URL` (SQLAlchemy's spelling) and the
//! `DATABASE_HOST/PORT/NAME/USER/PASSWORD` variables. The values hold the password, so they go
//! only into the environment, never onto a command line or into output.

use super::{find_alembic, which, AlembicCommand, AlembicProject, Frontend};
use crate::connection::UrlSource;
use crate::db::DatabaseUrl;
use crate::error::Result;

/// Everything needed to run the project's alembic against one database: the command, the
/// variables for its environment, and what to tell the person before it runs.
#[derive(Clone)]
pub struct Handoff {
    pub command: AlembicCommand,
    pub env: Vec<(String, String)>,
    /// Which database alembic will touch, and how it learns of it (password masked).
    pub notice: Option<String>,
}

/// Names the variables only: their values hold the password (`DATABASE_PASSWORD`, and in
/// `DATABASE_URL`), and a derived `Debug` would print them in any `{:?}`.
impl std::fmt::Debug for Handoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.env.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Handoff")
            .field("command", &self.command)
            .field("env", &names)
            .field("notice", &self.notice)
            .finish()
    }
}

/// The variables that name `url` for the child process. `scheme` is the SQLAlchemy scheme to
/// write (`postgresql+psycopg2`), so the project's installed driver is used; `None` writes the
/// bare dialect name, which makes SQLAlchemy pick its default driver.
pub fn database_env(url: &DatabaseUrl, scheme: Option<&str>) -> Vec<(String, String)> {
    match url {
        DatabaseUrl::Sqlite { path } => {
            let shown = path
                .as_ref()
                .map_or(":memory:".to_string(), |p| p.display().to_string());
            let scheme = scheme.unwrap_or("sqlite");
            let sqlalchemy = match path {
                Some(p) => format!("{scheme}:///{}", p.display()),
                None => format!("{scheme}://"),
            };
            vec![
                ("DATABASE_URL".into(), sqlalchemy),
                ("DATABASE_NAME".into(), shown),
            ]
        }
        DatabaseUrl::Server { url: u, .. } => {
            // The parsed URL always says `postgres:` or `mysql:`; only the part after it is kept.
            let rest = u.as_str().split_once(':').map_or("", |(_, rest)| rest);
            let scheme = scheme.unwrap_or(match url.dialect() {
                crate::Dialect::Postgresql => "postgresql",
                _ => "mysql",
            });
            // `postgresql://u@/db?host=/var/run/postgresql`: the parameter names the server (the
            // URL's host is only what Retort put in for the parser), and SQLAlchemy refuses a
            // host given both ways.
            let host_parameter = url.host_parameter();
            let rest = match host_parameter {
                Some(_) => crate::database_url::url_text::without_host(rest),
                None => rest.to_string(),
            };
            let sqlalchemy = format!("{scheme}:{rest}");
            let decode = |s: &str| crate::database_url::percent_decode(s);
            let mut vars = vec![("DATABASE_URL".to_string(), sqlalchemy)];
            if let Some(host) = host_parameter.or_else(|| u.host_str().map(str::to_string)) {
                vars.push(("DATABASE_HOST".into(), host));
            }
            if let Some(port) = u.port() {
                vars.push(("DATABASE_PORT".into(), port.to_string()));
            }
            vars.push((
                "DATABASE_NAME".into(),
                decode(u.path().trim_start_matches('/')),
            ));
            if !u.username().is_empty() {
                vars.push(("DATABASE_USER".into(), decode(u.username())));
            }
            if let Some(password) = u.password() {
                vars.push(("DATABASE_PASSWORD".into(), decode(password)));
            }
            vars
        }
    }
}

impl AlembicProject {
    /// Finds the project's alembic (`explicit` wins) and prepares its environment for
    /// `database` (the chosen URL and where it came from); `extra` adds a profile's variables.
    pub fn handoff(
        &self,
        explicit: Option<&str>,
        database: Option<(&DatabaseUrl, UrlSource)>,
        extra: Vec<(String, String)>,
    ) -> Result<Handoff> {
        let command = find_alembic(&self.ini.here, explicit, self.frontend(), &which)?;
        let Some((url, source)) = database else {
            return Ok(Handoff {
                command,
                env: extra,
                notice: None,
            });
        };
        let mut env = if source == UrlSource::AlembicIni {
            Vec::new()
        } else {
            self.handoff_env(url)
        };
        env.extend(extra);
        Ok(Handoff {
            command,
            env,
            notice: Some(self.notice(url, source)),
        })
    }

    /// Says which database alembic will touch, before anything runs.
    fn notice(&self, url: &DatabaseUrl, source: UrlSource) -> String {
        let ini = self.ini.path.display();
        if self.frontend() == Frontend::FlaskDb {
            format!(
                "flask db takes the database from the Flask application's configuration; it gets {} ({}) in DATABASE_URL and DATABASE_*, for an application that reads them",
                url.masked(),
                source.describe()
            )
        } else if source == UrlSource::AlembicIni {
            format!(
                "alembic will use sqlalchemy.url from {ini}: {}",
                url.masked()
            )
        } else if self.env_py_reads_environment() {
            format!(
                "alembic gets {} ({}) in DATABASE_URL and DATABASE_*",
                url.masked(),
                source.describe()
            )
        } else {
            let written = self
                .ini
                .sqlalchemy_url
                .as_deref()
                .map(crate::database_url::mask_url_text)
                .unwrap_or_else(|| "not set".into());
            format!(
                "warning: env.py does not read the environment, so alembic will use sqlalchemy.url from {ini} ({written}), not {} from {}",
                url.masked(),
                source.describe()
            )
        }
    }

    /// [`database_env`] with the driver alembic.ini's `sqlalchemy.url` names, when that URL is
    /// for the same kind of database: the project has that driver installed.
    pub fn handoff_env(&self, url: &DatabaseUrl) -> Vec<(String, String)> {
        let written = self.ini.sqlalchemy_url.as_deref().unwrap_or("");
        let scheme = written.split_once("://").map(|(scheme, _)| scheme);
        let same_kind = DatabaseUrl::parse(written, &self.ini.here)
            .is_ok_and(|ini_url| ini_url.dialect() == url.dialect());
        database_env(url, scheme.filter(|_| same_kind))
    }

    /// Whether env.py looks at the environment at all; when it does not, alembic will use the
    /// URL written in alembic.ini whatever Retort hands it.
    pub fn env_py_reads_environment(&self) -> bool {
        let text = self.env_py_text();
        ["environ", "getenv", "DATABASE_URL"]
            .iter()
            .any(|w| text.contains(w))
    }

    /// Whether env.py has an offline mode (`context.is_offline_mode()`), which `--sql` needs:
    /// without it alembic would connect and run the migrations instead of printing them.
    pub fn env_py_has_offline_mode(&self) -> bool {
        self.env_py_text().contains("is_offline_mode")
    }

    /// How to drive this project's alembic: Flask-Migrate's env.py takes its engine from the
    /// Flask application, which only `flask db` sets up.
    pub fn frontend(&self) -> Frontend {
        let flask = self.ini.script_location_implied && self.env_py_text().contains("current_app");
        if flask {
            Frontend::FlaskDb
        } else {
            Frontend::Alembic
        }
    }

    fn env_py_text(&self) -> String {
        std::fs::read_to_string(self.ini.script_location.join("env.py")).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn debug_output_names_the_variables_without_their_values() {
        let handoff = Handoff {
            command: AlembicCommand {
                program: "alembic".into(),
                prefix: Vec::new(),
                found_by: "PATH".into(),
                frontend: Frontend::Alembic,
            },
            env: vec![("DATABASE_PASSWORD".into(), "s3cret/#".into())],
            notice: None,
        };
        let shown = format!("{handoff:?}");
        assert!(
            shown.contains("DATABASE_PASSWORD") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn server_urls_become_sqlalchemy_urls_and_parts() {
        let url = DatabaseUrl::parse("postgres://app:p%40ss@db:5433/shop", Path::new("/")).unwrap();
        let env = database_env(&url, None);
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(
            get("DATABASE_URL"),
            Some("postgresql://app:p%40ss@db:5433/shop")
        );
        assert_eq!(get("DATABASE_HOST"), Some("db"));
        assert_eq!(get("DATABASE_PORT"), Some("5433"));
        assert_eq!(get("DATABASE_NAME"), Some("shop"));
        assert_eq!(get("DATABASE_USER"), Some("app"));
        assert_eq!(get("DATABASE_PASSWORD"), Some("p@ss"));
        let sqlite = DatabaseUrl::parse("sqlite:///app.db", Path::new("/proj")).unwrap();
        assert_eq!(database_env(&sqlite, None)[0].1, "sqlite:////proj/app.db");
        // The socket form: the host parameter names the server, for SQLAlchemy and env.py.
        let socket =
            DatabaseUrl::parse("postgresql://app:pw@/shop?host=/run/pg", Path::new("/")).unwrap();
        let env = database_env(&socket, None);
        assert_eq!(
            env[..2],
            [
                (
                    "DATABASE_URL".to_string(),
                    "postgresql://app:pw@/shop?host=/run/pg".to_string()
                ),
                ("DATABASE_HOST".to_string(), "/run/pg".to_string()),
            ]
        );
        let mysql = DatabaseUrl::parse("mariadb://root@db/shop", Path::new("/")).unwrap();
        assert_eq!(
            database_env(&mysql, Some("mysql+pymysql"))[0].1,
            "mysql+pymysql://root@db/shop"
        );
    }
}
