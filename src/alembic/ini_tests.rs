//! Table-driven tests of `AlembicIni`: resolving script and version locations, separators,
//! `package:path`, the other options, and `[tool.alembic]` in pyproject.toml.

use super::ini::AlembicIni;
use crate::error::Error;
use std::path::{Path, PathBuf};

fn message(e: Error) -> String {
    match e {
        Error::Config { message, .. } => message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

fn at(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .filter(|s| !s.is_empty())
        .fold(root.to_path_buf(), |p, s| p.join(s))
}

fn alembic(here: &Path, ini: &str) -> Result<AlembicIni, Error> {
    let path = here.join("alembic.ini");
    AlembicIni::from_sources(here, Some((&path, ini)), None, "alembic")
}

#[test]
fn locations_and_separators() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path();
    let h = here.to_string_lossy().replace('\\', "/");
    let os = if cfg!(windows) { ";" } else { ":" };
    // (the [alembic] section, expected script_location, expected version_locations)
    let cases: Vec<(String, &str, Vec<&str>)> = vec![
        ("script_location = migrations".into(), "migrations", vec!["migrations/versions"]),
        ("script_location = ./db/alembic".into(), "db/alembic", vec!["db/alembic/versions"]),
        ("script_location = %(here)s/alembic".into(), "alembic", vec!["alembic/versions"]),
        (format!("script_location = {h}/abs"), "abs", vec!["abs/versions"]),
        (
            format!("script_location = m\nversion_locations = %(here)s/a{os}b\npath_separator = os"),
            "m",
            vec!["a", "b"],
        ),
        (
            "script_location = m\nversion_locations = a;b ; c\nversion_path_separator = ;".into(),
            "m",
            vec!["a", "b", "c"],
        ),
        (
            "script_location = m\nversion_locations = a b\nversion_path_separator = space".into(),
            "m",
            vec!["a", "b"],
        ),
        (
            "script_location = m\nversion_locations =\n    a\n    b\npath_separator = newline".into(),
            "m",
            vec!["a", "b"],
        ),
        (
            // path_separator wins over the deprecated version_path_separator.
            "script_location = m\nversion_locations = a;b c\npath_separator = ;\nversion_path_separator = space".into(),
            "m",
            vec!["a", "b c"],
        ),
        (
            // Legacy: no separator configured, split on spaces and commas.
            "script_location = m\nversion_locations = a b,c, d  e".into(),
            "m",
            vec!["a", "b", "c", "d", "e"],
        ),
        ("script_location = m\nversion_locations =".into(), "m", vec!["m/versions"]),
    ];
    for (body, script, versions) in cases {
        let ini = alembic(here, &format!("[alembic]\n{body}\n"))
            .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(ini.script_location, at(here, script), "{body}");
        let expected: Vec<PathBuf> = versions.iter().map(|v| at(here, v)).collect();
        assert_eq!(ini.version_locations, expected, "{body}");
    }
}

#[test]
fn other_options() {
    let here = Path::new("/proj");
    let ini = alembic(
        here,
        "[alembic]\nscript_location = m\nsqlalchemy.url = postgresql://u:p%%40ss@h/db\n\
         file_template = %%(year)d_%%(rev)s\nrecursive_version_locations = true\nsourceless = True\n",
    )
    .unwrap();
    assert_eq!(
        ini.sqlalchemy_url.as_deref(),
        Some("postgresql://u:p%40ss@h/db")
    );
    assert_eq!(ini.file_template.as_deref(), Some("%(year)d_%(rev)s"));
    assert!(ini.recursive_version_locations);
    assert!(
        !ini.sourceless,
        "Alembic compares with the exact text \"true\""
    );
    assert_eq!(ini.section, "alembic");

    let plain = alembic(here, "[alembic]\nscript_location = m\n").unwrap();
    assert_eq!((plain.sqlalchemy_url, plain.file_template), (None, None));
    assert!(!plain.recursive_version_locations);

    let named = "[alembic]\nscript_location = a\n[other]\nscript_location = b\n";
    let path = here.join("alembic.ini");
    let other = AlembicIni::from_sources(here, Some((&path, named)), None, "other").unwrap();
    assert_eq!(other.script_location, here.join("b"));
    assert_eq!(
        other
            .section_option("alembic", "script_location")
            .unwrap()
            .as_deref(),
        Some("a")
    );
}

#[test]
fn configuration_errors() {
    let here = Path::new("/proj");
    let cases: &[(&str, &str)] = &[
        (
            "[alembic]\nsqlalchemy.url = x\n",
            "no 'script_location' key in [alembic]",
        ),
        ("[other]\nscript_location = m\n", "no [alembic] section"),
        (
            "[alembic]\nscript_location = m\nversion_locations = a\npath_separator = comma\n",
            "\"comma\" is not a valid value for path_separator",
        ),
        (
            "[alembic]\nscript_location = %(nowhere)s/m\n",
            "%(nowhere)s refers to an option",
        ),
    ];
    for (text, expected) in cases {
        let err = message(alembic(here, text).expect_err(text));
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn package_locations() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path();
    for folder in [
        "myapp/migrations",
        "src/pkg/sub/alembic",
        "lib/other/mig",
        "myapp/more",
    ] {
        std::fs::create_dir_all(at(here, folder)).unwrap();
    }
    // (the [alembic] section, expected script_location)
    let cases: &[(&str, &str)] = &[
        ("script_location = myapp:migrations", "myapp/migrations"),
        ("script_location = pkg.sub:alembic", "src/pkg/sub/alembic"),
        (
            "script_location = other:mig\nprepend_sys_path = . lib",
            "lib/other/mig",
        ),
        (
            "script_location = other:mig\nprepend_sys_path = lib\npath_separator = os",
            "lib/other/mig",
        ),
    ];
    for (body, expected) in cases {
        let ini = alembic(here, &format!("[alembic]\n{body}\n"))
            .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(ini.script_location, at(here, expected), "{body}");
    }
    let versions =
        "[alembic]\nscript_location = myapp:migrations\nversion_locations = myapp:more plain\n";
    let ini = alembic(here, versions).unwrap();
    assert_eq!(
        ini.version_locations,
        vec![at(here, "myapp/more"), at(here, "plain")]
    );

    let err =
        message(alembic(here, "[alembic]\nscript_location = ghost:migrations\n").unwrap_err());
    assert!(err.contains("Python package \"ghost\""), "{err}");
    assert!(
        err.contains(&at(here, "ghost/migrations").display().to_string()),
        "{err}"
    );
    assert!(
        err.contains(&at(here, "src/ghost/migrations").display().to_string()),
        "{err}"
    );
}

#[test]
fn pyproject_toml() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path();
    let toml_path = here.join("pyproject.toml");
    let toml =
        "[project]\nname = \"x\"\n\n[tool.alembic]\nscript_location = \"%(here)s/alembic\"\n\
                version_locations = [\"%(here)s/v1\", \"v2\"]\nrecursive_version_locations = true\n\
                file_template = \"%%(rev)s\"\n";
    let only = AlembicIni::from_sources(here, None, Some((&toml_path, toml)), "alembic").unwrap();
    assert_eq!(only.path, toml_path);
    assert_eq!(only.script_location, at(here, "alembic"));
    assert_eq!(only.version_locations, vec![at(here, "v1"), at(here, "v2")]);
    assert!(only.recursive_version_locations);
    assert_eq!(only.file_template.as_deref(), Some("%(rev)s"));

    // Both files: the ini wins key by key, [tool.alembic] fills the rest.
    let ini_path = here.join("alembic.ini");
    let ini = "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite://\n";
    let both = AlembicIni::from_sources(
        here,
        Some((&ini_path, ini)),
        Some((&toml_path, toml)),
        "alembic",
    )
    .unwrap();
    assert_eq!(both.path, ini_path);
    assert_eq!(both.pyproject.as_deref(), Some(toml_path.as_path()));
    assert_eq!(both.script_location, at(here, "migrations"));
    assert_eq!(both.version_locations, vec![at(here, "v1"), at(here, "v2")]);

    let cases: &[(&str, &str)] = &[
        (
            "[tool.alembic]\nrecursive_version_locations = \"true\"\nscript_location = \"m\"\n",
            "boolean value expected",
        ),
        (
            "[tool.alembic]\nscript_location = \"%(there)s\"\n",
            "only %(here)s and %%",
        ),
        ("[tool.alembic\nscript_location = 1\n", "pyproject.toml"),
        ("[tool.other]\nx = 1\n", "no Alembic configuration"),
    ];
    for (text, expected) in cases {
        let err =
            AlembicIni::from_sources(here, None, Some((&toml_path, text)), "alembic").unwrap_err();
        assert!(err.to_string().contains(expected), "{text:?}: {err}");
    }
}
