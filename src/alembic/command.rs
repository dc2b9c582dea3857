//! Finding the project's own `alembic`, the way its developers run it: a `.venv` or `venv`
//! beside the project (or above it, for `api/`-style layouts), `uv run` or `poetry run` when the
//! project uses them, else `alembic` on PATH. Retort never assumes a Python of its own.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A command line that runs alembic: the program and the arguments before alembic's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlembicCommand {
    pub program: PathBuf,
    pub prefix: Vec<String>,
    /// How it was found, for "ran: …" messages.
    pub found_by: String,
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
fn venv_alembic(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("alembic.exe")
    } else {
        venv.join("bin").join("alembic")
    }
}

/// Finds alembic for the project whose `alembic.ini` lives in `project_dir`. `explicit` (a
/// profile's or `--alembic-command`'s words) wins; `on_path` looks a program up on PATH.
pub fn find_alembic(
    project_dir: &Path,
    explicit: Option<&str>,
    on_path: &dyn Fn(&str) -> Option<PathBuf>,
) -> Result<AlembicCommand> {
    if let Some(words) = explicit {
        let mut parts = words.split_whitespace().map(str::to_string);
        let program = parts.next().ok_or_else(|| Error::Invalid {
            message: "--alembic-command is empty".into(),
        })?;
        return Ok(AlembicCommand {
            program: PathBuf::from(program),
            prefix: parts.collect(),
            found_by: "--alembic-command".into(),
        });
    }
    for dir in project_dir.ancestors() {
        for venv in [".venv", "venv"] {
            let exe = venv_alembic(&dir.join(venv));
            if exe.is_file() {
                return Ok(AlembicCommand {
                    found_by: format!("the virtual environment {}", dir.join(venv).display()),
                    program: exe,
                    prefix: Vec::new(),
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
                prefix: vec!["run".into(), "alembic".into()],
                found_by: format!("{} (`{runner} run alembic`)", dir.join(lock).display()),
            });
        }
    }
    if let Some(program) = on_path("alembic") {
        return Ok(AlembicCommand {
            program,
            prefix: Vec::new(),
            found_by: "alembic on PATH".into(),
        });
    }
    Err(Error::Invalid {
        message: format!(
            "no alembic found for {}: looked for .venv/ and venv/ ({}) in it and its parent folders, a uv.lock (uv run alembic) or poetry.lock (poetry run alembic), and alembic on PATH; pass --alembic-command to name it",
            project_dir.display(),
            venv_alembic(Path::new("")).display()
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

        let err = find_alembic(&api, None, &nothing).unwrap_err().to_string();
        assert!(
            err.contains("no alembic found") && err.contains("uv.lock"),
            "{err}"
        );

        assert_eq!(
            find_alembic(&api, None, &everything).unwrap().display(),
            "/usr/bin/alembic"
        );
        touch(&root.path().join("poetry.lock"));
        assert_eq!(
            find_alembic(&api, None, &everything).unwrap().display(),
            "/usr/bin/poetry run alembic"
        );
        touch(&api.join("uv.lock"));
        assert_eq!(
            find_alembic(&api, None, &everything).unwrap().display(),
            "/usr/bin/uv run alembic"
        );
        // A virtual environment above the project (repository root) beats the lock files.
        let exe = venv_alembic(&root.path().join("venv"));
        touch(&exe);
        assert_eq!(find_alembic(&api, None, &everything).unwrap().program, exe);
        let dot = venv_alembic(&root.path().join(".venv"));
        touch(&dot);
        assert_eq!(find_alembic(&api, None, &everything).unwrap().program, dot);
        // An explicit command wins over everything.
        let explicit = find_alembic(&api, Some("pdm run alembic"), &everything).unwrap();
        assert_eq!(explicit.display(), "pdm run alembic");
        assert_eq!(explicit.found_by, "--alembic-command");
    }
}
