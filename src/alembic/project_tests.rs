//! Tests of whole projects on disk (listing as Alembic does, the graph with a branch, a label, a
//! merge and depends_on, finding the ini, bad files) and of the env.py version table guess.

use super::envpy::guess_from_source;
use super::project::AlembicProject;
use crate::error::Error;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn revision(id: &str, down: &str, extra: &str) -> String {
    format!(
        "\"\"\"revision {id}\n\nRevision ID: {id}\nRevises: \nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\n\
         from alembic import op\n\nrevision: str = '{id}'\ndown_revision = {down}\n{extra}\n\n\
         def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    )
}

const ENV_PY: &str = r#"from alembic import context

def run_migrations_offline():
    context.configure(url=url, target_metadata=target_metadata, version_table="app_version")

def run_migrations_online():
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table="app_version",
        )
"#;

/// ```text
/// a - b - c ------ m - e      (e only in a subfolder: read when recursive)
///      \          /
///       d -------             (d declares the label "feature")
/// x - y                       (second location; x labelled "other", y depends_on c)
/// ```
fn sample(root: &Path, recursive: bool) {
    let os = if cfg!(windows) { ";" } else { ":" };
    write(
        root,
        "alembic.ini",
        &format!(
            "# A generic, single database configuration.\n\n[alembic]\nscript_location = %(here)s/alembic\n\
             prepend_sys_path = .\nversion_locations = %(here)s/alembic/versions{os}%(here)s/other\n\
             path_separator = os\nrecursive_version_locations = {recursive}\n\
             sqlalchemy.url = sqlite:///%(here)s/app.db\n\n[loggers]\nkeys = root\n\n\
             [formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\n"
        ),
    );
    write(root, "alembic/env.py", ENV_PY);
    write(root, "alembic/script.py.mako", "\"\"\"${message}\"\"\"\n");
    let v = "alembic/versions";
    write(root, &format!("{v}/__init__.py"), "");
    write(root, &format!("{v}/.#1_a.py"), "not python");
    write(root, &format!("{v}/notes.txt"), "not a revision");
    write(root, &format!("{v}/__pycache__/1_a.cpython-312.pyc"), "\0");
    write(root, &format!("{v}/1_a.py"), &revision("a", "None", ""));
    write(root, &format!("{v}/2_b.py"), &revision("b", "'a'", ""));
    write(root, &format!("{v}/3_c.py"), &revision("c", "'b'", ""));
    write(
        root,
        &format!("{v}/4_d.py"),
        &revision("d", "'b'", "branch_labels = ('feature',)"),
    );
    write(
        root,
        &format!("{v}/5_m.py"),
        &revision("m", "('c', 'd')", ""),
    );
    write(root, &format!("{v}/sub/6_e.py"), &revision("e", "'m'", ""));
    write(
        root,
        "other/x.py",
        &revision("x", "None", "branch_labels = 'other'"),
    );
    write(
        root,
        "other/y.py",
        &revision("y", "'x'", "depends_on = 'c'"),
    );
}

fn ids(project: &AlembicProject, indexes: &[usize]) -> Vec<String> {
    indexes
        .iter()
        .map(|i| project.graph.id(*i).to_string())
        .collect()
}

#[test]
fn a_project_with_a_branch_a_label_a_merge_and_depends_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    sample(root, false);
    let p = AlembicProject::open(&root.join("alembic.ini")).unwrap();
    let g = &p.graph;
    let order: Vec<&str> = g.nodes().iter().map(|n| n.header.id.as_str()).collect();
    assert_eq!(
        order,
        ["a", "b", "c", "d", "m", "x", "y"],
        "Alembic's load order"
    );
    assert_eq!(ids(&p, &g.heads()), ["m", "y"]);
    assert_eq!(ids(&p, &g.bases()), ["a", "x"]);
    assert_eq!(ids(&p, &g.branch_points()), ["b"]);
    let m = g.node(g.index_of("m").unwrap());
    assert_eq!(m.header.parents, ["c", "d"]);
    assert_eq!(m.header.message, "revision m");
    assert_eq!(m.header.created.as_deref(), Some("2024-01-01 00:00:00"));
    assert!(m.labels.contains("feature"));
    let y = g.node(g.index_of("y").unwrap());
    assert_eq!(ids(&p, &y.dependencies), ["c"]);
    assert_eq!(g.label_owner("other").map(|i| g.id(i)), Some("x"));
    assert_eq!(
        p.ini.sqlalchemy_url,
        Some(format!("sqlite:///{}/app.db", p.ini.here.display()))
    );
    assert_eq!(p.version_table.table.value, "app_version");
    assert!(
        p.version_table.table.certain,
        "{}",
        p.version_table.table.reason
    );
    assert_eq!(p.version_table.schema.value, None);
    assert!(p.notes.is_empty(), "{:?}", p.notes);

    let recursive = tempfile::tempdir().unwrap();
    sample(recursive.path(), true);
    let p = AlembicProject::open(&recursive.path().join("alembic.ini")).unwrap();
    assert_eq!(ids(&p, &p.graph.heads()), ["e", "y"]);
}

#[test]
fn finding_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    sample(root, false);
    std::fs::create_dir_all(root.join("api/deep")).unwrap();
    let ini = root.join("alembic.ini");
    assert_eq!(
        AlembicProject::find(&root.join("api/deep")),
        Some(ini.clone())
    );
    assert_eq!(AlembicProject::find(&ini), Some(ini));

    let toml = tempfile::tempdir().unwrap();
    write(
        toml.path(),
        "pyproject.toml",
        "[tool.alembic]\nscript_location = \"%(here)s/alembic\"\n",
    );
    write(
        toml.path(),
        "alembic/versions/1_a.py",
        &revision("a", "None", ""),
    );
    write(toml.path(), "pkg/x.txt", "");
    let found = AlembicProject::find(&toml.path().join("pkg")).unwrap();
    assert_eq!(found, toml.path().join("pyproject.toml"));
    let p = AlembicProject::open(&found).unwrap();
    assert_eq!(ids(&p, &p.graph.heads()), ["a"]);
    assert_eq!(p.version_table.table.value, "alembic_version");
    assert!(!p.version_table.table.certain, "no env.py: unsure");

    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "pyproject.toml", "[project]\nname = \"x\"\n");
    let found = AlembicProject::find(empty.path());
    assert!(found.is_none_or(|f| !f.starts_with(empty.path())));
}

/// `flask db init`'s layout: alembic.ini inside `migrations/` with no script_location, found
/// from the application's folder.
#[test]
fn flask_migrate_layout() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "app.py",
        "from flask import Flask\napp = Flask(__name__)\n",
    );
    write(
        root,
        "migrations/alembic.ini",
        "# A generic, single database configuration.\n\n[alembic]\n# template used to generate migration files\n# file_template = %%(rev)s_%%(slug)s\n\n[loggers]\nkeys = root,sqlalchemy,alembic,flask_migrate\n",
    );
    write(root, "migrations/env.py", "from flask import current_app\n");
    write(root, "migrations/script.py.mako", "");
    write(
        root,
        "migrations/versions/1_a.py",
        &revision("a", "None", ""),
    );
    write(
        root,
        "migrations/versions/2_b.py",
        &revision("b", "'a'", ""),
    );
    let found = AlembicProject::find(root).unwrap();
    assert_eq!(found, root.join("migrations/alembic.ini"));
    let p = AlembicProject::open(&found).unwrap();
    assert_eq!(p.ini.script_location, root.join("migrations"));
    assert!(p.ini.script_location_implied);
    assert_eq!(ids(&p, &p.graph.heads()), ["b"]);
    assert!(
        p.notes.iter().any(|n| n.contains("Flask-Migrate")),
        "{:?}",
        p.notes
    );

    // Without env.py beside it, a missing script_location is still an error.
    std::fs::remove_file(root.join("migrations/env.py")).unwrap();
    let err = AlembicProject::open(&found).unwrap_err().to_string();
    assert!(err.contains("no 'script_location' key"), "{err}");
}

#[test]
fn bad_projects() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    sample(root, false);
    write(
        root,
        "alembic/versions/7_bad.py",
        "revision = 'z'\ndown_revision = compute()\n",
    );
    match AlembicProject::open(&root.join("alembic.ini")) {
        Err(Error::Script {
            path,
            line,
            message,
        }) => {
            assert!(path.ends_with("7_bad.py"), "{}", path.display());
            assert_eq!(line, 2);
            assert!(message.contains("down_revision"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    write(
        root,
        "alembic/versions/7_bad.py",
        &revision("z", "'nowhere'", ""),
    );
    let err = AlembicProject::open(&root.join("alembic.ini")).unwrap_err();
    assert!(matches!(err, Error::UnknownParent { .. }), "{err}");

    let missing = tempfile::tempdir().unwrap();
    write(
        missing.path(),
        "alembic.ini",
        "[alembic]\nscript_location = nowhere\n",
    );
    let err = AlembicProject::open(&missing.path().join("alembic.ini")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn notes_for_what_alembic_passes_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        "[alembic]\nscript_location = alembic\nversion_locations = alembic/versions alembic/versions/sub ghost\n\
         recursive_version_locations = true\n",
    );
    write(root, "alembic/env.py", ENV_PY);
    write(root, "alembic/versions/1_a.py", &revision("a", "None", ""));
    write(
        root,
        "alembic/versions/sub/2_b.py",
        &revision("b", "'a'", ""),
    );
    let p = AlembicProject::open(&root.join("alembic.ini")).unwrap();
    assert_eq!(p.graph.len(), 2);
    assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
    assert!(p.notes[0].contains("reached twice"), "{:?}", p.notes);
    assert!(
        p.notes[1].contains("ghost") && p.notes[1].contains("does not exist"),
        "{:?}",
        p.notes
    );
}

#[test]
fn version_table_guesses() {
    let two = |kw: &str| {
        format!("context.configure(url=url, {kw})\nwith c:\n    context.configure(connection=c, {kw})\n")
    };
    // (env.py, table, table certain, schema, schema certain)
    let cases: Vec<(String, &str, bool, Option<&str>, bool)> = vec![
        (
            two("target_metadata=m"),
            "alembic_version",
            true,
            None,
            true,
        ),
        (two("version_table='v'"), "v", true, None, true),
        (
            two("version_table=\"v\", version_table_schema='audit'"),
            "v",
            true,
            Some("audit"),
            true,
        ),
        (ENV_PY.into(), "app_version", true, None, true),
        (
            two("version_table=VERSION_TABLE"),
            "alembic_version",
            false,
            None,
            true,
        ),
        (
            two("version_table=settings.version_table"),
            "alembic_version",
            false,
            None,
            true,
        ),
        (two("**kwargs"), "alembic_version", false, None, false),
        (
            two("version_table=f'{p}_version'"),
            "alembic_version",
            false,
            None,
            true,
        ),
        (
            "context.configure(version_table='a')\ncontext.configure(version_table='b')\n".into(),
            "b",
            false,
            None,
            true,
        ),
        (
            "context.configure(url=u)\ncontext.configure(connection=c, version_table='v')\n".into(),
            "v",
            false,
            None,
            true,
        ),
        (
            "opts = {'version_table': 'v'}\ncontext.configure(connection=c, **opts)\n".into(),
            "alembic_version",
            false,
            None,
            false,
        ),
        ("import os\n".into(), "alembic_version", false, None, false),
    ];
    for (src, table, table_certain, schema, schema_certain) in cases {
        let g = guess_from_source(Path::new("env.py"), &src);
        assert_eq!(g.table.value, table, "{src}");
        assert_eq!(g.table.certain, table_certain, "{src}: {}", g.table.reason);
        assert_eq!(g.schema.value.as_deref(), schema, "{src}");
        assert_eq!(
            g.schema.certain, schema_certain,
            "{src}: {}",
            g.schema.reason
        );
    }
}

/// The header cache answers for unchanged modules only: a module rewritten (with an older
/// time, even) is read again.
#[test]
fn cached_headers_follow_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    sample(root, false);
    let age = |path: &Path, secs: u64| {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
            .unwrap();
    };
    let versions = root.join("alembic/versions");
    for entry in std::fs::read_dir(&versions).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            age(&path, 3600);
        }
    }
    let ini = root.join("alembic.ini");
    let first = AlembicProject::open(&ini).unwrap();
    let again = AlembicProject::open(&ini).unwrap();
    let headers = |p: &AlembicProject| -> Vec<_> {
        p.graph.nodes().iter().map(|n| n.header.clone()).collect()
    };
    assert_eq!(headers(&first), headers(&again));
    let node = first.graph.node(0);
    let file = node.header.path.clone();
    let text = std::fs::read_to_string(&file).unwrap();
    let message = node.header.message.clone();
    std::fs::write(&file, text.replacen(&message, "rewritten", 1)).unwrap();
    age(&file, 1800);
    let changed = AlembicProject::open(&ini).unwrap();
    assert_eq!(
        changed.graph.node(0).header.message,
        "rewritten",
        "the rewritten module was not read again"
    );
    // Issue 10, item 5: a same-size edit that keeps the mtime (`cp -p`, `touch -r`) is seen too.
    let kept = std::fs::metadata(&file).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("rewritten", "REWRITTEN", 1)).unwrap();
    let handle = std::fs::File::options().write(true).open(&file).unwrap();
    handle.set_modified(kept).unwrap();
    drop(handle);
    let same_size = AlembicProject::open(&ini).unwrap();
    assert_eq!(same_size.graph.node(0).header.message, "REWRITTEN");
}
