//! The bookkeeping itself: an unknown applied revision, ids differing only in case on MariaDB, and
//! a failure while writing the bookkeeping, logged like any other.

use super::*;

/// A revision applied in the database whose file is gone: the error's suggestion is a command
/// that works (plain `stamp` refuses with the same error).
#[test]
fn unknown_applied_suggests_what_works_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "k1",
        &[],
        "",
        "CREATE TABLE k_one (id INTEGER);",
        "DROP TABLE k_one;",
    );
    let k2 = write_revision(
        p,
        "k2",
        &["k1"],
        "",
        "CREATE TABLE k_two (id INTEGER);",
        "DROP TABLE k_two;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    std::fs::remove_file(k2).unwrap();
    let err = fails(retort(p, url, &["upgrade", "head"]), "no file defines: k2");
    let suggested = err
        .split("`retort ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("no command suggested: {err}"));
    assert_eq!(suggested, "stamp --purge k1", "{err}");
    let args: Vec<&str> = suggested.split(' ').collect();
    ok(retort(p, url, &args));
    assert_eq!(db.applied(), ["k1"]);
    ok(retort(p, url, &["upgrade", "head"]));
}

/// MariaDB: ids that differ only in case are two revisions, also in tables an older Retort made
/// with the server's case-folding collation (their id columns are made binary on first use).
#[test]
fn ids_differing_in_case_mysql() {
    let Some(db) = TestDb::new(Dialect::Mysql) else {
        return;
    };
    db.exec("CREATE TABLE retort_revisions (revision VARCHAR(64) NOT NULL PRIMARY KEY, checksum VARCHAR(64) NOT NULL, applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), duration_ms BIGINT NOT NULL DEFAULT 0, applied_by VARCHAR(255) NOT NULL DEFAULT '', state VARCHAR(16) NOT NULL DEFAULT 'applied', direction VARCHAR(16), statement_no INTEGER) COLLATE utf8mb4_general_ci").unwrap();
    db.exec("CREATE TABLE retort_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, logged_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), action VARCHAR(16) NOT NULL, revision VARCHAR(64), duration_ms BIGINT NOT NULL DEFAULT 0, host VARCHAR(255), os_user VARCHAR(255), outcome VARCHAR(16) NOT NULL, statement_no INTEGER, error TEXT) COLLATE utf8mb4_general_ci").unwrap();
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    write_revision(
        p,
        "ab",
        &[],
        "",
        "CREATE TABLE c_lower (id INTEGER);",
        "DROP TABLE c_lower;",
    );
    write_revision(
        p,
        "AB",
        &["ab"],
        "",
        "CREATE TABLE c_upper (id INTEGER);",
        "DROP TABLE c_upper;",
    );
    ok(retort(p, url, &["upgrade", "head"]));
    assert_eq!(db.applied(), ["AB", "ab"]);
    ok(retort(p, url, &["downgrade", "ab"]));
    assert_eq!(db.applied(), ["ab"]);
}

/// A failure while writing the bookkeeping (here a trigger refuses the applied-set row) is
/// logged like any other failure.
fn bookkeeping_failure_is_logged(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else {
        return;
    };
    let project = empty_project();
    let p = project.path();
    let url = Some(db.url.as_str());
    let (trigger, context) = match dialect {
        Dialect::Sqlite => (
            "CREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions WHEN NEW.revision = 'g2' BEGIN SELECT RAISE(ABORT, 'g2 is refused'); END;",
            "recording revision g2",
        ),
        Dialect::Postgresql => (
            "CREATE FUNCTION refuse_g2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.revision = 'g2' THEN RAISE EXCEPTION 'g2 is refused'; END IF; RETURN NEW; END $$;\nCREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions FOR EACH ROW EXECUTE FUNCTION refuse_g2();",
            "recording revision g2",
        ),
        Dialect::Mysql => (
            "CREATE TRIGGER refuse_g2 BEFORE INSERT ON retort_revisions FOR EACH ROW BEGIN IF NEW.revision = 'g2' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'g2 is refused'; END IF; END;",
            "claiming the revision",
        ),
    };
    write_revision(p, "g1", &[], "", trigger, "SELECT 1;");
    write_revision(
        p,
        "g2",
        &["g1"],
        "",
        "CREATE TABLE g_two (id INTEGER);",
        "DROP TABLE g_two;",
    );
    let err = fails(retort(p, url, &["upgrade", "head"]), "g2 is refused");
    assert!(err.contains(context), "{err}");
    assert_eq!(db.applied(), ["g1"]);
    assert_eq!(user_tables(&db), Vec::<String>::new(), "g2 did not run");
    let log = last_log(&db);
    assert_eq!(log[..3], [s("upgrade"), s("g2"), s("failed")]);
    assert!(
        log[4].as_deref().unwrap_or("").contains("g2 is refused"),
        "{log:?}"
    );
}
on_each_dialect!(bookkeeping_failure_is_logged: bookkeeping_failure_is_logged_sqlite, bookkeeping_failure_is_logged_postgresql, bookkeeping_failure_is_logged_mysql);
