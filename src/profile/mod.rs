//! Connection profiles: a named database of a project, as the desktop app saves them (with
//! `tauri-plugin-store`, in the app's config folder) and as `retort --profile NAME` reads them.
//! The password is never here: it lives in the OS keyring ([`secret`]), one entry per profile.

mod edit;
pub mod secret;
mod store;
mod view;

pub use edit::ProfileEdit;
pub use store::{default_store_path, ProfileStore, APP_IDENTIFIER, STORE_KEY};
pub use view::ProfileView;

use crate::db::DatabaseUrl;
use crate::error::{Error, Result};
use crate::Dialect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where the database runs, which tells the app how loudly to warn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Environment {
    #[default]
    Dev,
    Staging,
    Prod,
}

/// TLS towards the server. This build's drivers have no TLS, so anything but `disable` and
/// `prefer` is refused when connecting rather than silently sent in clear text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum TlsMode {
    Disable,
    #[default]
    Prefer,
    Require,
    VerifyFull,
}

/// A profile as the app's bridge carries it (snake_case, as every type on it); the profiles
/// file keeps its own camelCase keys ([`ProfileStore`] turns one into the other).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Profile {
    pub name: String,
    /// The project folder (a `retort.toml` or an `alembic.ini` in it).
    pub project: PathBuf,
    pub dialect: Dialect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// SQLite profiles: the database file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlite_file: Option<PathBuf>,
    #[serde(default)]
    pub tls: TlsMode,
    #[serde(default)]
    pub environment: Environment,
    /// A CSS colour for the app's cards and banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// Applying asks the person to type the database name first.
    #[serde(default)]
    pub protected: bool,
    /// Whether a password was stored in the keyring for this profile.
    #[serde(default)]
    pub has_password: bool,
    /// Alembic projects: the command that runs the project's alembic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alembic_command: Option<String>,
    /// Alembic projects: an extra variable the password is handed to alembic in (for env.py
    /// files that read e.g. `APP_DB_PASSWORD`), besides `DATABASE_PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_variable: Option<String>,
    /// Alembic projects: more variables for the child's environment (no secrets: they are
    /// stored in clear text).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra_env: BTreeMap<String, String>,
}

impl Profile {
    /// The profile's database, with `password` from the keyring.
    pub fn url(&self, password: Option<&str>) -> Result<DatabaseUrl> {
        if matches!(self.tls, TlsMode::Require | TlsMode::VerifyFull) {
            return Err(Error::Invalid {
                message: format!(
                    "profile {}: TLS mode {:?} is not available in this build (its database drivers have no TLS); use a local tunnel, or tls \"prefer\" on a trusted network",
                    self.name, self.tls
                ),
            });
        }
        if self.dialect == Dialect::Sqlite {
            let file = self.sqlite_file.as_ref().ok_or_else(|| Error::Invalid {
                message: format!("profile {}: no SQLite file", self.name),
            })?;
            let path = if file.is_absolute() {
                file.clone()
            } else {
                self.project.join(file)
            };
            return Ok(DatabaseUrl::Sqlite { path: Some(path) });
        }
        let host = self.host.as_deref().ok_or_else(|| Error::Invalid {
            message: format!("profile {}: no host", self.name),
        })?;
        let port = self.port.map(|p| p.to_string());
        DatabaseUrl::from_parts(
            self.dialect,
            host,
            port.as_deref(),
            self.database.as_deref(),
            self.user.as_deref(),
            password,
        )
        .map_err(|e| Error::Invalid {
            message: format!("profile {}: {e}", self.name),
        })
    }
}

impl Profile {
    /// The profile's password from the keyring (`None` when it has none); a profile that says
    /// it has one whose entry is missing is an error that says how to mend it.
    pub fn password(&self) -> Result<Option<String>> {
        if !self.has_password {
            return Ok(None);
        }
        match secret::get_password(&self.name)? {
            Some(password) => Ok(Some(password)),
            None => Err(Error::Keyring {
                profile: self.name.clone(),
                message: "the profile says it has a password, but the keyring has no entry for it; set it again in the Retort app".into(),
            }),
        }
    }

    /// The name a protected profile asks the person to type before applying: its database,
    /// else its SQLite file's name, else the profile's name. A field that is set counts even
    /// when empty. [`Profile::confirm`] checks the typed name against this and the app's UI
    /// shows it ([`ProfileView::confirmation_name`]), so the two cannot disagree.
    pub fn confirmation_name(&self) -> String {
        match (&self.database, &self.sqlite_file) {
            (Some(name), _) => name.clone(),
            (None, Some(file)) => file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            (None, None) => self.name.clone(),
        }
    }

    /// Refuses to change a protected profile's database unless `typed` is its
    /// [`confirmation_name`](Profile::confirmation_name).
    pub fn confirm(&self, typed: Option<&str>) -> Result<()> {
        let database = self.confirmation_name();
        if self.protected && typed != Some(database.as_str()) {
            return Err(Error::ConfirmationRequired {
                profile: self.name.clone(),
                database,
            });
        }
        Ok(())
    }
}

impl Profile {
    /// What the profile adds to an Alembic project's environment: its extra variables, and the
    /// password again under the name the project's env.py reads (when it names one).
    pub fn alembic_env(&self, password: Option<&str>) -> Vec<(String, String)> {
        let mut vars: Vec<(String, String)> = self
            .extra_env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let (Some(name), Some(password)) = (&self.password_variable, password) {
            vars.push((name.clone(), password.to_string()));
        }
        vars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(tls: TlsMode) -> Profile {
        Profile {
            name: "staging".into(),
            project: PathBuf::from("/srv/app"),
            dialect: Dialect::Postgresql,
            host: Some("db.internal".into()),
            port: Some(5433),
            database: Some("shop".into()),
            user: Some("deploy".into()),
            sqlite_file: None,
            tls,
            environment: Environment::Staging,
            colour: Some("#d97706".into()),
            protected: true,
            has_password: true,
            alembic_command: None,
            password_variable: None,
            extra_env: BTreeMap::new(),
        }
    }

    #[test]
    fn urls_from_profiles() {
        let url = server(TlsMode::Prefer).url(Some("p@ss word")).unwrap();
        assert_eq!(url.dialect(), Dialect::Postgresql);
        assert_eq!(
            url.masked(),
            "postgresql://deploy:***@db.internal:5433/shop"
        );
        let err = server(TlsMode::Require).url(None).unwrap_err().to_string();
        assert!(err.contains("not available in this build"), "{err}");
        let mut sqlite = server(TlsMode::Disable);
        sqlite.dialect = Dialect::Sqlite;
        sqlite.sqlite_file = Some("data/app.db".into());
        assert_eq!(
            sqlite.url(None).unwrap(),
            DatabaseUrl::Sqlite {
                path: Some("/srv/app/data/app.db".into())
            }
        );
    }

    #[test]
    fn alembic_gets_the_extra_variables_and_the_password_under_its_name() {
        let mut p = server(TlsMode::Prefer);
        p.extra_env.insert("APP_ENV".into(), "staging".into());
        assert_eq!(
            p.alembic_env(Some("pw")),
            [("APP_ENV".to_string(), "staging".to_string())]
        );
        p.password_variable = Some("APP_DB_PASSWORD".into());
        assert_eq!(
            p.alembic_env(Some("pw")),
            [
                ("APP_ENV".to_string(), "staging".to_string()),
                ("APP_DB_PASSWORD".to_string(), "pw".to_string())
            ]
        );
        assert_eq!(p.alembic_env(None).len(), 1);
    }

    #[test]
    fn the_json_is_snake_case_and_has_no_password_field() {
        let json = serde_json::to_string(&server(TlsMode::VerifyFull)).unwrap();
        assert!(json.contains("\"has_password\":true"), "{json}");
        assert!(json.contains("\"tls\":\"verify-full\""), "{json}");
        assert!(!json.to_lowercase().contains("\"password\""), "{json}");
        let back: Profile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, server(TlsMode::VerifyFull));
    }
}
