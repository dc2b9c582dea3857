//! Existing Alembic projects, read natively: `alembic.ini` (and `[tool.alembic]`), the headers of
//! the revision modules and a guess at env.py's version table, without running Python.

mod command;
mod configparser;
mod envpy;
mod handoff;
mod ini;
mod project;
mod pyheader;
mod pyliteral;
mod pyproject;
mod pytoken;
mod run;
mod tables;
mod version_table;

#[cfg(test)]
mod configparser_tests;
#[cfg(test)]
mod header_errors_tests;
#[cfg(test)]
mod header_tests;
#[cfg(test)]
mod ini_tests;
#[cfg(test)]
mod project_tests;

pub use command::{find_alembic, which, AlembicCommand, Frontend};
pub use configparser::IniFile;
pub use envpy::{guess_version_table, Guess, VersionTableGuess, DEFAULT_VERSION_TABLE};
pub use handoff::{database_env, Handoff};
pub use ini::{AlembicIni, DEFAULT_FILE_TEMPLATE, INI_FILE, MAIN_SECTION};
pub use project::{revision_files, AlembicProject, FLASK_MIGRATE_DIR};
pub use pyheader::parse_header;
pub use pyproject::PYPROJECT_FILE;
pub use run::{parse_running, run_alembic, AlembicOutput, RunningLine};
pub use tables::tables_in_module;
pub use version_table::AlembicState;
