//! What the database remembers disagreeing with the project: a drifted checksum, an applied
//! revision the project does not know, a dirty mark.

use super::*;

fn drifted_checksum(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let file = versions(p).join("r02.sql");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("note VARCHAR(20)", "note VARCHAR(40)"),
    )
    .unwrap();

    let err = refused(
        &db,
        p,
        &["upgrade", "heads"],
        "revision r02 changed after it was applied (checksum drift)",
    );
    assert!(err.contains("--allow-drift"), "{err}");
    refused(&db, p, &["upgrade", "r05"], "checksum drift");
    let status = ok(retort(p, Some(&db.url), &["status"]));
    assert!(
        status.contains("Drift:") && status.contains("r02"),
        "{status}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!(["r02"]));

    // --allow-drift passes.
    ok(retort(
        p,
        Some(&db.url),
        &["upgrade", "r05", "--allow-drift"],
    ));
    assert_eq!(db.applied(), ["r01", "r02", "r03", "r05"]);

    // Editing only a downgrade is not drift.
    std::fs::write(&file, &original).unwrap();
    let r03 = versions(p).join("r03.sql");
    let text = std::fs::read_to_string(&r03).unwrap();
    std::fs::write(
        &r03,
        text.replace(
            "DROP TABLE t_r03;",
            "-- reviewed\nDROP TABLE IF EXISTS t_r03;",
        ),
    )
    .unwrap();
    // CRLF line ends and a BOM in an applied file are not drift either.
    let r01 = versions(p).join("r01.sql");
    let text = std::fs::read_to_string(&r01).unwrap();
    std::fs::write(&r01, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["drift"], serde_json::json!([]));
    ok(retort(p, Some(&db.url), &["upgrade", "side@head"]));
    assert_eq!(
        db.applied(),
        ["m07", "r01", "r02", "r03", "r04", "r05", "r06", "r08"]
    );
    // ... and the edited downgrade is the one that runs.
    ok(retort(p, Some(&db.url), &["downgrade", "r02"]));
    assert_eq!(db.applied(), ["r01", "r02"]);
}
on_each_dialect!(drifted_checksum: drifted_checksum_sqlite, drifted_checksum_postgresql, drifted_checksum_mysql);

fn unknown_applied_revision(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();

    // A row no file defines (someone else's branch).
    db.exec("INSERT INTO retort_revisions (revision, checksum) VALUES ('feed12345678', 'x')")
        .unwrap();
    for args in [
        &["upgrade", "heads"][..],
        &["downgrade", "base"],
        &["downgrade", "-1"],
        &["stamp", "heads"],
    ] {
        let err = refused(
            &db,
            p,
            args,
            "applied revision(s) that no file defines: feed12345678",
        );
        assert!(err.contains("stamp"), "says how to get out: {err}");
    }
    let status = ok(retort(p, Some(&db.url), &["status"]));
    assert!(
        status.contains("feed12345678") && status.contains("unknown applied revision"),
        "{status}"
    );
    let current = ok(retort(p, Some(&db.url), &["current"]));
    assert!(
        current.contains("feed12345678") && current.contains("unknown applied revision"),
        "{current}"
    );
    db.exec("DELETE FROM retort_revisions WHERE revision = 'feed12345678'")
        .unwrap();

    // A deleted file.
    ok(retort(p, Some(&db.url), &["upgrade", "r08"]));
    std::fs::remove_file(versions(p).join("r08.sql")).unwrap();
    refused(
        &db,
        p,
        &["upgrade", "heads"],
        "applied revision(s) that no file defines: r08",
    );
    refused(&db, p, &["downgrade", "base"], "no file defines: r08");
    let status: serde_json::Value =
        serde_json::from_str(&ok(retort(p, Some(&db.url), &["--json", "status"]))).unwrap();
    assert_eq!(status["unknown"], serde_json::json!(["r08"]));
}
on_each_dialect!(unknown_applied_revision: unknown_applied_revision_sqlite, unknown_applied_revision_postgresql, unknown_applied_revision_mysql);

fn dirty_state(dialect: Dialect) {
    let Some((db, project)) = setup(dialect) else {
        return;
    };
    let p = project.path();
    let url = Some(db.url.as_str());
    std::fs::write(
        versions(p).join("x01.sql"),
        "-- revision: x01\n-- down_revision: r03\n-- message: half done\n-- transactional: false\n\n-- upgrade\nCREATE TABLE t_x01 (id INTEGER);\nINSERT INTO no_such_table_x VALUES (1);\n\n-- downgrade\nDROP TABLE t_x01;\n",
    )
    .unwrap();
    fails(retort(p, url, &["upgrade", "x01"]), "statement 2");
    for args in [
        &["upgrade", "heads"][..],
        &["upgrade", "heads", "--allow-drift"],
        &["downgrade", "base"],
        &["downgrade", "-1"],
        &["stamp", "heads"],
        &["stamp", "r01"],
    ] {
        let err = refused(&db, p, args, "the database is dirty");
        assert!(
            err.contains("revision x01") && err.contains("statement 2"),
            "{err}"
        );
        assert!(err.contains("retort resolve x01"), "{err}");
    }
}
on_each_dialect!(dirty_state: dirty_state_sqlite, dirty_state_postgresql, dirty_state_mysql);
