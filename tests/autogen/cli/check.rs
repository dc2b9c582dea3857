//! `check`: exit 0 when schema.sql matches the revisions at head, exit 1 listing the changes
//! when not; with `--against-url`, drift in a live database (changed by hand) is exit 1.

use super::{json_error, ok, Project, USERS_POSTS};
use crate::common::{stdout, DIALECTS};

#[test]
fn check_exits_0_when_equal_and_1_with_the_changes_when_not() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);
        let out = ok(p.run(&["check"]), "check with schema.sql at head");
        assert!(out.contains("No changes"), "{dialect}: {out}");

        p.write_schema(&format!(
            "{USERS_POSTS}\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n"
        ));
        let out = p.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{dialect}: {}", stdout(&out));
        assert!(
            stdout(&out).contains("+ table tags"),
            "{dialect}: {}",
            stdout(&out)
        );

        let out = p.run(&["--json", "check"]);
        let (code, _) = json_error(&out);
        assert_eq!(code, "schema_differs", "{dialect}");
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON diff");
        assert_eq!(v["changes"][0]["kind"], "add_table", "{dialect}: {v}");
        assert_eq!(v["changes"][0]["object"], "tags", "{dialect}: {v}");
    }
}

#[test]
fn check_against_url_finds_drift_made_by_hand() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);
        let live = format!("--against-url={}", p.db.url);
        ok(
            p.run(&["check", &live]),
            "check --against-url right after upgrade",
        );

        // Someone adds a column and an index in production by hand.
        p.db.exec("ALTER TABLE users ADD COLUMN nickname VARCHAR(30)")
            .expect("alter");
        p.db.exec("CREATE INDEX posts_title_idx ON posts (title)")
            .expect("index");
        let out = p.run(&["check", &live]);
        assert_eq!(out.status.code(), Some(1), "{dialect}: {}", stdout(&out));
        let summary = stdout(&out);
        // From the live database to the revisions: the hand-made objects would be dropped.
        assert!(summary.contains("users.nickname"), "{dialect}: {summary}");
        assert!(summary.contains("posts_title_idx"), "{dialect}: {summary}");
        // schema.sql itself still matches the revisions.
        ok(p.run(&["check"]), "check without --against-url");
    }
}
