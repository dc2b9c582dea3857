//! Usage errors (exit 2), finding `retort.toml` from the current folder or `-c`, and no colour
//! when piped.

use super::*;

#[test]
fn usage_errors_exit_2() {
    let project = branchy_project();
    let p = project.path();
    usage_error(retort(p, None, &["--no-such-flag", "heads"]));
    usage_error(retort(p, None, &["heads", "--no-such-flag"]));
    usage_error(retort(p, None, &["no-such-verb"]));
    usage_error(retort(p, None, &["upgrade"]));
    usage_error(retort(p, None, &["revision"]));
    usage_error(retort(p, None, &["resolve", "r01"]));
    usage_error(retort(
        p,
        None,
        &["resolve", "r01", "--applied", "--rolled-back"],
    ));
    usage_error(retort(p, None, &["--lock-timeout", "soon", "heads"]));
    // A usage error is not a failure of the command: exit 1 stays for those.
    fails(retort(p, None, &["show", "nope"]), "nope");
    assert!(Path::new(p).join("versions").is_dir());
}

/// `retort.toml` is found in the current folder or a parent, or named with `-c` (folder or file).
#[test]
fn project_is_found_from_the_current_folder_or_c() {
    let project = branchy_project();
    let p = project.path();
    let bare =
        |cwd: &Path, args: &[&str]| retort_bare().current_dir(cwd).args(args).output().unwrap();
    let expected = ["r08 (side) (head)", "s02 (other) (head)"];
    assert_eq!(lines(&ok(bare(p, &["heads"]))), expected);
    assert_eq!(lines(&ok(bare(&p.join("versions"), &["heads"]))), expected);
    let elsewhere = tempfile::tempdir().unwrap();
    let config = p.join("retort.toml");
    let config = config.to_str().unwrap();
    assert_eq!(
        lines(&ok(bare(elsewhere.path(), &["-c", config, "heads"]))),
        expected
    );
    fails(bare(elsewhere.path(), &["heads"]), "no retort.toml found");
}

/// Colour only on a terminal: piped output carries no escape codes, even without NO_COLOR.
#[test]
fn no_colour_when_piped() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    for args in [
        &["upgrade", "r03"][..],
        &["status"],
        &["history", "-i"],
        &["upgrade", "zzz"],
    ] {
        let out = retort_command(p, Some(&db.url), args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains('\u{1b}'), "{args:?}: {all:?}");
    }
}
