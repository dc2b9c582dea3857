//! `--rename` arguments: the only way a drop and an add become a real rename, because guessing
//! renames silently would turn a mistaken guess into lost data.

use crate::schema::model::Schema;

/// `users.fullname=display_name` (a column) or `old_table=new_table` (a table).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rename {
    /// The table (by its name before the change) for a column rename; `None` for a table.
    pub table: Option<String>,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("--rename {argument:?}: expected table.old_column=new_column or old_table=new_table")]
    Syntax { argument: String },
    #[error("--rename {argument:?}: {message}")]
    NoMatch { argument: String, message: String },
}

impl From<RenameError> for crate::Error {
    fn from(e: RenameError) -> crate::Error {
        crate::Error::Invalid {
            message: e.to_string(),
        }
    }
}

impl Rename {
    pub fn parse(argument: &str) -> Result<Rename, RenameError> {
        let syntax = || RenameError::Syntax {
            argument: argument.to_string(),
        };
        let (left, right) = argument.split_once('=').ok_or_else(syntax)?;
        let (left, to) = (left.trim(), right.trim());
        let valid = |s: &str| !s.is_empty() && !s.contains(['=', ' ']);
        if !valid(left) || !valid(to) || to.contains('.') {
            return Err(syntax());
        }
        // The last dot splits table from column, so `schema.table.column` works too.
        Ok(match left.rsplit_once('.') {
            Some((table, from)) if valid(table) && valid(from) => Rename {
                table: Some(table.to_string()),
                from: from.to_string(),
                to: to.to_string(),
            },
            Some(_) => return Err(syntax()),
            None => Rename {
                table: None,
                from: left.to_string(),
                to: to.to_string(),
            },
        })
    }

    pub fn argument(&self) -> String {
        match &self.table {
            Some(t) => format!("{t}.{}={}", self.from, self.to),
            None => format!("{}={}", self.from, self.to),
        }
    }
}

/// Checks each rename against the two schemas, so a typo is an error rather than a rename that
/// quietly does nothing. [`crate::schema::diff`] ignores renames this would reject.
pub fn validate_renames(from: &Schema, to: &Schema, renames: &[Rename]) -> Result<(), RenameError> {
    for rename in renames {
        let fail = |message: String| RenameError::NoMatch {
            argument: rename.argument(),
            message,
        };
        match &rename.table {
            None => {
                if from.table(&rename.from).is_none() {
                    return Err(fail(format!(
                        "no table {} in the current schema",
                        rename.from
                    )));
                }
                if to.table(&rename.to).is_none() {
                    return Err(fail(format!(
                        "no table {} in the desired schema",
                        rename.to
                    )));
                }
                if to.table(&rename.from).is_some() {
                    return Err(fail(format!(
                        "table {} still exists in the desired schema",
                        rename.from
                    )));
                }
            }
            Some(table) => {
                let old = from
                    .table(table)
                    .ok_or_else(|| fail(format!("no table {table} in the current schema")))?;
                if old.column(&rename.from).is_none() {
                    return Err(fail(format!(
                        "no column {table}.{} in the current schema",
                        rename.from
                    )));
                }
                let new_name = renamed_table(renames, table);
                let new = to
                    .table(&new_name)
                    .ok_or_else(|| fail(format!("no table {new_name} in the desired schema")))?;
                if new.column(&rename.to).is_none() {
                    return Err(fail(format!(
                        "no column {new_name}.{} in the desired schema",
                        rename.to
                    )));
                }
                if new.column(&rename.from).is_some() {
                    return Err(fail(format!(
                        "column {new_name}.{} still exists in the desired schema",
                        rename.from
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The desired-side name of a current-side table under the table renames in `renames`.
pub(crate) fn renamed_table(renames: &[Rename], table: &str) -> String {
    renames
        .iter()
        .find(|r| r.table.is_none() && r.from == table)
        .map_or_else(|| table.to_string(), |r| r.to.clone())
}

/// `from` as the database will see it once `renames` ran: foreign keys (in every table) that
/// point at a renamed table or column point at the new name, as PostgreSQL, MariaDB and SQLite
/// all update those references themselves. Without this, a rename would also drop and re-add
/// (on SQLite: rebuild) every table that references it.
pub(crate) fn follow_renames(from: &Schema, renames: &[Rename]) -> Schema {
    let mut out = from.clone();
    for table in &mut out.tables {
        let own_key = table.key();
        for fk in &mut table.foreign_keys {
            let target = crate::schema::qualified(fk.ref_schema.as_deref(), &fk.ref_table);
            for rename in renames {
                let Some(t) = &rename.table else {
                    if rename.from == target || rename.from == fk.ref_table {
                        fk.ref_table.clone_from(&rename.to);
                    }
                    continue;
                };
                let rename_in = |columns: &mut Vec<String>| {
                    for column in columns.iter_mut().filter(|c| **c == rename.from) {
                        column.clone_from(&rename.to);
                    }
                };
                if *t == target || *t == fk.ref_table {
                    rename_in(&mut fk.ref_columns);
                }
                if *t == own_key || *t == table.name {
                    rename_in(&mut fk.columns);
                }
            }
        }
    }
    out
}
