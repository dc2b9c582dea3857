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

/// One revision of a generated project.
#[derive(Clone, Debug)]
pub struct Rev {
    pub id: String,
    pub parents: Vec<String>,
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub message: String,
    /// The versions folder, relative to the project root.
    pub dir: String,
}

pub fn rev(id: &str, parents: &[&str], message: &str) -> Rev {
    Rev {
        id: id.into(),
        parents: parents.iter().map(|s| s.to_string()).collect(),
        labels: Vec::new(),
        depends_on: Vec::new(),
        message: message.into(),
        dir: String::new(),
    }
}

impl Rev {
    pub fn label(mut self, label: &str) -> Rev {
        self.labels.push(label.into());
        self
    }
    pub fn depends(mut self, on: &str) -> Rev {
        self.depends_on.push(on.into());
        self
    }
    pub fn at(mut self, dir: &str) -> Rev {
        self.dir = dir.into();
        self
    }
    fn slug(&self) -> String {
        self.message
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    }
}

/// How a module header is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Style {
    /// `revision = 'x'`, tuples for several values (Alembic's classic template).
    Plain,
    /// `revision: str = "x"`, `Union[...]` annotations, lists, triple quotes, black-style
    /// multi-line tuples: the variants rotate with the revision's position.
    Annotated,
}

fn quote(s: &str, style: Style, variant: usize) -> String {
    match (style, variant % 3) {
        (Style::Plain, _) => format!("'{s}'"),
        (Style::Annotated, 0) => format!("\"{s}\""),
        (Style::Annotated, 1) => format!("'''{s}'''"),
        (Style::Annotated, _) => format!("\"\"\"{s}\"\"\""),
    }
}

fn py_value(values: &[String], style: Style, variant: usize) -> String {
    let items: Vec<String> = values.iter().map(|v| quote(v, style, variant)).collect();
    match (values.len(), style) {
        (0, _) => "None".into(),
        (1, Style::Plain) => items[0].clone(),
        (1, Style::Annotated) if variant.is_multiple_of(2) => items[0].clone(),
        (1, Style::Annotated) => format!("[{}]", items[0]),
        (_, Style::Plain) => format!("({})", items.join(", ")),
        (_, Style::Annotated) if variant.is_multiple_of(2) => format!(
            "(\n{})",
            items
                .iter()
                .map(|i| format!("    {i},\n"))
                .collect::<String>()
        ),
        (_, Style::Annotated) => format!("[{}]", items.join(", ")),
    }
}

/// The module text of one revision, as `alembic revision` writes it (with a body that creates
/// and drops one table named after the revision).
pub fn module_text(rev: &Rev, style: Style, variant: usize) -> String {
    let revises = rev.parents.join(", ");
    let day = variant % 28 + 1;
    let doc = format!(
        "{}\n\nRevision ID: {}\nRevises: {revises}\nCreate Date: 2024-03-{day:02} 12:{:02}:00.000000\n\n",
        rev.message,
        rev.id,
        variant % 60
    );
    let table = format!("t_{}", rev.id);
    match style {
        Style::Plain => format!(
            "\"\"\"{doc}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\nrevision = {}\ndown_revision = {}\nbranch_labels = {}\ndepends_on = {}\n\n\ndef upgrade():\n    op.execute(\"CREATE TABLE {table} (id INTEGER PRIMARY KEY)\")\n\n\ndef downgrade():\n    op.execute(\"DROP TABLE {table}\")\n",
            quote(&rev.id, style, variant),
            py_value(&rev.parents, style, variant),
            py_value(&rev.labels, style, variant),
            py_value(&rev.depends_on, style, variant),
        ),
        Style::Annotated => {
            let docstring = if variant.is_multiple_of(2) {
                format!("\"\"\"{doc}\"\"\"")
            } else {
                format!("'''{doc}'''")
            };
            let union = "Union[str, Sequence[str], None]";
            format!(
                "{docstring}\nfrom __future__ import annotations\n\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\nrevision: str = {}\ndown_revision: {union} = {}\nbranch_labels: {union} = {}\ndepends_on: {union} = {}\n\n\ndef upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    op.execute(\"CREATE TABLE {table} (id INTEGER PRIMARY KEY)\")\n\n\ndef downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n    op.execute(\"DROP TABLE {table}\")\n",
                quote(&rev.id, style, variant),
                py_value(&rev.parents, style, variant + 1),
                py_value(&rev.labels, style, variant),
                py_value(&rev.depends_on, style, variant + 2),
            )
        }
    }
}

/// An env.py like `alembic init`'s, but finding its URL as many applications do: `DATABASE_URL`
/// first, then alembic.ini's `sqlalchemy.url`. No logging setup, so stdout carries only output.
pub const ENV_PY: &str = r#"import os

from sqlalchemy import create_engine, pool

from alembic import context

config = context.config
target_metadata = None


def database_url():
    return os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = create_engine(database_url(), poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"#;

pub const SCRIPT_MAKO: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
"#;

/// A URL as SQLAlchemy wants it, naming the driver installed here: SQLAlchemy 2.1 takes a bare
/// `postgresql://` to mean psycopg 3, and projects often spell the driver out anyway.
pub fn sqlalchemy_url(url: &str) -> String {
    for scheme in ["postgres://", "postgresql://"] {
        if let Some(rest) = url.strip_prefix(scheme) {
            return format!("postgresql+psycopg2://{rest}");
        }
    }
    url.to_string()
}

/// A value written into an ini file read with configparser interpolation.
pub fn ini_escape(value: &str) -> String {
    value.replace('%', "%%")
}

/// A generated Alembic project.
pub struct Project {
    pub name: &'static str,
    /// The project's folder.
    pub root: PathBuf,
    /// The folder retort is run from (`root` unless said otherwise).
    pub retort_cwd: PathBuf,
    /// What retort gets as `-c` (relative to `root`), or `None` to let it find the project from
    /// the folder it runs in.
    pub config_arg: Option<PathBuf>,
    /// The folder of alembic.ini, where alembic runs.
    pub ini_dir: PathBuf,
    /// Extra environment for alembic and retort alike (`DATABASE_URL` for some projects).
    pub env: Vec<(String, String)>,
    /// Passed to retort as `--url` when set.
    pub url_flag: Option<String>,
    pub revisions: Vec<Rev>,
    /// `history -r` ranges worth comparing on this graph.
    pub ranges: Vec<String>,
    _tmp: Option<tempfile::TempDir>,
}

impl Project {
    fn new(name: &'static str, root: &Path, ini_dir: &str) -> Project {
        Project {
            name,
            root: root.to_path_buf(),
            retort_cwd: root.to_path_buf(),
            config_arg: None,
            ini_dir: if ini_dir.is_empty() {
                root.to_path_buf()
            } else {
                root.join(ini_dir)
            },
            env: Vec::new(),
            url_flag: None,
            revisions: Vec::new(),
            ranges: Vec::new(),
            _tmp: None,
        }
    }

    /// The `retort` binary, run in `retort_cwd` with `-c` when set, and a clean environment.
    pub fn retort_command(&self, args: &[&str]) -> Command {
        let mut cmd = super::retort_bare();
        cmd.current_dir(&self.retort_cwd);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(config) = &self.config_arg {
            cmd.arg("-c").arg(config);
        }
        if let Some(url) = &self.url_flag {
            cmd.arg("--url").arg(url);
        }
        cmd.args(args);
        cmd
    }

    pub fn retort(&self, args: &[&str]) -> Output {
        self.retort_command(args).output().expect("run retort")
    }

    /// Runs retort, asserts success, returns stdout.
    #[track_caller]
    pub fn retort_ok(&self, args: &[&str]) -> String {
        let out = self.retort(args);
        assert!(
            out.status.success(),
            "retort {args:?} failed on {}: {}",
            self.name,
            describe(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[track_caller]
    pub fn retort_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let text = self.retort_ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("retort {args:?}: {e}: {text}"))
    }

    pub fn id_of(&self, name: &str) -> &str {
        &self
            .revisions
            .iter()
            .find(|r| r.message == name || r.id == name)
            .unwrap_or_else(|| panic!("no revision {name}"))
            .id
    }

    /// Writes one more revision module in its folder; returns the file.
    pub fn write(&self, rev: &Rev, style: Style, variant: usize, file_name: &str) -> PathBuf {
        let dir = self.root.join(&rev.dir);
        fs::create_dir_all(&dir).expect("mkdir versions");
        let path = dir.join(file_name);
        fs::write(&path, module_text(rev, style, variant)).expect("write revision");
        path
    }

    fn write_all(&mut self, revs: Vec<Rev>, style: Style, name: impl Fn(usize, &Rev) -> String) {
        for (i, rev) in revs.iter().enumerate() {
            self.write(rev, style, i, &name(i, rev));
        }
        self.revisions.extend(revs);
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

fn default_name(_: usize, rev: &Rev) -> String {
    format!("{}_{}.py", rev.id, rev.slug())
}

/// A hand-written alembic.ini: the `[alembic]` section with `extra` lines and the URL, plus
/// the logging sections `alembic init` writes.
pub fn ini_text(alembic_section: &str, url: &str) -> String {
    format!(
        "# A generic, single database configuration.\n\n[alembic]\n{alembic_section}\n# the output encoding used when revision files\n# are written from script.py.mako\n# output_encoding = utf-8\n\nsqlalchemy.url = {}\n\n\n[post_write_hooks]\n\n[loggers]\nkeys = root,sqlalchemy,alembic\n\n[handlers]\nkeys = console\n\n[formatters]\nkeys = generic\n\n[logger_root]\nlevel = WARNING\nhandlers = console\nqualname =\n\n[logger_sqlalchemy]\nlevel = WARNING\nhandlers =\nqualname = sqlalchemy.engine\n\n[logger_alembic]\nlevel = INFO\nhandlers =\nqualname = alembic\n\n[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nlevel = NOTSET\nformatter = generic\n\n[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %H:%M:%S\n",
        ini_escape(url)
    )
}

/// (a) Linear, five revisions, made the way a user makes them: `alembic init migrations`,
/// `alembic revision -m … --rev-id …` five times (alembic's own template; one Python process),
/// the URL written into the generated alembic.ini, each body filled in. Retort runs from the
/// project folder with no `-c`.
pub fn linear(al: &Alembic, url: &str) -> Project {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut p = Project::new("linear", tmp.path(), "");
    p._tmp = Some(tmp);
    let ids = [
        ("1c9e54f7a0d2", "create users"),
        ("8a3b7d2e6f10", "add emails"),
        ("3e5f0a1b9c47", "create orders"),
        ("b7d4c2e8a915", "add order index"),
        ("05ae9f3c6b28", "create audit log"),
    ];
    let mut commands = vec![argv(&["init", "migrations"])];
    for (id, message) in ids {
        commands.push(argv(&["revision", "-m", message, "--rev-id", id]));
    }
    for run in al.batch(&p, &commands) {
        run.out();
    }
    let ini_path = p.root.join("alembic.ini");
    let ini = fs::read_to_string(&ini_path).expect("alembic.ini");
    let mut replaced = false;
    let ini: String = ini
        .lines()
        .map(|l| {
            if l.starts_with("sqlalchemy.url") {
                replaced = true;
                format!("sqlalchemy.url = {}\n", ini_escape(&sqlalchemy_url(url)))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(replaced, "alembic init wrote no sqlalchemy.url line");
    fs::write(&ini_path, ini).expect("alembic.ini");
    let versions = p.root.join("migrations/versions");
    let mut parent: Option<&str> = None;
    for (id, message) in ids {
        let file = fs::read_dir(&versions)
            .expect("versions")
            .flatten()
            .map(|e| e.path())
            .find(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(id))
            })
            .unwrap_or_else(|| panic!("alembic revision wrote no file for {id}"));
        let text = fs::read_to_string(&file).expect("generated revision");
        let (up, rest) = text.split_once("    pass\n").expect("upgrade body");
        let (down, tail) = rest.split_once("    pass\n").expect("downgrade body");
        let filled = format!(
            "{up}    op.execute(\"CREATE TABLE t_{id} (id INTEGER PRIMARY KEY)\")\n{down}    op.execute(\"DROP TABLE t_{id}\")\n{tail}"
        );
        fs::write(&file, filled).expect("fill revision");
        let mut r = rev(id, &parent.map(|p| vec![p]).unwrap_or_default(), message);
        r.dir = "migrations/versions".into();
        p.revisions.push(r);
        parent = Some(id);
    }
    p.ranges = vec![
        "base:3e5f0a1b9c47".into(),
        "8a3b7d2e6f10:".into(),
        ":b7d4c2e8a915".into(),
        "3e5f0a1b9c47:heads".into(),
        "8a3b7d2e6f10:b7d4c2e8a915".into(),
    ];
    p
}

/// (b) Branches, labels, a merge and depends_on across branches:
///
/// ```text
/// a - b - c - e - m - g            ("side" on d, spreads to f, m, g)
///          \     /
///           d - f
/// x - y - k                        ("other" on x; y depends_on c; k depends_on l)
/// l                                ("lib"; only depended on: an effective head)
/// ```
///
/// Ids are random-looking hex so that file order (sorted names) is not the graph's order.
/// Retort gets the project's absolute path with `-c`.
pub fn branchy(url: &str) -> Project {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut p = Project::new("branchy", tmp.path(), "");
    p._tmp = Some(tmp);
    p.config_arg = Some(p.root.clone());
    let v = "alembic/versions";
    write(
        &p.root.join("alembic.ini"),
        &ini_text(
            "script_location = alembic\nprepend_sys_path = .\n",
            &sqlalchemy_url(url),
        ),
    );
    write(&p.root.join("alembic/env.py"), ENV_PY);
    write(&p.root.join("alembic/script.py.mako"), SCRIPT_MAKO);
    fs::create_dir_all(p.root.join(v)).expect("versions");
    let a = "e1a7c3b90f42";
    let b = "5c0d2e8f1a36";
    let c = "a93f6b1d0e57";
    let d = "2b8e4c6a9d01";
    let e = "f06d1a2c3b98";
    let f = "7e2c9a0b5d14";
    let m = "c4b5e6f7a809";
    let g = "0a9b8c7d6e5f";
    let x = "9f8e7d6c5b4a";
    let y = "3a4b5c6d7e8f";
    let k = "d2c1b0a99887";
    let l = "6b5a4f3e2d1c";
    let revs = vec![
        rev(a, &[], "create accounts").at(v),
        rev(b, &[a], "create projects").at(v),
        rev(c, &[b], "create tasks").at(v),
        rev(d, &[b], "start side branch").label("side").at(v),
        rev(e, &[c], "add task owner").at(v),
        rev(f, &[d], "side table").at(v),
        rev(m, &[e, f], "merge side into trunk").at(v),
        rev(g, &[m], "after the merge").at(v),
        rev(x, &[], "other base").label("other").at(v),
        rev(y, &[x], "other needs tasks").depends(c).at(v),
        rev(k, &[y], "other needs lib").depends(l).at(v),
        rev(l, &[], "lib base").label("lib").at(v),
    ];
    p.write_all(revs, Style::Plain, default_name);
    p.ranges = vec![
        format!("base:{c}"),
        format!("{b}:"),
        format!(":{f}"),
        format!("{d}:{g}"),
        format!("{b}:{m}"),
        format!("{x}:"),
        "side@base:side@head".into(),
        format!("{c}:{f}"),
    ];
    p
}

/// (c) The `api/` layout: alembic.ini inside `api/` with `script_location = %(here)s/migrations`;
/// retort runs in the repository root with `-c api`. `url` may be relative (SQLite), which
/// alembic (run in `api/`) and retort (relative to the ini's folder) must read alike.
pub fn api_layout(root: &Path, url: &str) -> Project {
    let mut p = Project::new("api", root, "api");
    p.config_arg = Some(PathBuf::from("api"));
    write(
        &p.root.join("api/alembic.ini"),
        &ini_text(
            "script_location = %(here)s/migrations\nprepend_sys_path = .\npath_separator = os\ntimezone = UTC\ntruncate_slug_length = 20\n",
            &sqlalchemy_url(url),
        ),
    );
    write(&p.root.join("api/migrations/env.py"), ENV_PY);
    write(&p.root.join("api/migrations/script.py.mako"), SCRIPT_MAKO);
    write(&p.root.join("api/app/__init__.py"), "");
    write(
        &p.root.join("pyproject.toml"),
        "[project]\nname = \"demo\"\n",
    );
    let v = "api/migrations/versions";
    let revs = vec![
        rev("c1f0e2d3a4b5", &[], "initial schema").at(v),
        rev("4d5e6f708192", &["c1f0e2d3a4b5"], "add sessions").at(v),
        rev("a0b1c2d3e4f5", &["4d5e6f708192"], "add api keys")
            .label("keys")
            .at(v),
        rev("1f2e3d4c5b6a", &["a0b1c2d3e4f5"], "rotate keys").at(v),
    ];
    // Date-prefixed names, as a
    // `file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s` writes them.
    p.write_all(revs, Style::Plain, |i, r| {
        format!("2024_03_{:02}_{}_{}.py", 10 - i, r.id, r.slug())
    });
    // What a real project carries beside the modules: a package marker, a README and bytecode.
    write(&p.root.join(v).join("__init__.py"), "");
    write(&p.root.join(v).join("README"), "Revision modules.\n");
    write(
        &p.root
            .join(v)
            .join("__pycache__/c1f0e2d3a4b5.cpython-311.pyc"),
        "not python",
    );
    p.ranges = vec![
        "base:a0b1c2d3e4f5".into(),
        "4d5e6f708192:".into(),
        "keys@base:keys@head".into(),
    ];
    p
}

/// (d) Two version locations (`version_path_separator = os`, `%(here)s/...`): the core in
/// `alembic/versions` (with a dated subfolder, `recursive_version_locations = true`) and a
/// billing branch in `modules/billing/versions` depending on the core. The ini keeps
/// `alembic init`'s placeholder URL; env.py and retort take `DATABASE_URL` (with SQLAlchemy's
/// driver suffix on PostgreSQL). Retort runs in `alembic/versions` and finds the project above.
pub fn version_locations(url: &str) -> Project {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut p = Project::new("version_locations", tmp.path(), "");
    p._tmp = Some(tmp);
    let sep = if cfg!(windows) { ";" } else { ":" };
    write(
        &p.root.join("alembic.ini"),
        &ini_text(
            &format!(
                "script_location = %(here)s/alembic\nprepend_sys_path = .\nversion_locations = %(here)s/alembic/versions{sep}%(here)s/modules/billing/versions\nversion_path_separator = os\nrecursive_version_locations = true\n"
            ),
            "driver://user:pass@localhost/dbname",
        ),
    );
    write(&p.root.join("alembic/env.py"), ENV_PY);
    write(&p.root.join("alembic/script.py.mako"), SCRIPT_MAKO);
    p.env.push(("DATABASE_URL".into(), sqlalchemy_url(url)));
    let core = "alembic/versions";
    p.retort_cwd = p.root.join(core);
    let dated = "alembic/versions/2024";
    let billing = "modules/billing/versions";
    let revs = vec![
        rev("b00000000001", &[], "core base").label("core").at(core),
        rev("a00000000002", &["b00000000001"], "core users").at(dated),
        rev("f00000000003", &["a00000000002"], "core teams").at(core),
        rev("e10000000001", &[], "billing base")
            .label("billing")
            .depends("a00000000002")
            .at(billing),
        rev("c10000000002", &["e10000000001"], "invoices").at(billing),
        rev("d10000000003", &["c10000000002"], "payments")
            .depends("f00000000003")
            .at(billing),
    ];
    p.write_all(revs, Style::Plain, default_name);
    p.ranges = vec![
        "base:f00000000003".into(),
        "billing@base:billing@head".into(),
        "a00000000002:".into(),
        ":c10000000002".into(),
    ];
    p
}

/// (e) Annotated headers as recent alembic templates write them (`revision: str = "…"`,
/// `down_revision: Union[str, Sequence[str], None] = …`), with single, double and triple quotes,
/// lists, a black-style multi-line merge tuple, a redundant depends_on and one naming a label.
/// Retort gets the database with `--url`.
pub fn annotated(url: &str) -> Project {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut p = Project::new("annotated", tmp.path(), "");
    p._tmp = Some(tmp);
    p.config_arg = Some(PathBuf::from("."));
    p.url_flag = Some(url.to_string());
    write(
        &p.root.join("alembic.ini"),
        &ini_text(
            "script_location = %(here)s/migrations\nprepend_sys_path = .\npath_separator = os\n",
            &sqlalchemy_url(url),
        ),
    );
    write(&p.root.join("migrations/env.py"), ENV_PY);
    write(&p.root.join("migrations/script.py.mako"), SCRIPT_MAKO);
    let v = "migrations/versions";
    let base = "4b1e6f0a9c21";
    let left = "9d0c3b2a1f54";
    let right = "2f7e8d9c0b13";
    let merge = "c6a5b4e3d2f1";
    let after = "07f1e2d3c4b5";
    let tail = "e8d7c6b5a4f3";
    let revs = vec![
        rev(base, &[], "create accounts").at(v),
        rev(left, &[base], "add profiles").at(v),
        rev(right, &[base], "annotated branch")
            .label("annotated")
            .at(v),
        rev(merge, &[left, right], "merge profiles and branch").at(v),
        rev(after, &[merge], "redundant dependency")
            .depends(right)
            .at(v),
        rev(tail, &[after], "dependency by label")
            .depends("annotated")
            .at(v),
    ];
    p.write_all(revs, Style::Annotated, default_name);
    p.ranges = vec![
        format!("base:{merge}"),
        format!("{left}:"),
        format!("{right}:{tail}"),
    ];
    p
}

/// One non-verbose `alembic history` line:
/// `PARENTS[ (DEPENDS)] -> ID[ (LABELS)][ (head)][ (current)]…, MESSAGE`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryLine {
    pub parents: Vec<String>,
    pub depends_on: Vec<String>,
    pub id: String,
    pub labels: BTreeSet<String>,
    pub flags: BTreeSet<String>,
    pub message: String,
}

const FLAGS: [&str; 5] = [
    "head",
    "effective head",
    "current",
    "branchpoint",
    "mergepoint",
];

fn comma_list(s: &str) -> Vec<String> {
    s.split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn parse_history_line(line: &str) -> Result<HistoryLine, String> {
    let (left, right) = line
        .split_once(" -> ")
        .ok_or_else(|| format!("no ` -> ` in {line:?}"))?;
    let (parents, depends) = match left.strip_suffix(')').and_then(|l| l.rsplit_once(" (")) {
        Some((parents, deps)) => (parents, comma_list(deps)),
        None => (left, Vec::new()),
    };
    let parents = if parents == "<base>" {
        Vec::new()
    } else {
        comma_list(parents)
    };
    let id_end = right.find([' ', ',']).unwrap_or(right.len());
    let id = right[..id_end].to_string();
    let mut rest = &right[id_end..];
    let mut labels = BTreeSet::new();
    let mut flags = BTreeSet::new();
    while let Some(group) = rest.strip_prefix(" (") {
        let close = group
            .find(')')
            .ok_or_else(|| format!("unclosed group in {line:?}"))?;
        let inside = &group[..close];
        if FLAGS.contains(&inside) {
            flags.insert(inside.to_string());
        } else {
            labels.extend(comma_list(inside));
        }
        rest = &group[close + 1..];
    }
    let message = match rest.strip_prefix(", ") {
        Some(m) => m.to_string(),
        None if rest.is_empty() => String::new(),
        None => return Err(format!("unexpected {rest:?} in {line:?}")),
    };
    Ok(HistoryLine {
        parents,
        depends_on: depends,
        id,
        labels,
        flags,
        message,
    })
}

pub fn parse_history(text: &str) -> Vec<HistoryLine> {
    lines(text)
        .map(|l| parse_history_line(l).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The first token of each line (`heads`, `current`).
pub fn first_tokens(text: &str) -> Vec<String> {
    lines(text)
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// `alembic branches`: each branch point with the set of its children (alembic prints them in
/// a hash order).
pub fn parse_branches(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in lines(text) {
        if let Some((_, child)) = line.split_once("-> ") {
            let child = child.split_whitespace().next().unwrap_or("").to_string();
            out.last_mut()
                .expect("a child line after a branch point")
                .1
                .insert(child);
        } else if !line.starts_with(' ') {
            let id = line.split_whitespace().next().unwrap_or("").to_string();
            out.push((id, BTreeSet::new()));
        }
    }
    out
}

/// One verbose entry (`history --verbose`, `show`): the `Rev:` id and its `Key: value` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub id: String,
    /// All of the `Rev:` line after `Rev: `.
    pub rev_line: String,
    pub fields: BTreeMap<String, String>,
}

pub fn parse_log_entries(text: &str) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Rev: ") {
            out.push(LogEntry {
                id: rest.split_whitespace().next().unwrap_or("").to_string(),
                rev_line: rest.trim_end().to_string(),
                fields: BTreeMap::new(),
            });
        } else if let (Some(entry), Some((key, value))) = (out.last_mut(), line.split_once(": ")) {
            if !line.starts_with(' ') && !entry.fields.contains_key(key) {
                entry.fields.insert(key.to_string(), value.to_string());
            }
        }
    }
    out
}
