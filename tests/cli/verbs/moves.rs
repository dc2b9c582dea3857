//! `upgrade`, `downgrade` and `stamp` with every target form, asserting the recorded applied set
//! and the tables in the catalog after each.

use super::*;

fn upgrade_targets(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let up = |target: &str| retort(p, Some(&db.url), &["upgrade", target]);

    // A full id; progress on stderr names the revision, stdout stays empty.
    let out = up("r01");
    let err = stderr(&out);
    assert_eq!(ok(out), "", "progress goes to stderr");
    assert!(
        err.lines()
            .any(|l| l.contains("r01") && l.contains("upgrade")),
        "a progress line names the revision: {err}"
    );
    assert!(
        err.lines().any(|l| l.contains("r01") && l.contains(" ms")),
        "with its duration: {err}"
    );
    assert_state(&db, &["r01"]);

    ok(up("+1"));
    assert_state(&db, &["r01", "r02"]);

    // label@base: the first revision of the labelled branch (and what it needs).
    ok(up("side@base"));
    assert_state(&db, &["r01", "r02", "r04"]);

    // REV+N: N steps above REV.
    ok(up("r03+1"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05"]);

    // A unique prefix: "m" can only be m07, the merge (it needs r06).
    ok(up("m"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06", "m07"]);

    // label@head.
    ok(up("side@head"));
    assert_state(
        &db,
        &["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"],
    );

    // heads: every branch, including the second base and its depends_on.
    ok(up("heads"));
    let all = [
        "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
    ];
    assert_state(&db, &all);
    let log = db.log_count();

    // Nothing left: exit 0, nothing run, nothing logged.
    let out = up("heads");
    let err = stderr(&out);
    ok(out);
    assert!(err.contains("Nothing to upgrade"), "{err}");
    assert_state(&db, &all);
    assert_eq!(db.log_count(), log);
}

on_each_dialect!(upgrade_targets: upgrade_targets_sqlite, upgrade_targets_postgresql, upgrade_targets_mysql);

/// `upgrade head` on one head, and the other side of it: `+N` from base.
fn upgrade_head_and_relative_from_base(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    for (id, parents) in [
        ("a1", &[][..]),
        ("a2", &["a1"][..]),
        ("a3", &["a2"][..]),
        ("a4", &["a3"][..]),
    ] {
        write_revision(
            p,
            id,
            parents,
            "",
            &format!("CREATE TABLE t_{id} (id INTEGER);"),
            &format!("DROP TABLE t_{id};"),
        );
    }
    ok(retort(p, Some(&db.url), &["upgrade", "+2"]));
    assert_state(&db, &["a1", "a2"]);
    ok(retort(p, Some(&db.url), &["upgrade", "head"]));
    assert_state(&db, &["a1", "a2", "a3", "a4"]);
    ok(retort(p, Some(&db.url), &["downgrade", "-3"]));
    assert_state(&db, &["a1"]);
    ok(retort(p, Some(&db.url), &["downgrade", "-1"]));
    assert_state(&db, &[]);
}

on_each_dialect!(upgrade_head_and_relative_from_base: upgrade_head_and_relative_from_base_sqlite, upgrade_head_and_relative_from_base_postgresql, upgrade_head_and_relative_from_base_mysql);

// downgrade: every target form, and below a merge

fn downgrade_targets(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let down = |target: &str| retort(p, url, &["downgrade", target]);
    ok(retort(p, url, &["upgrade", "heads"]));
    assert_state(
        &db,
        &[
            "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
        ],
    );

    // REV-N: to N below REV.
    let out = down("s02-1");
    let err = stderr(&out);
    ok(out);
    assert!(
        err.lines()
            .any(|l| l.contains("s02") && l.contains("downgrade")),
        "{err}"
    );
    assert_state(
        &db,
        &[
            "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01",
        ],
    );

    // label@base: the labelled branch goes entirely.
    ok(down("other@base"));
    assert_state(
        &db,
        &["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"],
    );

    // -N from the single current head.
    ok(down("-1"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06", "m07"]);

    // A revision below a merge: both parents of the merge stay current.
    ok(down("r05"));
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06"]);
    let current = ok(retort(p, url, &["current"]));
    assert_eq!(
        sorted_strings(
            lines(&current)
                .iter()
                .map(|l| l.split(' ').next().unwrap().to_string())
                .collect()
        ),
        sorted(&["r05", "r06"]),
        "{current}"
    );
    let current = json(&ok(retort(p, url, &["--json", "current"])));
    assert_eq!(
        sorted_strings(strings(&current["current"])),
        sorted(&["r05", "r06"])
    );
    let marked = ok(retort(p, url, &["history", "-i"]));
    let marked: Vec<String> = marked
        .lines()
        .filter(|l| l.contains("(current)"))
        .map(line_id)
        .collect();
    assert_eq!(sorted_strings(marked), sorted(&["r05", "r06"]));
    // Two current heads: a bare -1 is ambiguous and changes nothing.
    fails(down("-1"), "several heads");
    assert_state(&db, &["r01", "r02", "r03", "r04", "r05", "r06"]);

    ok(down("side@base"));
    assert_state(&db, &["r01", "r02", "r03", "r05"]);

    ok(down("r05-2"));
    assert_state(&db, &["r01", "r02"]);

    ok(down("-1"));
    assert_state(&db, &["r01"]);

    ok(down("base"));
    assert_state(&db, &[]);
    assert_eq!(db.schema(), "");

    let out = down("base");
    let err = stderr(&out);
    ok(out);
    assert!(err.contains("Nothing to downgrade"), "{err}");
}

on_each_dialect!(downgrade_targets: downgrade_targets_sqlite, downgrade_targets_postgresql, downgrade_targets_mysql);

// stamp

fn stamp(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let applied = |ids: &[&str]| {
        assert_eq!(db.applied(), sorted(ids), "recorded applied set");
        assert_eq!(
            made_tables(&db),
            Vec::<String>::new(),
            "stamp runs no revision SQL"
        );
    };

    ok(retort(p, url, &["stamp", "r03"]));
    applied(&["r01", "r02", "r03"]);
    let log = db.log_count();
    assert!(log >= 1, "stamp is logged");
    assert_eq!(lines(&ok(retort(p, url, &["current"]))), ["r03"]);

    ok(retort(p, url, &["stamp", "side@head"]));
    applied(&["r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08"]);
    assert!(db.log_count() > log);

    ok(retort(p, url, &["stamp", "base"]));
    applied(&[]);

    ok(retort(p, url, &["stamp", "heads"]));
    applied(&[
        "r01", "r02", "r03", "r04", "r05", "r06", "m07", "r08", "s01", "s02",
    ]);

    // An applied revision no file knows: plain stamp refuses, --purge starts from nothing.
    db.exec("INSERT INTO retort_revisions (revision, checksum) VALUES ('zzz999', 'x')")
        .unwrap();
    fails(retort(p, url, &["stamp", "r02"]), "zzz999");
    assert!(db.applied().contains(&"zzz999".to_string()));
    let out = ok(retort(p, url, &["--json", "stamp", "--purge", "r02"]));
    assert_eq!(strings(&json(&out)["current"]), ["r02"]);
    applied(&["r01", "r02"]);

    // What was stamped is not run again; what was not, is.
    ok(retort(p, url, &["upgrade", "r05"]));
    assert_eq!(db.applied(), sorted(&["r01", "r02", "r03", "r05"]));
    assert_eq!(made_tables(&db), sorted(&["r03", "r05"]));
}

on_each_dialect!(stamp: stamp_sqlite, stamp_postgresql, stamp_mysql);
