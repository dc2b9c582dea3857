//! The session state Retort relies on, captured when it connects: MySQL's current database,
//! PostgreSQL's schema, search path, role and replication role, SQLite's attached databases and
//! pragmas. A revision's SQL may change any of them (`USE`, `SET search_path`, `SET ROLE`,
//! `ATTACH`, `PRAGMA`); the bookkeeping is qualified with the schema captured here so it never
//! follows, and the session is put back after each revision so later revisions run as the first.

use crate::db::{Db, DbError};
use crate::dialect::{mysql, postgres, sqlite, Tables};
use crate::Dialect;

/// What the session looked like at connect time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    Mysql {
        database: Option<String>,
    },
    Postgres {
        schema: Option<String>,
        settings: Vec<(&'static str, String)>,
        role: String,
    },
    Sqlite {
        databases: Vec<String>,
        pragmas: Vec<(&'static str, String)>,
    },
}

const PG_SETTINGS: [&str; 2] = ["search_path", "session_replication_role"];
/// Pragmas a revision may flip that change how later statements behave.
const SQLITE_PRAGMAS: [&str; 3] = ["foreign_keys", "query_only", "recursive_triggers"];

impl Home {
    /// One round trip that reads the current state, in the order `read` expects.
    fn query(dialect: Dialect) -> String {
        match dialect {
            Dialect::Mysql => "SELECT DATABASE()".into(),
            Dialect::Postgresql => format!(
                "SELECT CAST(current_schema() AS TEXT), CAST(current_user AS TEXT), {}",
                PG_SETTINGS
                    .iter()
                    .map(|s| format!("current_setting('{s}')"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Dialect::Sqlite => format!(
                "SELECT (SELECT group_concat(name, char(31)) FROM pragma_database_list), {}",
                SQLITE_PRAGMAS
                    .iter()
                    .map(|p| format!("(SELECT CAST({p} AS TEXT) FROM pragma_{p})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Reads the session's state now.
    pub async fn read(db: &mut Db) -> Result<Home, DbError> {
        let dialect = db.dialect();
        let mut row = db
            .fetch(&Self::query(dialect))
            .await?
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter();
        let mut next = || row.next().flatten();
        Ok(match dialect {
            Dialect::Mysql => Home::Mysql { database: next() },
            Dialect::Postgresql => {
                let schema = next();
                let role = next().unwrap_or_default();
                let settings = PG_SETTINGS
                    .iter()
                    .map(|s| (*s, next().unwrap_or_default()))
                    .collect();
                Home::Postgres {
                    schema,
                    settings,
                    role,
                }
            }
            Dialect::Sqlite => {
                let databases = next()
                    .unwrap_or_default()
                    .split('\u{1f}')
                    .map(str::to_string)
                    .collect();
                let pragmas = SQLITE_PRAGMAS
                    .iter()
                    .map(|p| (*p, next().unwrap_or_default()))
                    .collect();
                Home::Sqlite { databases, pragmas }
            }
        })
    }

    /// The schema (MySQL: database) Retort's tables live in, when the session has one.
    pub fn schema(&self) -> Option<&str> {
        match self {
            Home::Mysql { database } => database.as_deref(),
            Home::Postgres { schema, .. } => schema.as_deref(),
            Home::Sqlite { .. } => Some("main"),
        }
    }

    /// The configured table names, qualified with the home schema unless they name one.
    pub fn qualify(&self, tables: &Tables) -> Tables {
        let qualify = |name: &str| match self.schema() {
            Some(schema) if !name.contains('.') => format!("{schema}.{name}"),
            _ => name.to_string(),
        };
        Tables {
            revisions: qualify(&tables.revisions),
            log: qualify(&tables.log),
        }
    }

    /// MySQL: the database the session is in now, if a revision switched it away from home.
    pub async fn database_switched(&self, db: &mut Db) -> Result<Option<String>, DbError> {
        let Home::Mysql { database } = self else {
            return Ok(None);
        };
        let now = db.fetch_value("SELECT DATABASE()").await?;
        Ok((now != *database).then(|| now.unwrap_or_else(|| "(none)".into())))
    }

    /// Puts the session back as it was at connect time; returns what had changed (empty when
    /// nothing), or the database's message when it cannot be put back.
    pub async fn restore(&self, db: &mut Db) -> Result<Vec<String>, DbError> {
        let now = Self::read(db).await?;
        let mut changed = Vec::new();
        let mut sql = Vec::new();
        match (self, &now) {
            (Home::Mysql { database }, Home::Mysql { database: current })
                if current != database =>
            {
                changed.push(format!(
                    "the current database became {}",
                    current.as_deref().unwrap_or("(none)")
                ));
                if let Some(home) = database {
                    sql.push(format!("USE {}", mysql::quote(home)));
                }
            }
            (
                Home::Postgres { settings, role, .. },
                Home::Postgres {
                    settings: current,
                    role: current_role,
                    ..
                },
            ) => {
                // The role first: the settings below may need the original role's rights.
                if current_role != role {
                    changed.push(format!("the role became {current_role}"));
                    sql.push(format!("RESET ROLE; SET ROLE {}", postgres::quote(role)));
                }
                for ((name, value), (_, now)) in settings.iter().zip(current) {
                    if value != now {
                        changed.push(format!("{name} became {now:?}"));
                        sql.push(format!(
                            "SELECT set_config('{name}', {}, false)",
                            postgres::literal(value)
                        ));
                    }
                }
            }
            (
                Home::Sqlite { databases, pragmas },
                Home::Sqlite {
                    databases: current,
                    pragmas: current_pragmas,
                },
            ) => {
                for name in current.iter().filter(|n| !databases.contains(n)) {
                    if name != "temp" {
                        changed.push(format!("database {name} was attached"));
                        sql.push(format!("DETACH DATABASE {}", sqlite::quote(name)));
                    }
                }
                for ((name, value), (_, now)) in pragmas.iter().zip(current_pragmas) {
                    if value != now {
                        changed.push(format!("PRAGMA {name} became {now}"));
                        sql.push(format!("PRAGMA {name} = {value}"));
                    }
                }
            }
            _ => {}
        }
        for statement in sql {
            db.execute(&statement).await?;
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_names_are_qualified_unless_they_name_a_schema() {
        let home = Home::Mysql {
            database: Some("app".into()),
        };
        let tables = Tables {
            revisions: "retort_revisions".into(),
            log: "audit.retort_log".into(),
        };
        let q = home.qualify(&tables);
        assert_eq!(q.revisions, "app.retort_revisions");
        assert_eq!(q.log, "audit.retort_log");
        let none = Home::Postgres {
            schema: None,
            settings: Vec::new(),
            role: "u".into(),
        };
        assert_eq!(none.qualify(&tables).revisions, "retort_revisions");
    }
}
