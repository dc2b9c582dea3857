//! `--sql` (offline mode): the scripts' content and order, and each script run by the dialect's
//! own client (sqlite3, psql, mariadb) leaving what `upgrade`/`downgrade` leave online.

use super::*;

/// Positions of `needles` in `text`, which must all be present and in this order.
#[track_caller]
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        let at = text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} (in order) in:\n{text}"));
        from += at + needle.len();
    }
}

fn offline_sql(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = branchy_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let q = |t: &str| match dialect {
        Dialect::Mysql => format!("`{t}`"),
        _ => format!("\"{t}\""),
    };

    let sql = ok(retort(p, url, &["upgrade", "--sql", "r03"]));
    assert!(
        sql.contains(&format!(
            "CREATE TABLE IF NOT EXISTS {}",
            q("retort_revisions")
        )),
        "{sql}"
    );
    assert!(
        sql.contains(&format!("CREATE TABLE IF NOT EXISTS {}", q("retort_log"))),
        "{sql}"
    );
    let recorded = |id: &str| {
        sql.lines().any(|l| {
            (l.starts_with(&format!("INSERT INTO {}", q("retort_revisions")))
                || l.starts_with(&format!("UPDATE {}", q("retort_revisions"))))
                && l.contains(&format!("'{id}'"))
                && l.contains("'applied'")
        })
    };
    for id in ["r01", "r02", "r03"] {
        assert!(recorded(id), "{id} recorded as applied:\n{sql}");
    }
    assert!(!sql.contains("t_r04") && !sql.contains("t_r05"), "{sql}");
    match dialect {
        // MariaDB commits DDL implicitly: no transaction, a claim row instead.
        Dialect::Mysql => assert_in_order(
            &sql,
            &[
                "INSERT INTO `retort_revisions`",
                "'r01'",
                "'running'",
                "CREATE TABLE t_r01",
                "'applied'",
                "INSERT INTO `retort_log`",
            ],
        ),
        _ => assert_in_order(
            &sql,
            &[
                "BEGIN",
                "CREATE TABLE t_r01",
                "INSERT INTO t_r01",
                "'r01'",
                "COMMIT",
                "BEGIN",
                "CREATE TABLE t_r02",
                "COMMIT",
                "BEGIN",
                "CREATE TABLE t_r03",
                "COMMIT",
            ],
        ),
    }
    assert_in_order(&sql, &["t_r01", "t_r02", "t_r03"]);
    // Offline: the database was not touched (not even created, for SQLite).
    assert_eq!(db.tables(), Vec::<String>::new());
    if dialect == Dialect::Sqlite {
        assert!(!db.sqlite_path().exists());
    }
    // ... and the script is the real thing: run by hand, it migrates the database.
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02", "r03"]);

    // FROM:TO: from an assumed starting point; Retort's tables are not created again.
    let sql = ok(retort(p, url, &["upgrade", "--sql", "r03:r05"]));
    assert!(!sql.contains("CREATE TABLE IF NOT EXISTS"), "{sql}");
    assert!(sql.contains("CREATE TABLE t_r05"), "{sql}");
    assert!(
        !sql.contains("t_r01") && !sql.contains("t_r03") && !sql.contains("t_r04"),
        "{sql}"
    );
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    // The database agrees with what was run by hand.
    let status = json(&ok(retort(p, url, &["--json", "status"])));
    assert_eq!(strings(&status["current"]), ["r05"]);

    // Offline downgrade needs FROM:TO: a usage error (exit 2).
    let out = retort(p, url, &["downgrade", "--sql", "r02"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FROM:TO"), "{}", stderr(&out));
    let sql = ok(retort(p, url, &["downgrade", "--sql", "r05:r02"]));
    assert_in_order(
        &sql,
        &["DROP TABLE t_r05", "'r05'", "DROP TABLE t_r03", "'r03'"],
    );
    assert!(
        sql.contains(&format!("DELETE FROM {}", q("retort_revisions"))),
        "{sql}"
    );
    assert!(!sql.contains("t_r02"), "{sql}");
    assert_state(&db, &["r01", "r02", "r03", "r05"]);
    db.exec(&sql).unwrap();
    assert_state(&db, &["r01", "r02"]);

    // --dialect picks the dialect when no database is named.
    let sql = ok(retort(
        p,
        None,
        &["upgrade", "--sql", "--dialect", dialect.name(), "r01"],
    ));
    assert!(sql.contains("CREATE TABLE t_r01"), "{sql}");
    fails(retort(p, None, &["upgrade", "--sql", "r01"]), "--dialect");
}

on_each_dialect!(offline_sql: offline_sql_sqlite, offline_sql_postgresql, offline_sql_mysql);

// --sql scripts run by the dialect's own client (sqlite3, psql, mariadb) give what `upgrade` gives

/// A project whose bodies hold `;`: a trigger (and, per dialect, routines, an event, a DO block,
/// dollar quotes, a revision's own `DELIMITER`), a non-transactional revision and a merge.
///
/// ```text
/// a1 - a2 ------ m1
///   \           /
///    b1 - b2 --        (b2: transactional: false)
/// ```
fn compound_project(dialect: Dialect) -> tempfile::TempDir {
    let dir = empty_project();
    let p = dir.path();
    let base = "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER);\nCREATE TABLE audit (note VARCHAR(50));";
    let (a2, a2_down, b1, b1_down, b2, b2_down, m1, m1_down) = match dialect {
        Dialect::Sqlite => (
            "CREATE TRIGGER items_audit AFTER INSERT ON items\nBEGIN\n  INSERT INTO audit VALUES ('a;' || NEW.id);\n  INSERT INTO audit VALUES ('b;' || NEW.qty);\nEND;",
            "DROP TRIGGER items_audit;",
            "CREATE VIEW big AS SELECT id FROM items WHERE qty > 1;\nCREATE TRIGGER items_touch BEFORE UPDATE ON items\nBEGIN\n  SELECT CASE WHEN NEW.qty < 0 THEN RAISE(ABORT, 'negative; no') END;\n  INSERT INTO audit VALUES ('upd;');\nEND;",
            "DROP TRIGGER items_touch;\nDROP VIEW big;",
            "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);\nINSERT INTO extra VALUES (2);",
            "DELETE FROM extra;\nDROP TABLE extra;",
            "INSERT INTO items VALUES (1, 5);\nUPDATE items SET qty = 6 WHERE id = 1;",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
        Dialect::Postgresql => (
            "CREATE FUNCTION audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO audit VALUES ('a;' || NEW.id);\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION audit_fn();",
            "DROP TRIGGER items_audit ON items;\nDROP FUNCTION audit_fn();",
            "CREATE PROCEDURE add_items(n integer) LANGUAGE plpgsql AS $body$\nBEGIN\n  FOR i IN 1..n LOOP\n    INSERT INTO items VALUES (100 + i, i);\n  END LOOP;\nEND;\n$body$;\nDO $$ BEGIN INSERT INTO audit VALUES ('do;block'); END $$;",
            "DELETE FROM audit WHERE note = 'do;block';\nDROP PROCEDURE add_items(integer);",
            "CREATE INDEX CONCURRENTLY items_qty ON items (qty);\nCREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);",
            "DROP TABLE extra;\nDROP INDEX CONCURRENTLY items_qty;",
            "INSERT INTO items VALUES (1, 5);\nCALL add_items(3);",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
        Dialect::Mysql => (
            "CREATE TRIGGER items_audit AFTER INSERT ON items FOR EACH ROW\nBEGIN\n  INSERT INTO audit VALUES (CONCAT('a;', NEW.id));\n  INSERT INTO audit VALUES (CONCAT('b;', NEW.qty));\nEND;",
            "DROP TRIGGER items_audit;",
            "CREATE PROCEDURE add_items(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 1;\n  WHILE i <= n DO\n    INSERT INTO items VALUES (100 + i, i);\n    SET i = i + 1;\n  END WHILE;\nEND;\nDELIMITER //\nCREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n  SET y = x * 2;\n  RETURN y;\nEND//\nDELIMITER ;\nCREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO\nBEGIN\n  DELETE FROM audit WHERE note = 'x;';\n  DELETE FROM audit WHERE note = 'y;';\nEND;",
            "DROP EVENT purge_audit;\nDROP FUNCTION twice;\nDROP PROCEDURE add_items;",
            "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (1);\nBEGIN NOT ATOMIC\n  INSERT INTO extra VALUES (2);\n  INSERT INTO extra VALUES (3);\nEND;",
            "DROP TABLE extra;",
            "INSERT INTO items VALUES (1, twice(5));\nCALL add_items(3);",
            "DELETE FROM items;\nDELETE FROM audit;",
        ),
    };
    write_revision(
        p,
        "a1",
        &[],
        "",
        base,
        "DROP TABLE audit;\nDROP TABLE items;",
    );
    write_revision(p, "a2", &["a1"], "", a2, a2_down);
    write_revision(p, "b1", &["a1"], "", b1, b1_down);
    write_revision(p, "b2", &["b1"], "-- transactional: false\n", b2, b2_down);
    write_revision(p, "m1", &["a2", "b2"], "", m1, m1_down);
    dir
}

/// Runs a `--sql` script through the dialect's own command-line client and asserts that it
/// succeeded without a word on stderr.
#[track_caller]
fn run_cleanly_with_client(db: &TestDb, script: &str) {
    let out = run_with_client(db, script);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "the {} client failed ({:?}): {}{}\nscript:\n{script}",
        db.dialect,
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What must agree between a database migrated by `retort upgrade` and one migrated by its
/// `--sql` script: the schema, the routines/triggers/events with their bodies, the rows the
/// revisions wrote, and the bookkeeping (the applied set with its states, and the log).
fn outcome(db: &TestDb) -> Vec<String> {
    let t = text_type(db.dialect);
    let objects = match db.dialect {
        Dialect::Sqlite => None,
        Dialect::Postgresql => Some("SELECT 'function ' || proname || ' ' || prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace UNION ALL SELECT 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"),
        Dialect::Mysql => Some("SELECT CONCAT('trigger ', trigger_name, ' ', action_statement) FROM information_schema.triggers WHERE trigger_schema = DATABASE() UNION ALL SELECT CONCAT('routine ', routine_name, ' ', routine_definition) FROM information_schema.routines WHERE routine_schema = DATABASE() UNION ALL SELECT CONCAT('event ', event_name, ' ', event_definition) FROM information_schema.events WHERE event_schema = DATABASE() ORDER BY 1"),
    };
    let rows = |sql: &str| -> Vec<String> {
        db.query(sql)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| c.unwrap_or_else(|| "NULL".into()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect()
    };
    let mut out = vec![format!("schema:\n{}", db.schema())];
    out.push(format!("tables: {:?}", db.tables()));
    if let Some(sql) = objects {
        out.extend(rows(sql));
    }
    let has = |table: &str| db.tables().iter().any(|t| t == table);
    for (table, sql) in [
        (
            "items",
            format!("SELECT CAST(id AS {t}), CAST(qty AS {t}) FROM items ORDER BY id"),
        ),
        ("audit", "SELECT note FROM audit ORDER BY note".to_string()),
        (
            "extra",
            format!("SELECT CAST(x AS {t}) FROM extra ORDER BY x"),
        ),
    ] {
        if has(table) {
            out.push(format!("{table}: {:?}", rows(&sql)));
        }
    }
    if has("retort_revisions") {
        out.push(format!(
            "retort_revisions: {:?}",
            rows(&format!("SELECT revision, checksum, state, direction, CAST(statement_no AS {t}), applied_by FROM retort_revisions ORDER BY revision"))
        ));
        out.push(format!(
            "retort_log: {:?}",
            rows(&format!("SELECT action, revision, outcome, CAST(statement_no AS {t}), error FROM retort_log ORDER BY id"))
        ));
    }
    out
}

/// Every `--sql` script, run by the dialect's own client against a fresh database, leaves what
/// `retort upgrade`/`downgrade` leaves online: upgrade from base, downgrade `FROM:TO` to a
/// point and then to base.
fn offline_scripts_run_by_the_real_client(dialect: Dialect) {
    let (Some(offline), Some(online)) = (TestDb::new(dialect), TestDb::new(dialect)) else {
        return;
    };
    let project = compound_project(dialect);
    let p = project.path();
    let by_hand = Some(offline.url.as_str());
    let by_retort = Some(online.url.as_str());

    let script = ok(retort(p, by_hand, &["upgrade", "--sql", "head"]));
    run_cleanly_with_client(&offline, &script);
    ok(retort(p, by_retort, &["upgrade", "head"]));
    assert_eq!(online.applied(), sorted(&["a1", "a2", "b1", "b2", "m1"]));
    let upgraded = outcome(&online);
    assert_eq!(
        outcome(&offline),
        upgraded,
        "upgrade --sql head via the client vs upgrade head\nscript:\n{script}"
    );
    let status = json(&ok(retort(p, by_hand, &["--json", "status"])));
    assert_eq!(strings(&status["current"]), ["m1"], "{status}");

    for (spec, target) in [("m1:a1", "a1"), ("a1:base", "base")] {
        let script = ok(retort(p, by_hand, &["downgrade", "--sql", spec]));
        run_cleanly_with_client(&offline, &script);
        ok(retort(p, by_retort, &["downgrade", target]));
        assert_eq!(
            outcome(&offline),
            outcome(&online),
            "downgrade --sql {spec} via the client vs downgrade {target}\nscript:\n{script}"
        );
    }
    assert_eq!(offline.applied(), Vec::<String>::new());
}

on_each_dialect!(offline_scripts_run_by_the_real_client: offline_scripts_run_by_the_real_client_sqlite, offline_scripts_run_by_the_real_client_postgresql, offline_scripts_run_by_the_real_client_mysql);
