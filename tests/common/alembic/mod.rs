//! Alembic fixtures: a cached virtual environment with alembic from PyPI, generators of Alembic
//! projects (module headers written as Alembic writes them), and parsers of alembic's output.

#![allow(dead_code)]

use super::DB_VARS;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

mod modules;
mod parse;
mod projects;

pub use modules::*;
#[allow(unused_imports)] // only the alembic test binary reads alembic's output
pub use parse::*;
pub use projects::*;

/// The packages the virtual environment gets from PyPI.
const PACKAGES: [&str; 6] = [
    "alembic",
    "SQLAlchemy",
    "psycopg2-binary",
    "Flask",
    "Flask-SQLAlchemy",
    "Flask-Migrate",
];

/// A Python with alembic installed.
pub struct Alembic {
    pub python: PathBuf,
    pub version: String,
}

static ALEMBIC: OnceLock<Option<Alembic>> = OnceLock::new();

/// The cached virtual environment, made on first use; `None` (the test skips) when it cannot be
/// made outside CI. Under `CI=true` a failure panics.
pub fn alembic() -> Option<&'static Alembic> {
    ALEMBIC.get_or_init(make_venv).as_ref()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

fn unavailable(why: String) -> Option<Alembic> {
    if in_ci() {
        panic!("the alembic virtual environment is needed under CI: {why}");
    }
    eprintln!("SKIPPED: no alembic virtual environment: {why}");
    None
}

fn venv_python(dir: &Path) -> PathBuf {
    if cfg!(windows) {
        dir.join("Scripts").join("python.exe")
    } else {
        dir.join("bin").join("python")
    }
}

/// Whether the venv's `alembic` script still starts this venv's Python: a venv whose folder
/// was moved (a target folder renamed) keeps the old path in its scripts' `#!` line.
fn scripts_point_here(dir: &Path) -> bool {
    if cfg!(windows) {
        return true;
    }
    let script = fs::read_to_string(dir.join("bin").join("alembic")).unwrap_or_default();
    let first = script.lines().next().unwrap_or("");
    first.starts_with("#!") && first.contains(&*dir.to_string_lossy())
}

fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `python3 -m venv` and `pip install` under an exclusive lock on a file beside the folder, so
/// test processes running at once make it once; a marker written last says it is complete. A
/// complete one whose alembic no longer imports (Python upgraded underneath) is made again.
fn make_venv() -> Option<Alembic> {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    if let Err(e) = fs::create_dir_all(root) {
        return unavailable(format!("{}: {e}", root.display()));
    }
    let dir = root.join("alembic-venv");
    let python = venv_python(&dir);
    let ready = dir.join("retort-ready");
    let lock = match fs::File::create(root.join("alembic-venv.lock")) {
        Ok(file) => file,
        Err(e) => return unavailable(format!("lock file: {e}")),
    };
    if let Err(e) = lock.lock() {
        return unavailable(format!("locking {}: {e}", root.display()));
    }
    // The marker holds `pip freeze`: a venv made before a package joined the list is remade.
    let normal = |name: &str| name.to_ascii_lowercase().replace('_', "-");
    let frozen = normal(&fs::read_to_string(&ready).unwrap_or_default());
    let complete = PACKAGES
        .iter()
        .all(|p| frozen.contains(&format!("{}==", normal(p))));
    if complete && scripts_point_here(&dir) {
        if let Ok(version) = alembic_version(&python) {
            return Some(Alembic { python, version });
        }
    }
    let started = Instant::now();
    let _ = fs::remove_dir_all(&dir);
    eprintln!(
        "making {} (python3 -m venv; pip install {})",
        dir.display(),
        PACKAGES.join(" ")
    );
    let steps: [(&str, Command); 2] = [
        ("python3 -m venv", {
            let mut cmd = Command::new("python3");
            cmd.args(["-m", "venv"]).arg(&dir);
            cmd
        }),
        ("pip install", {
            let mut cmd = Command::new(&python);
            cmd.args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PACKAGES);
            cmd
        }),
    ];
    for (what, mut cmd) in steps {
        match cmd.output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => return unavailable(format!("{what}: {}", describe(&out))),
            Err(e) => return unavailable(format!("{what}: {e}")),
        }
    }
    let version = match alembic_version(&python) {
        Ok(version) => version,
        Err(e) => return unavailable(e),
    };
    let freeze = Command::new(&python)
        .args(["-m", "pip", "freeze"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if let Err(e) = fs::write(&ready, freeze) {
        return unavailable(format!("{}: {e}", ready.display()));
    }
    eprintln!(
        "made {} (alembic {version}) in {:.1}s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Some(Alembic { python, version })
}

fn alembic_version(python: &Path) -> Result<String, String> {
    match Command::new(python)
        .args(["-c", "import alembic; print(alembic.__version__)"])
        .output()
    {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        }
        Ok(out) => Err(format!("import alembic: {}", describe(&out))),
        Err(e) => Err(format!("{}: {e}", python.display())),
    }
}

impl Alembic {
    /// The venv's `alembic` executable, as a project's `.venv` would hold it.
    pub fn executable(&self) -> PathBuf {
        self.venv_dir().join(if cfg!(windows) {
            "Scripts/alembic.exe"
        } else {
            "bin/alembic"
        })
    }

    /// The virtual environment's folder.
    pub fn venv_dir(&self) -> PathBuf {
        self.python
            .parent()
            .and_then(Path::parent)
            .expect("the venv's python lives in bin/")
            .to_path_buf()
    }

    /// `python -m alembic ARGS` in the folder of the project's alembic.ini, with the project's
    /// environment and nothing else that names a database.
    pub fn command(&self, project: &Project, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.python);
        cmd.arg("-m").arg("alembic").args(args);
        cmd.current_dir(&project.ini_dir);
        for var in DB_VARS {
            cmd.env_remove(var);
        }
        for (k, v) in &project.env {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn output(&self, project: &Project, args: &[&str]) -> Output {
        self.command(project, args).output().expect("run alembic")
    }

    /// Runs alembic, asserts success, returns its stdout.
    #[track_caller]
    pub fn run(&self, project: &Project, args: &[&str]) -> String {
        let out = self.output(project, args);
        assert!(
            out.status.success(),
            "alembic {args:?} failed in {}: {}",
            project.ini_dir.display(),
            describe(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a Python script with the venv's interpreter in the project's ini folder.
    #[track_caller]
    pub fn python(&self, project: &Project, script: &str, args: &[&str]) -> String {
        let mut cmd = Command::new(&self.python);
        cmd.arg("-c").arg(script).args(args);
        cmd.current_dir(&project.ini_dir);
        for var in DB_VARS {
            cmd.env_remove(var);
        }
        for (k, v) in &project.env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run python");
        assert!(out.status.success(), "python script: {}", describe(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs several alembic command lines in one Python process, each exactly as the `alembic`
    /// command runs it (`alembic.config.main(argv)`), with its own stdout and stderr: the
    /// SQLAlchemy import, most of a run's time, is paid once. `["__pending__"]` is not an alembic
    /// command: it reads the version table through env.py as `alembic current` does and prints
    /// how many revisions alembic counts as applied (the rows and all they need), then what
    /// `alembic upgrade heads` would run, in its order (alembic's own plan).
    #[track_caller]
    pub fn batch(&self, project: &Project, commands: &[Vec<String>]) -> Vec<Run> {
        const DRIVER: &str = r#"
import contextlib, io, json, sys, traceback
from alembic.config import Config, main
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory

# Config binds its stdout when the module loads; give each command the redirected one.
_init = Config.__init__
def _config_init(self, *args, **kwargs):
    kwargs.setdefault("stdout", sys.stdout)
    _init(self, *args, **kwargs)
Config.__init__ = _config_init

def pending():
    config = Config("alembic.ini")
    script = ScriptDirectory.from_config(config)
    seen = {}
    def read(rev, context):
        seen["rows"] = tuple(rev)
        return []
    with EnvironmentContext(config, script, fn=read, dont_mutate=True):
        script.run_env()
    rows = seen["rows"]
    revs = script.revision_map.get_revisions(rows)
    print(len({r.revision for r in script.revision_map._get_ancestor_nodes(revs)}))
    for step in script._upgrade_revs("heads", rows):
        print(step.revision.revision)

results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if argv == ["__pending__"]:
                pending()
            else:
                main(argv=argv, prog="alembic")
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
sys.stdout.write(json.dumps(results))
"#;
        let json = serde_json::to_string(commands).expect("commands as JSON");
        let out = self.python(project, DRIVER, &[&json]);
        let runs: Vec<serde_json::Value> =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("alembic batch: {e}: {out}"));
        commands
            .iter()
            .zip(runs)
            .map(|(argv, r)| Run {
                argv: argv.clone(),
                code: r["code"].as_i64().unwrap_or(1),
                stdout: r["stdout"].as_str().unwrap_or("").to_string(),
                stderr: r["stderr"].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }

    /// The line Python's own parser gives for a syntax error in `file`, with its message.
    pub fn syntax_error_line(&self, project: &Project, file: &Path) -> (usize, String) {
        const SCRIPT: &str = r#"
import ast, sys
try:
    ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
    print("0 no error")
except SyntaxError as e:
    print(e.lineno, e.msg)
"#;
        let out = self.python(project, SCRIPT, &[&file.display().to_string()]);
        let (line, msg) = out.trim().split_once(' ').expect("lineno msg");
        (line.parse().expect("lineno"), msg.to_string())
    }
}

/// One command of a batch.
#[derive(Debug, Clone)]
pub struct Run {
    pub argv: Vec<String>,
    pub code: i64,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == 0
    }

    /// Stdout, after asserting success.
    #[track_caller]
    pub fn out(&self) -> &str {
        assert!(
            self.ok(),
            "alembic {:?} failed ({}):\nstdout: {}\nstderr: {}",
            self.argv,
            self.code,
            self.stdout,
            self.stderr
        );
        &self.stdout
    }

    /// The `__pending__` answer: what `alembic upgrade heads` would run, and the applied count.
    pub fn pending(&self) -> (Vec<String>, usize) {
        let mut lines = lines(self.out());
        let applied = lines.next().expect("count").trim().parse().expect("count");
        (lines.map(str::to_string).collect(), applied)
    }
}

/// Builds command lines.
pub fn argv(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Non-empty lines.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.trim().is_empty())
}
