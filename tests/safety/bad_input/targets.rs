//! Bad targets and ranges: unknown, past base, the wrong direction, `head` with two heads, and
//! malformed ones (usage errors).

use super::*;

fn unknown_target(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(&db, p, &["upgrade", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["downgrade", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["stamp", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["upgrade", "zzz+1"], "zzz");
    refused(&db, p, &["show", "zzz"], "no revision matches \"zzz\"");
    refused(&db, p, &["history", "-r", "zzz:"], "zzz");
}
on_each_dialect!(unknown_target: unknown_target_sqlite, unknown_target_postgresql, unknown_target_mysql);

fn relative_past_base(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    refused(&db, p, &["downgrade", "-4"], "past base");
    refused(&db, p, &["downgrade", "-99"], "past base");
    refused(&db, p, &["downgrade", "r02-3"], "");
    // -3 is exactly base: allowed.
    ok(retort(p, Some(&db.url), &["downgrade", "-3"]));
    assert!(db.applied().is_empty());
    // From base, a downgrade of -1 goes past base too.
    refused(&db, p, &["downgrade", "-1"], "");
}
on_each_dialect!(relative_past_base: relative_past_base_sqlite, relative_past_base_postgresql, relative_past_base_mysql);

/// Targets that point the wrong way are refused, as Alembic refuses them ("Relative revision -1
/// didn't produce 1 migrations", "Destination … is not a valid downgrade target from current
/// head(s)"), instead of reporting "nothing to do" with exit 0.
fn wrong_direction_targets(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    for (args, named) in [
        (&["upgrade", "-1"][..], "-1"),
        (&["upgrade", "side@-1"], "side@-1"),
        (&["downgrade", "+1"], "+1"),
        (&["downgrade", "side@+1"], "side@+1"),
        // Not applied, above the current revision: nothing to downgrade *to*.
        (&["downgrade", "r05"], "r05"),
        (&["downgrade", "r03+1"], "r03+1"),
        // Another branch that was never applied.
        (&["downgrade", "s01"], "s01"),
    ] {
        refused(&db, p, args, named);
    }
}
on_each_dialect!(wrong_direction_targets: wrong_direction_targets_sqlite, wrong_direction_targets_postgresql, wrong_direction_targets_mysql);

fn upgrade_head_with_two_heads(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let err = refused(&db, p, &["upgrade", "head"], "several heads (r08, s02)");
    assert!(
        err.contains("heads") && err.contains("retort merge"),
        "points at heads / merge: {err}"
    );
    // The same from base.
    ok(retort(p, Some(&db.url), &["downgrade", "base"]));
    refused(&db, p, &["upgrade", "head"], "several heads (r08, s02)");
}
on_each_dialect!(upgrade_head_with_two_heads: upgrade_head_with_two_heads_sqlite, upgrade_head_with_two_heads_postgresql, upgrade_head_with_two_heads_mysql);

/// Malformed targets and ranges are usage errors (exit 2) naming the whole argument; a
/// reversed range is refused instead of printing one end.
fn malformed_targets(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let before = Snapshot::take(&db, p);
    for args in [
        &["upgrade", "+-1"][..],
        &["upgrade", "a:b:c"],
        &["downgrade", "--", "-0"],
        &["upgrade", "+0"],
        &["upgrade", "heads-1"],
        &["history", "-r", "a:b:c"],
        &["stamp", "side@"],
    ] {
        let out = retort(p, Some(&db.url), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let argument = args.last().unwrap();
        assert!(err.contains(&format!("{argument:?}")), "{args:?}: {err}");
    }
    assert_eq!(Snapshot::take(&db, p), before);
    let err = refused(&db, p, &["upgrade", "side@nonsense"], "\"side@nonsense\"");
    assert!(err.contains("branch \"side\""), "{err}");
    for range in ["r03:r01", "r03:base", "heads:r01"] {
        refused(&db, p, &["history", "-r", range], "reversed");
    }
}
on_each_dialect!(malformed_targets: malformed_targets_sqlite, malformed_targets_postgresql, malformed_targets_mysql);
