//! The generated Alembic projects: linear (made by alembic itself), branchy, the `api/` layout, two
//! version locations, annotated headers; and running retort on them.

use super::*;

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
        let mut cmd = crate::common::retort_bare();
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
