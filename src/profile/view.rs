//! A profile as the app's UI receives it: the stored profile plus what Rust decides about it,
//! so that the UI shows the rule the engine enforces ([`Profile::confirm`]) instead of
//! computing its own copy.

use super::Profile;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileView {
    #[serde(flatten)]
    pub profile: Profile,
    /// What a protected profile asks the person to type before applying
    /// ([`Profile::confirmation_name`]); [`Profile::confirm`] refuses any other.
    pub confirmation_name: String,
}

impl From<Profile> for ProfileView {
    fn from(profile: Profile) -> ProfileView {
        ProfileView {
            confirmation_name: profile.confirmation_name(),
            profile,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dialect;

    fn profile(database: Option<&str>, sqlite_file: Option<&str>) -> Profile {
        Profile {
            name: "shop-prod".into(),
            project: "/p".into(),
            dialect: if sqlite_file.is_some() {
                Dialect::Sqlite
            } else {
                Dialect::Postgresql
            },
            host: None,
            port: None,
            database: database.map(Into::into),
            user: None,
            sqlite_file: sqlite_file.map(Into::into),
            tls: Default::default(),
            environment: Default::default(),
            colour: None,
            protected: true,
            has_password: false,
            alembic_command: None,
            password_variable: None,
            extra_env: Default::default(),
        }
    }

    #[test]
    fn the_name_to_type_is_the_database_else_the_files_name_else_the_profiles() {
        let cases = [
            (Some("shop"), None, "shop"),
            (Some("Shop-Prod.2025"), None, "Shop-Prod.2025"),
            (None, Some("/var/lib/shop/data.db"), "data.db"),
            (None, Some("db/app.sqlite"), "app.sqlite"),
            (None, Some("app.db"), "app.db"),
            (None, Some("./app.db"), "app.db"),
            (None, Some("db/../app.db"), "app.db"),
            (None, Some("db//app.db"), "app.db"),
            (None, Some("db/data/"), "data"),
            (None, Some("db/data.db/."), "data.db"),
            (None, Some("db/.."), ""),
            (None, Some("/"), ""),
            (None, Some(""), ""),
            (Some("main"), Some("/tmp/x.db"), "main"),
            (Some(""), Some("/tmp/x.db"), ""),
            (None, None, "shop-prod"),
        ];
        for (database, file, expected) in cases {
            let view = ProfileView::from(profile(database, file));
            assert_eq!(view.confirmation_name, expected, "{database:?} {file:?}");
        }
    }

    #[test]
    fn the_view_is_the_profile_with_the_name_beside_it() {
        let json = serde_json::to_value(ProfileView::from(profile(Some("shop"), None)))
            .expect("a view serializes");
        assert_eq!(json["confirmation_name"], "shop");
        assert_eq!(json["name"], "shop-prod");
        assert_eq!(json["protected"], true);
    }
}
