//! Password secrecy checks shared by the tests that feed a password through a URL source: a
//! password with every special character, the forms it could leak in, and a real login (a
//! PostgreSQL role, a MariaDB user) that holds it for one test.

use super::{admin_exec_pub, TestDb};
use retort::db::DatabaseUrl;
use retort::Dialect;
use std::path::Path;

/// Every printable ASCII character that is not a letter or digit, and some beyond ASCII.
pub const EVERY_SPECIAL: &str = "Pw1 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é€";

/// A password that looks percent-encoded: outside a URL (`DATABASE_PASSWORD`, a `${VAR}`, a
/// profile's keyring entry) it must arrive as written, not decoded to `…A`.
pub const LOOKS_ENCODED: &str = "Pw2 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é€%41";

/// Percent-encodes all but RFC 3986's unreserved characters (written here, not taken from the
/// engine under test).
pub fn encode_all(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The ways a password could show: as it is, percent-encoded (ours, and the URL parser's
/// userinfo set), JSON-escaped. Any 8 characters of any of them count as a leak.
pub fn leak_windows(secret: &str) -> Vec<String> {
    let mut userinfo = url::Url::parse("mysql://u@h/").unwrap();
    userinfo.set_password(Some(secret)).unwrap();
    let forms = [
        secret.to_string(),
        encode_all(secret),
        userinfo.password().unwrap().to_string(),
        serde_json::to_string(secret)
            .unwrap()
            .trim_matches('"')
            .to_string(),
    ];
    let mut windows = Vec::new();
    for form in forms {
        let chars: Vec<char> = form.chars().collect();
        for w in chars.windows(8) {
            windows.push(w.iter().collect());
        }
    }
    windows
}

#[track_caller]
pub fn assert_no_leak(what: &str, text: &str, windows: &[String]) {
    if let Some(w) = windows.iter().find(|w| text.contains(w.as_str())) {
        panic!("the password leaked ({w:?}) in {what}:\n{text}");
    }
}

/// A login made for one test with the password, dropped when the test ends (also after a
/// failed assertion, whichever of it and the test database goes first).
pub struct SweepUser {
    dialect: Dialect,
    pub name: String,
    database_url: String,
}

impl SweepUser {
    pub fn create(dialect: Dialect, db: &TestDb, password: &str, suffix: &str) -> SweepUser {
        let database = db.url.rsplit('/').next().unwrap().to_string();
        let name = format!("rsw_{}{suffix}", database.trim_start_matches("retort_t_"));
        match dialect {
            Dialect::Postgresql => {
                let literal = password.replace('\'', "''");
                admin_exec_pub(
                    dialect,
                    &[&format!("CREATE ROLE {name} LOGIN PASSWORD '{literal}'")],
                )
                .unwrap();
                db.exec(&format!("GRANT ALL ON SCHEMA public TO {name}"))
                    .unwrap();
            }
            _ => {
                let literal = password.replace('\\', "\\\\").replace('\'', "''");
                for host in ["%", "localhost"] {
                    db.exec(&format!(
                        "CREATE USER '{name}'@'{host}' IDENTIFIED BY '{literal}'"
                    ))
                    .unwrap();
                    db.exec(&format!("GRANT ALL ON {database}.* TO '{name}'@'{host}'"))
                        .unwrap();
                }
            }
        }
        SweepUser {
            dialect,
            name,
            database_url: db.url.clone(),
        }
    }
}

impl Drop for SweepUser {
    fn drop(&mut self) {
        if self.dialect == Dialect::Postgresql {
            // Its grants in the test database (if still there) would keep the role.
            if let Ok(url) = DatabaseUrl::parse(&self.database_url, Path::new("/")) {
                let owned = format!("DROP OWNED BY {}", self.name);
                super::runtime().block_on(async {
                    if let Ok(mut db) = super::connect(&url).await {
                        let _ = db.execute(&owned).await;
                        db.close().await;
                    }
                });
            }
        }
        let statements = match self.dialect {
            Dialect::Postgresql => vec![format!("DROP ROLE IF EXISTS {}", self.name)],
            _ => ["%", "localhost"]
                .iter()
                .map(|h| format!("DROP USER IF EXISTS '{}'@'{h}'", self.name))
                .collect(),
        };
        for s in statements {
            let _ = admin_exec_pub(self.dialect, &[&s]);
        }
    }
}
