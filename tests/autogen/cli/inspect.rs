//! `schema` (stable DDL, `--at REV`, a live database with `--url`) and `diff A B` between
//! revisions, schema.sql, `base` and live databases.

use super::{new_file, ok, Project, USERS_POSTS};
use crate::common::{stderr, TestDb, DIALECTS};

/// Two revisions: USERS_POSTS, then a tags table. Returns their ids.
fn two_revisions(p: &Project) -> (String, String) {
    let id = |path: std::path::PathBuf| {
        let text = std::fs::read_to_string(path).expect("revision");
        let line = text.lines().next().unwrap_or_default().to_string();
        line.trim_start_matches("-- revision:").trim().to_string()
    };
    let before = p.versions();
    p.evolve("first", USERS_POSTS, &[]);
    let first = id(new_file(&before, &p.versions()));
    let before = p.versions();
    p.evolve(
        "tags",
        &format!("{USERS_POSTS}\nCREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(20));\n"),
        &[],
    );
    let second = id(new_file(&before, &p.versions()));
    (first, second)
}

#[test]
fn schema_is_stable_stops_at_a_revision_and_reads_a_live_database() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        let (first, _) = two_revisions(&p);
        let head = ok(p.run(&["schema"]), "schema");
        assert_eq!(
            head,
            ok(p.run(&["schema"]), "schema again"),
            "{dialect}: not stable"
        );
        assert!(
            head.contains("tags") && head.contains("posts"),
            "{dialect}: {head}"
        );
        assert!(
            !head.contains("retort_"),
            "{dialect}: bookkeeping tables shown: {head}"
        );

        let at = ok(p.run(&["schema", "--at", &first]), "schema --at");
        assert!(
            at.contains("posts") && !at.contains("tags"),
            "{dialect}: {at}"
        );

        // The live database is at head: same DDL as the revisions produce.
        let live = ok(p.run(&["--url", &p.db.url, "schema"]), "schema --url");
        assert_eq!(
            live, head,
            "{dialect}: live DDL differs from the revisions'"
        );
        ok(p.run(&["downgrade", "-1"]), "downgrade");
        let live = ok(p.run(&["--url", &p.db.url, "schema"]), "schema --url at -1");
        assert_eq!(live, at, "{dialect}");
    }
}

#[test]
fn diff_between_revisions_schema_sql_base_and_live_databases() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        let (first, second) = two_revisions(&p);
        let out = p.run(&["diff", &first, &second]);
        let sql = ok(out.clone(), "diff REV REV");
        assert!(
            stderr(&out).contains("+ table tags"),
            "{dialect}: {}",
            stderr(&out)
        );
        assert!(
            sql.to_lowercase().contains("create table"),
            "{dialect}: {sql}"
        );

        let back = p.run(&["diff", &second, &first]);
        assert!(
            stderr(&back).contains("- table tags"),
            "{dialect}: {}",
            stderr(&back)
        );

        let same = ok(
            p.run(&["diff", &second, "schema.sql"]),
            "diff REV schema.sql",
        );
        assert!(same.contains("No changes"), "{dialect}: {same}");
        let out = p.run(&["diff", &first, "schema.sql"]);
        assert!(
            stderr(&out).contains("+ table tags"),
            "{dialect}: {}",
            stderr(&out)
        );

        let out = p.run(&["diff", "base", &first]);
        let err = stderr(&out);
        assert!(
            err.contains("+ table users") && err.contains("+ table posts"),
            "{dialect}: {err}"
        );
        assert!(!err.contains("tags"), "{dialect}: {err}");

        // Two live databases, like migra: staging has tags, production does not.
        if let Some(other) = TestDb::new(dialect) {
            other
                .exec("CREATE TABLE users (id INTEGER PRIMARY KEY, fullname VARCHAR(100) NOT NULL)")
                .expect("users");
            let out = p.run(&["diff", &other.url, &p.db.url]);
            ok(out.clone(), "diff URL URL");
            let err = stderr(&out);
            assert!(
                err.contains("+ table posts") && err.contains("+ table tags"),
                "{dialect}: {err}"
            );
            assert!(!err.contains("table users"), "{dialect}: {err}");
            assert!(
                !err.contains("retort_"),
                "{dialect}: bookkeeping compared: {err}"
            );
            let same = ok(p.run(&["diff", &p.db.url, &p.db.url]), "diff URL itself");
            assert!(same.contains("No changes"), "{dialect}: {same}");
        }
    }
}
