//! Database URLs as Alembic users write them (SQLAlchemy forms, `+driver` suffixes, SQLite's
//! three-slash relative paths), the `DATABASE_*` variables, and masking passwords for display.

mod url_params;
pub(crate) mod url_text;

pub use url_text::{encode_component, mask_url_text, mask_urls_in};

use crate::error::{Error, Result};
use crate::Dialect;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url_text::mask_password_parameter;

/// Where a database lives, parsed and ready to connect to.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `None` is an in-memory database.
    Sqlite {
        path: Option<PathBuf>,
    },
    Server {
        dialect: Dialect,
        url: url::Url,
    },
}

/// Never prints the password, so a URL can go into any log or error safely.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl DatabaseUrl {
    /// Parses a URL; relative SQLite paths are taken relative to `base_dir`. A password may
    /// hold `/`, `?`, `#` or `@` unencoded (as SQLAlchemy reads it), unless that makes the URL
    /// ambiguous; URL parameters other than the dialect's known ones are refused by name.
    pub fn parse(text: &str, base_dir: &Path) -> Result<DatabaseUrl> {
        let text = text.trim();
        let bad = |why: &str| Error::Url {
            message: format!("invalid database URL {}: {why}", mask_url_text(text)),
        };
        let (scheme, rest) = text
            .split_once(':')
            .ok_or_else(|| bad("expected scheme://… (postgresql, mysql, mariadb or sqlite)"))?;
        let base_scheme = scheme.split('+').next().unwrap_or(scheme);
        let dialect = Dialect::parse(base_scheme).ok_or_else(|| {
            bad("unknown scheme (expected postgresql, postgres, mysql, mariadb or sqlite)")
        })?;
        if dialect == Dialect::Sqlite {
            if let Some((_, query)) = rest.split_once('?') {
                url_params::check(dialect, url_params::keys(query)).map_err(|e| bad(&e))?;
            }
            return Ok(DatabaseUrl::Sqlite {
                path: sqlite_path(rest, base_dir),
            });
        }
        let rest = encode_raw_userinfo(text)
            .map_err(|e| bad(&e))?
            .split_once(':')
            .map_or(String::new(), |(_, r)| r.to_string());
        let rewritten = format!(
            "{}:{rest}",
            if dialect == Dialect::Postgresql {
                "postgres"
            } else {
                "mysql"
            }
        );
        // `postgresql://u@/db?host=/var/run/postgresql` (SQLAlchemy's socket form) and
        // `mysql://u@/db?socket=…` name the server in a parameter, which the driver prefers
        // to the URL's host; `url` refuses a user without a host, so one is put in for it.
        let elsewhere: &[&str] = match dialect {
            Dialect::Postgresql => &["host", "hostaddr"],
            _ => &["socket"],
        };
        let query = rewritten.split_once('?').map_or("", |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        let server_elsewhere = url_params::keys(query)
            .iter()
            .any(|k| elsewhere.contains(&k.as_str()));
        let no_host = || {
            bad(&format!(
                "no host (or a {} parameter)",
                elsewhere.join(" or ")
            ))
        };
        let url = match url::Url::parse(&rewritten) {
            Err(url::ParseError::EmptyHost) if server_elsewhere => {
                let at = url_text::userinfo(&rewritten).map_or(0, |u| u.end + 1);
                let mut placed = rewritten.clone();
                placed.insert_str(at, "localhost");
                url::Url::parse(&placed)
            }
            Err(url::ParseError::EmptyHost) => return Err(no_host()),
            parsed => parsed,
        }
        .map_err(|e| bad(&e.to_string()))?;
        url_params::check(dialect, url.query_pairs().map(|(k, _)| k.into_owned()))
            .map_err(|e| bad(&e))?;
        if url.host_str().unwrap_or("").is_empty() && !server_elsewhere {
            return Err(no_host());
        }
        let server = DatabaseUrl::Server { dialect, url };
        server.connect_timeout().map_err(|e| bad(&e))?;
        Ok(server)
    }

    /// The URL's `connect_timeout` in seconds, when it has a nonzero one.
    pub(crate) fn connect_timeout(&self) -> std::result::Result<Option<Duration>, String> {
        let DatabaseUrl::Server { url, .. } = self else {
            return Ok(None);
        };
        let Some((_, value)) = url
            .query_pairs()
            .find(|(k, _)| k == url_params::CONNECT_TIMEOUT)
        else {
            return Ok(None);
        };
        match value.trim().parse::<u64>() {
            Ok(0) => Ok(None),
            Ok(seconds) => Ok(Some(Duration::from_secs(seconds))),
            Err(_) => Err(format!(
                "{} {value:?} is not a whole number of seconds",
                url_params::CONNECT_TIMEOUT
            )),
        }
    }

    /// The password, decoded (`None` for SQLite and URLs without one).
    pub fn password(&self) -> Option<String> {
        match self {
            DatabaseUrl::Server { url, .. } => url.password().map(percent_decode),
            DatabaseUrl::Sqlite { .. } => None,
        }
    }

    /// Builds a URL from Alembic's `DATABASE_HOST/PORT/NAME/USER/PASSWORD` habit.
    pub fn from_parts(
        dialect: Dialect,
        host: &str,
        port: Option<&str>,
        name: Option<&str>,
        user: Option<&str>,
        password: Option<&str>,
    ) -> Result<DatabaseUrl> {
        if dialect == Dialect::Sqlite {
            return Ok(DatabaseUrl::Sqlite {
                path: name.map(PathBuf::from),
            });
        }
        let scheme = if dialect == Dialect::Postgresql {
            "postgres"
        } else {
            "mysql"
        };
        let bad = |why: String| Error::Url {
            message: format!("invalid DATABASE_* variables: {why}"),
        };
        let mut url =
            url::Url::parse(&format!("{scheme}://placeholder/")).map_err(|e| bad(e.to_string()))?;
        url.set_host(Some(host))
            .map_err(|e| bad(format!("DATABASE_HOST: {e}")))?;
        if let Some(port) = port.filter(|p| !p.is_empty()) {
            let port: u16 = port
                .parse()
                .map_err(|_| bad(format!("DATABASE_PORT {port:?} is not a port number")))?;
            let _ = url.set_port(Some(port));
        }
        // Encoded here, as `url` would leave `%` as it is and the driver decode it.
        if let Some(user) = user.filter(|u| !u.is_empty()) {
            let _ = url.set_username(&encode_component(user));
        }
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            let _ = url.set_password(Some(&encode_component(password)));
        }
        url.set_path(&encode_component(name.unwrap_or("")));
        Ok(DatabaseUrl::Server { dialect, url })
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            DatabaseUrl::Sqlite { .. } => Dialect::Sqlite,
            DatabaseUrl::Server { dialect, .. } => *dialect,
        }
    }

    /// The URL with its password replaced by `***`: the only form ever shown.
    pub fn masked(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path: None } => "sqlite:///:memory:".into(),
            DatabaseUrl::Sqlite { path: Some(p) } => format!("sqlite:///{}", p.display()),
            DatabaseUrl::Server { dialect, url } => {
                let mut shown = url.clone();
                if shown.password().is_some() {
                    let _ = shown.set_password(Some("***"));
                }
                let text = mask_password_parameter(shown.as_str());
                let rest = text.split_once(':').map_or(text.as_str(), |(_, r)| r);
                match self.host_parameter() {
                    Some(_) => format!("{}:{}", dialect.name(), url_text::without_host(rest)),
                    None => format!("{}:{rest}", dialect.name()),
                }
            }
        }
    }

    /// A PostgreSQL server named by a `host` or `hostaddr` parameter, which the driver prefers
    /// to the URL's host (then only a stand-in for the URL parser, or a host given twice).
    pub(crate) fn host_parameter(&self) -> Option<String> {
        match self {
            DatabaseUrl::Server {
                dialect: Dialect::Postgresql,
                url,
            } => url
                .query_pairs()
                .filter(|(k, _)| k == "host" || k == "hostaddr")
                .last()
                .map(|(_, v)| v.into_owned()),
            _ => None,
        }
    }

    /// The database name (or SQLite file), for messages and lock names.
    pub fn database_name(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => path
                .as_ref()
                .map_or(":memory:".into(), |p| p.display().to_string()),
            DatabaseUrl::Server { url, dialect } => {
                let name = percent_decode(url.path().trim_start_matches('/'));
                if *dialect != Dialect::Postgresql {
                    return name;
                }
                // The driver reads `dbname` and `user` parameters over the URL's parts, and
                // defaults, as libpq does, to the database named as the user.
                let parameter = |key: &str| {
                    url.query_pairs()
                        .filter(|(k, _)| k == key)
                        .last()
                        .map(|(_, v)| v.into_owned())
                };
                parameter("dbname")
                    .or((!name.is_empty()).then_some(name))
                    .or_else(|| parameter("user"))
                    .unwrap_or_else(|| percent_decode(url.username()))
            }
        }
    }

    /// Refuses a database that cannot hold bookkeeping: SQLite in memory (`sqlite://`, or an
    /// empty path such as `sqlite:///$UNSET` gives), whose every change is lost at the end of
    /// the run, and a MySQL URL that names no database. A PostgreSQL URL without one means the
    /// user's own database, as for psql.
    pub fn require_database(&self) -> Result<()> {
        let message = match self {
            DatabaseUrl::Sqlite { path: None } => {
                "sqlite:///:memory: is an in-memory database (the URL is sqlite://, :memory: or has an empty path, as sqlite:///$UNSET_VARIABLE gives): nothing done there outlives this run; name a file"
            }
            DatabaseUrl::Server {
                dialect: Dialect::Mysql,
                ..
            } if self.database_name().is_empty() => {
                "no database in the URL: MySQL and MariaDB need one (mysql://user@host:3306/DATABASE)"
            }
            _ => return Ok(()),
        };
        Err(Error::Url {
            message: format!("{}: {message}", self.masked()),
        })
    }
}

/// Percent-encodes a user name and password written unencoded around `/`, `?` or `#` (which
/// would end them early for the URL parser); refuses an URL that reads two ways.
fn encode_raw_userinfo(text: &str) -> std::result::Result<String, String> {
    let Some(info) = url_text::userinfo(text) else {
        return Ok(text.to_string());
    };
    if info.ambiguous {
        return Err("it has an @ both before and after the first /, ? or # after the host: percent-encode @, /, ? and # in the password (%40, %2F, %3F, %23) or @ in the path and parameters (%40)".into());
    }
    let written = &text[info.start..info.end];
    if !written.contains(['/', '?', '#']) {
        return Ok(text.to_string());
    }
    let (user, password) = written.split_once(':').unwrap_or((written, ""));
    Ok(format!(
        "{}{}:{}{}",
        &text[..info.start],
        url_text::encode_written(user),
        url_text::encode_written(password),
        &text[info.end..]
    ))
}

/// SQLAlchemy's reading: `sqlite:///rel.db` is relative, `sqlite:////abs.db` absolute,
/// `sqlite://` and `:memory:` in memory; `sqlite:PATH` (sqlx's form) is a plain path.
fn sqlite_path(rest: &str, base_dir: &Path) -> Option<PathBuf> {
    let rest = rest.split('?').next().unwrap_or(rest);
    let raw = match rest.strip_prefix("//") {
        Some(after) => after.strip_prefix('/').unwrap_or(after),
        None => rest,
    };
    if raw.is_empty() || raw == ":memory:" {
        return None;
    }
    let path = Path::new(raw);
    Some(if path.is_absolute() {
        path.to_path_buf()
    } else {
        base_dir.join(path)
    })
}

/// `%XX` escapes decoded, as URL user names and passwords carry them.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DatabaseUrl {
        DatabaseUrl::parse(text, Path::new("/proj")).unwrap()
    }

    #[test]
    fn sqlite_paths_follow_sqlalchemy() {
        let cases = [
            ("sqlite:///demo.db", Some("/proj/demo.db")),
            ("sqlite:////abs/demo.db", Some("/abs/demo.db")),
            ("sqlite:data/x.db", Some("/proj/data/x.db")),
            ("sqlite:/abs/x.db", Some("/abs/x.db")),
            ("sqlite+pysqlite:///demo.db", Some("/proj/demo.db")),
            ("sqlite://", None),
            ("sqlite:///:memory:", None),
        ];
        for (text, expected) in cases {
            let DatabaseUrl::Sqlite { path } = parse(text) else {
                panic!("{text} is not sqlite")
            };
            assert_eq!(path.as_deref(), expected.map(Path::new), "{text}");
        }
    }

    #[test]
    fn server_schemes_and_driver_suffixes() {
        for (text, dialect) in [
            ("postgresql://u:p@h:5432/db", Dialect::Postgresql),
            ("postgres://u@h/db", Dialect::Postgresql),
            ("postgresql+psycopg2://u:p@h/db", Dialect::Postgresql),
            ("mysql://root@127.0.0.1:3306/db", Dialect::Mysql),
            ("mariadb://root@h/db", Dialect::Mysql),
            ("mysql+pymysql://u:p@h/db", Dialect::Mysql),
        ] {
            assert_eq!(parse(text).dialect(), dialect, "{text}");
        }
        assert_eq!(
            parse("postgresql+psycopg2://u:p@h/db").database_name(),
            "db"
        );
    }

    #[test]
    fn passwords_are_masked() {
        let url = parse("postgresql://alice:s3cret@db.example:5432/app");
        assert_eq!(url.masked(), "postgresql://alice:***@db.example:5432/app");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(
            mask_url_text("mysql://bob:hunter2@h/db"),
            "mysql://bob:***@h/db"
        );
        let err = DatabaseUrl::parse("oracle://bob:hunter2@h/db", Path::new("/")).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn unencoded_passwords_are_read_as_sqlalchemy_reads_them() {
        for password in [
            "a/b", "a?b", "a#b", "a@b", "123/x@h", "a:b", "a b", "p%x", "é€",
        ] {
            let text = format!("postgresql://bob:{password}@db.example:5432/app");
            let url = DatabaseUrl::parse(&text, Path::new("/")).unwrap();
            assert_eq!(url.password().as_deref(), Some(password), "{text}");
            assert_eq!(url.database_name(), "app", "{text}");
            assert_eq!(url.masked(), "postgresql://bob:***@db.example:5432/app");
        }
        let err = DatabaseUrl::parse("mysql://u:p@s/s@h/db", Path::new("/")).unwrap_err();
        let err = err.to_string();
        assert!(
            err.contains("percent-encode") && !err.contains("p@s"),
            "{err}"
        );
    }

    #[test]
    fn unknown_parameters_are_refused_by_name() {
        for text in [
            "postgresql://u@h/db?sslmode=disable&application_name=x",
            "mysql://u@h/db?charset=utf8mb4",
            "sqlite:///x.db?check_same_thread=False",
            "postgresql://u@/db?host=/var/run/postgresql",
            "mysql://u@/db?socket=/run/mysqld/mysqld.sock",
            "postgresql://u:p@:5433/db?host=/tmp",
            "postgresql:///db?host=/tmp",
        ] {
            let parsed = DatabaseUrl::parse(text, Path::new("/"));
            assert!(parsed.is_ok(), "{text}: {parsed:?}");
        }
        assert_eq!(
            parse("postgresql://u:pw@/db?host=/run/pg").masked(),
            "postgresql://u:***@/db?host=/run/pg"
        );
        let timed = parse("postgresql://u@h/db?sslmode=require&connect_timeout=5");
        assert_eq!(timed.connect_timeout(), Ok(Some(Duration::from_secs(5))));
        assert_eq!(
            parse("mysql://u@h/db?connect_timeout=0").connect_timeout(),
            Ok(None)
        );
        for (text, expected) in [
            (
                "postgresql://u:pw@h/db?connect_timeout=5s",
                "connect_timeout \"5s\" is not a whole number",
            ),
            ("postgresql://u:pw@/db", "no host (or a host or hostaddr"),
            ("postgresql:///db", "no host (or a host or hostaddr"),
            ("mysql://u@/db?host=x", "no host (or a socket"),
            (
                "mysql://u@h/db?ssl_mode=x",
                "\"ssl_mode\" for mysql (this driver spells it ssl-mode)",
            ),
            ("sqlite:///x.db?mode=ro", "\"mode\""),
        ] {
            let err = DatabaseUrl::parse(text, Path::new("/"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected) && !err.contains("pw"), "{err}");
        }
        let url = parse("postgresql://h/db?user=u&password=s3cret");
        assert!(!url.masked().contains("s3cret"), "{}", url.masked());
    }

    #[test]
    fn bookkeeping_needs_a_lasting_database() {
        for text in [
            "sqlite://",
            "sqlite:///",
            "sqlite:///:memory:",
            "mysql://root@h:3306",
            "mysql://root@h/",
        ] {
            let err = parse(text).require_database().unwrap_err().to_string();
            assert!(
                err.contains("in-memory") || err.contains("no database in the URL"),
                "{err}"
            );
        }
        let pg = parse("postgresql://alice@h");
        assert!(pg.require_database().is_ok());
        assert_eq!(pg.database_name(), "alice");
        assert_eq!(
            parse("postgresql://alice@h/a?dbname=b").database_name(),
            "b"
        );
        assert_eq!(
            parse("postgresql://alice@h?user=bob").database_name(),
            "bob"
        );
        assert!(parse("sqlite:///x.db").require_database().is_ok());
    }

    #[test]
    fn parts_build_a_url_with_an_encoded_password() {
        let url = DatabaseUrl::from_parts(
            Dialect::Postgresql,
            "localhost",
            Some("5433"),
            Some("app"),
            Some("alice"),
            Some("p@ss word"),
        )
        .unwrap();
        assert_eq!(url.masked(), "postgresql://alice:***@localhost:5433/app");
        let DatabaseUrl::Server { url, .. } = url else {
            panic!()
        };
        assert_eq!(url.password(), Some("p%40ss%20word"));
        let odd = "%41/?#@:é";
        let url =
            DatabaseUrl::from_parts(Dialect::Mysql, "h", None, Some(odd), Some(odd), Some(odd))
                .unwrap();
        assert_eq!(url.password().as_deref(), Some(odd));
        assert_eq!(url.database_name(), odd);
        assert_eq!(url.masked().matches(odd).count(), 0, "{}", url.masked());
    }
}
