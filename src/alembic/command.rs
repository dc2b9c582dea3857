//! Finding the project's own `alembic`, the way its developers run it: a `.venv` or `venv`
//! beside the project (or above it, for `api/`-style layouts), `uv run` or `poetry run` when the
//! project uses them, else `alembic` on PATH. Retort never assumes a Python of its own.
//! Flask-Migrate projects are run through `flask db`, since their env.py needs the Flask app.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Which command line drives alembic for the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontend {
    /// `alembic -c alembic.ini …`
    Alembic,
    /// `flask db … -d migrations`, run from the application's folder (Flask-Migrate).
    FlaskDb,
}

impl Frontend {
    /// The executable's name and the words that come before alembic's verbs.
    fn program(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Frontend::Alembic => ("alembic", &[]),
            Frontend::FlaskDb => ("flask", &["db"]),
        }
    }
}

/// A command line that runs alembic: the program and the arguments before alembic's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlembicCommand {
    pub program: PathBuf,
    pub prefix: Vec<String>,
    /// How it was found, for "ran: …" messages.
    pub found_by: String,
    pub frontend: Frontend,
}

impl AlembicCommand {
    /// The command as a person would type it.
    pub fn display(&self) -> String {
        let mut parts = vec![self.program.display().to_string()];
        parts.extend(self.prefix.iter().cloned());
        parts.join(" ")
    }
}

/// The executable inside a virtual environment, per OS.
fn venv_program(venv: &Path, name: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{name}.exe"))
    } else {
        venv.join("bin").join(name)
    }
}

/// Finds alembic for the project whose `alembic.ini` lives in `project_dir`. `explicit` (a
/// profile's or `--alembic-command`'s words) wins; `on_path` looks a program up on PATH.
pub fn find_alembic(
    project_dir: &Path,
    explicit: Option<&str>,
    frontend: Frontend,
    on_path: &dyn Fn(&str) -> Option<PathBuf>,
) -> Result<AlembicCommand> {
    let (name, words_before) = frontend.program();
    let with = |mut prefix: Vec<String>| {
        prefix.extend(words_before.iter().map(|w| w.to_string()));
        prefix
    };
    if let Some(words) = explicit {
        let mut parts = words.split_whitespace().map(str::to_string);
        let program = parts.next().ok_or_else(|| Error::Invalid {
            message: "--alembic-command is empty".into(),
        })?;
        return Ok(AlembicCommand {
            program: PathBuf::from(program),
            prefix: parts.collect(),
            found_by: "--alembic-command".into(),
            frontend,
        });
    }
    for dir in project_dir.ancestors() {
        for venv in [".venv", "venv"] {
            let exe = venv_program(&dir.join(venv), name);
            if exe.is_file() {
                return Ok(AlembicCommand {
                    found_by: format!("the virtual environment {}", dir.join(venv).display()),
                    program: exe,
                    prefix: with(Vec::new()),
                    frontend,
                });
            }
        }
    }
    for (lock, runner) in [("uv.lock", "uv"), ("poetry.lock", "poetry")] {
        let Some(dir) = project_dir.ancestors().find(|d| d.join(lock).is_file()) else {
            continue;
        };
        if let Some(program) = on_path(runner) {
            return Ok(AlembicCommand {
                program,
                prefix: with(vec!["run".into(), name.into()]),
                found_by: format!("{} (`{runner} run {name}`)", dir.join(lock).display()),
                frontend,
            });
        }
    }
    if let Some(program) = on_path(name) {
        return Ok(AlembicCommand {
            program,
            prefix: with(Vec::new()),
            found_by: format!("{name} on PATH"),
            frontend,
        });
    }
    Err(Error::Invalid {
        message: format!(
            "no {name} found for {}: looked for .venv/ and venv/ ({}) in it and its parent folders, a uv.lock (uv run {name}) or poetry.lock (poetry run {name}), and {name} on PATH; pass --alembic-command to name it",
            project_dir.display(),
            venv_program(Path::new(""), name).display()
        ),
    })
}

/// `program` on PATH, as the shell would find it.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let names: Vec<String> = if cfg!(windows) {
        vec![
            format!("{program}.exe"),
            format!("{program}.cmd"),
            program.to_string(),
        ]
    } else {
        vec![program.to_string()]
    };
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, "").unwrap();
    }

    #[test]
    fn the_search_order_is_venv_uv_poetry_path() {
        let root = tempfile::tempdir().unwrap();
        let api = root.path().join("api");
        std::fs::create_dir_all(&api).unwrap();
        let nothing = |_: &str| None;
        let everything = |name: &str| Some(PathBuf::from(format!("/usr/bin/{name}")));

        let err = find_alembic(&api, None, Frontend::Alembic, &nothing)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no alembic found") && err.contains("uv.lock"),
            "{err}"
        );

        assert_eq!(
            find_alembic(&api, None, Frontend::Alembic, &everything)
                .unwrap()
                .display(),
            "/usr/bin/alembic"
        );
        touch(&root.path().join("poetry.lock"));
        assert_eq!(
            find_alembic(&api, None, Frontend::Alembic, &everything)
                .unwrap()
                .display(),
            "/usr/bin/poetry run alembic"
        );
        touch(&api.join("uv.lock"));
        assert_eq!(
            find_alembic(&api, None, Frontend::Alembic, &everything)
                .unwrap()
                .display(),
            "/usr/bin/uv run alembic"
        );
        // A virtual environment above the project (repository root) beats the lock files.
        let exe = venv_program(&root.path().join("venv"), "alembic");
        touch(&exe);
        assert_eq!(
            find_alembic(&api, None, Frontend::Alembic, &everything)
                .unwrap()
                .program,
            exe
        );
        let dot = venv_program(&root.path().join(".venv"), "alembic");
        touch(&dot);
        assert_eq!(
            find_alembic(&api, None, Frontend::Alembic, &everything)
                .unwrap()
                .program,
            dot
        );
        // An explicit command wins over everything.
        let explicit = find_alembic(
            &api,
            Some("pdm run alembic"),
            Frontend::Alembic,
            &everything,
        )
        .unwrap();
        assert_eq!(explicit.display(), "pdm run alembic");
        assert_eq!(explicit.found_by, "--alembic-command");
        // Flask-Migrate projects run `flask db` from the same places.
        touch(&venv_program(&root.path().join(".venv"), "flask"));
        let flask = find_alembic(&api, None, Frontend::FlaskDb, &everything).unwrap();
        assert_eq!(
            flask.program,
            venv_program(&root.path().join(".venv"), "flask")
        );
        let elsewhere = tempfile::tempdir().unwrap();
        let flask = find_alembic(elsewhere.path(), None, Frontend::FlaskDb, &nothing).unwrap_err();
        assert!(flask.to_string().contains("no flask found"), "{flask}");
        std::fs::remove_dir_all(root.path().join(".venv")).unwrap();
        std::fs::remove_dir_all(root.path().join("venv")).unwrap();
        let flask = find_alembic(&api, None, Frontend::FlaskDb, &everything).unwrap();
        assert_eq!(flask.display(), "/usr/bin/uv run flask db");
    }
}
