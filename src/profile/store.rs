//! The profiles file: the JSON object `tauri-plugin-store` keeps (`{"profiles": [...]}`), in the
//! app's config folder, so the app and `retort --profile` read the same file. Written
//! atomically; keys other than `profiles` (the app's other settings) are kept as they are.
//! A profile's keys in the file are camelCase (`sqliteFile`, `hasPassword`), as they have always
//! been, while the app's bridge carries it in snake_case like every other type: the two meet
//! here, in [`profiles_from_file`] and [`profiles_to_file`].

use super::Profile;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The desktop app's bundle identifier: its config folder is named after it.
pub const APP_IDENTIFIER: &str = "org.retort.app";
/// The store key holding the list of profiles.
pub const STORE_KEY: &str = "profiles";
const FILE_NAME: &str = "profiles.json";

/// `RETORT_PROFILES` when set, else the app's config folder: `$XDG_CONFIG_HOME` (or
/// `~/.config`) on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows,
/// then `org.retort.app/profiles.json`.
pub fn default_store_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("RETORT_PROFILES") {
        return Some(PathBuf::from(path));
    }
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let base = if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|h| h.join(".config")))
    };
    base.map(|b| b.join(APP_IDENTIFIER).join(FILE_NAME))
}

/// The profiles file, read whole.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    pub path: PathBuf,
    pub profiles: Vec<Profile>,
    /// Everything else in the file, written back untouched.
    others: Map<String, Value>,
}

impl ProfileStore {
    /// Reads `path`; a missing file is an empty store.
    pub fn open(path: &Path) -> Result<ProfileStore> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let bad = |why: String| Error::Config {
            path: path.to_path_buf(),
            message: why,
        };
        let mut others = if text.trim().is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(bad("expected a JSON object".into())),
                Err(e) => return Err(bad(format!("not valid JSON: {e}"))),
            }
        };
        let profiles = match others.remove(STORE_KEY) {
            Some(value) => {
                profiles_from_file(value).map_err(|e| bad(format!("\"{STORE_KEY}\": {e}")))?
            }
            None => Vec::new(),
        };
        Ok(ProfileStore {
            path: path.to_path_buf(),
            profiles,
            others,
        })
    }

    pub fn get(&self, name: &str) -> Result<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::NoProfile {
                name: name.to_string(),
                store: self.path.clone(),
                known: self.profiles.iter().map(|p| p.name.clone()).collect(),
            })
    }

    /// Adds or replaces the profile of the same name.
    pub fn put(&mut self, profile: Profile) {
        match self.profiles.iter_mut().find(|p| p.name == profile.name) {
            Some(slot) => *slot = profile,
            None => self.profiles.push(profile),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Profile> {
        let at = self.profiles.iter().position(|p| p.name == name)?;
        Some(self.profiles.remove(at))
    }

    /// Writes the file atomically (temporary file, then rename).
    pub fn save(&self) -> Result<()> {
        let mut map = self.others.clone();
        let list = profiles_to_file(&self.profiles).map_err(|e| Error::Invalid {
            message: format!("cannot write profiles: {e}"),
        })?;
        map.insert(STORE_KEY.into(), list);
        let text =
            serde_json::to_string_pretty(&Value::Object(map)).map_err(|e| Error::Invalid {
                message: format!("cannot write profiles: {e}"),
            })?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let temp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
        std::fs::write(&temp, text).map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// The profiles of the file's `profiles` list; reads camelCase keys (the file's) and
/// snake_case ones alike.
fn profiles_from_file(list: Value) -> serde_json::Result<Vec<Profile>> {
    serde_json::from_value(rekey(list, snake_case))
}

/// The file's `profiles` list, with the file's camelCase keys.
fn profiles_to_file(profiles: &[Profile]) -> serde_json::Result<Value> {
    Ok(rekey(serde_json::to_value(profiles)?, camel_case))
}

/// Renames the top-level keys of each profile in `list`; nested maps (`extraEnv`'s variable
/// names) are values and stay as they are.
fn rekey(list: Value, case: fn(&str) -> String) -> Value {
    let Value::Array(items) = list else {
        return list;
    };
    let items = items.into_iter().map(|item| match item {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (case(&key), value))
                .collect(),
        ),
        other => other,
    });
    Value::Array(items.collect())
}

fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dialect;

    #[test]
    fn the_store_round_trips_and_keeps_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.retort.app/profiles.json");
        let mut store = ProfileStore::open(&path).unwrap();
        assert!(store.profiles.is_empty());
        store.put(Profile {
            name: "demo".into(),
            project: "/p".into(),
            dialect: Dialect::Sqlite,
            host: None,
            port: None,
            database: None,
            user: None,
            sqlite_file: Some("demo.db".into()),
            tls: Default::default(),
            environment: Default::default(),
            colour: None,
            protected: false,
            has_password: false,
            alembic_command: None,
            password_variable: None,
            extra_env: Default::default(),
        });
        store.save().unwrap();
        // The app's other settings survive a CLI write.
        let mut json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        json["theme"] = Value::String("dark".into());
        std::fs::write(&path, json.to_string()).unwrap();
        let mut again = ProfileStore::open(&path).unwrap();
        assert_eq!(
            again.get("demo").unwrap().sqlite_file,
            Some("demo.db".into())
        );
        assert!(again
            .get("nope")
            .unwrap_err()
            .to_string()
            .contains("profiles: demo"));
        again.remove("demo");
        again.save().unwrap();
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(json["theme"], "dark");
        assert_eq!(json[STORE_KEY], Value::Array(vec![]));
        std::fs::write(&path, "[1]").unwrap();
        assert!(ProfileStore::open(&path).is_err());
    }

    #[test]
    fn the_file_keeps_camel_case_keys_and_its_variables_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.json");
        let file = serde_json::json!({"profiles": [{
            "name": "legacy", "project": "/p", "dialect": "sqlite", "sqliteFile": "app.db",
            "hasPassword": true, "alembicCommand": "venv/bin/alembic",
            "passwordVariable": "APP_DB_PASSWORD", "extraEnv": {"APP_ENV": "staging", "my_var": "x"},
        }]});
        std::fs::write(&path, file.to_string()).unwrap();
        let store = ProfileStore::open(&path).unwrap();
        let profile = store.get("legacy").unwrap();
        assert_eq!(profile.sqlite_file, Some("app.db".into()));
        assert!(profile.has_password);
        assert_eq!(profile.alembic_command.as_deref(), Some("venv/bin/alembic"));
        assert_eq!(
            profile.password_variable.as_deref(),
            Some("APP_DB_PASSWORD")
        );
        assert_eq!(profile.extra_env.len(), 2);
        store.save().unwrap();
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let written = &written["profiles"][0];
        for (key, value) in file["profiles"][0].as_object().unwrap() {
            assert_eq!(&written[key], value, "{key} written back as it was");
        }
        let keys = written.as_object().unwrap().keys();
        assert!(keys.clone().all(|k| !k.contains('_')), "{keys:?}");
        // A list written with the bridge's keys reads the same.
        let snake = serde_json::to_value(&store.profiles).unwrap();
        assert!(snake[0].get("sqlite_file").is_some());
        assert_eq!(profiles_from_file(snake).unwrap(), store.profiles);
    }
}
