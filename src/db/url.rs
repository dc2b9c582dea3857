//! Database URLs as Alembic users write them (SQLAlchemy forms, `+driver` suffixes, SQLite's
//! three-slash relative paths), the `DATABASE_*` variables, and masking passwords for display.

use crate::error::{Error, Result};
use crate::Dialect;
use std::path::{Path, PathBuf};

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
    /// Parses a URL; relative SQLite paths are taken relative to `base_dir`.
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
            return Ok(DatabaseUrl::Sqlite {
                path: sqlite_path(rest, base_dir),
            });
        }
        let rewritten = format!(
            "{}:{rest}",
            if dialect == Dialect::Postgresql {
                "postgres"
            } else {
                "mysql"
            }
        );
        let url = url::Url::parse(&rewritten).map_err(|e| bad(&e.to_string()))?;
        if url.host_str().unwrap_or("").is_empty() {
            return Err(bad("no host"));
        }
        Ok(DatabaseUrl::Server { dialect, url })
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
        if let Some(user) = user.filter(|u| !u.is_empty()) {
            let _ = url.set_username(user);
        }
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            let _ = url.set_password(Some(password));
        }
        url.set_path(name.unwrap_or(""));
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
                let text = shown.to_string();
                let rest = text.split_once(':').map_or(text.as_str(), |(_, r)| r);
                format!("{}:{rest}", dialect.name())
            }
        }
    }

    /// The database name (or SQLite file), for messages and lock names.
    pub fn database_name(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => path
                .as_ref()
                .map_or(":memory:".into(), |p| p.display().to_string()),
            DatabaseUrl::Server { url, .. } => url.path().trim_start_matches('/').to_string(),
        }
    }
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

/// Masks the password in a URL that may not even parse, for error messages.
pub fn mask_url_text(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_string();
    };
    let authority_end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    let Some(at) = text[start..authority_end].rfind('@').map(|i| start + i) else {
        return text.to_string();
    };
    match text[start..at].find(':') {
        Some(colon) => format!("{}***{}", &text[..start + colon + 1], &text[at..]),
        None => text.to_string(),
    }
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
    }
}
