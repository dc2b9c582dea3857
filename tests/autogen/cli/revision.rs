//! `revision --autogenerate`: nothing written when nothing changed; a draft with a summary
//! header (DESTRUCTIVE marked) that upgrades and downgrades; `--json`; `--rename` keeping data;
//! rename proposals without it; `--against-url`.

use super::{json_error, new_file, ok, Project, USERS_POSTS};
use crate::common::{stderr, stdout, text_type, DIALECTS};
use retort::Dialect;

/// Drops posts, adds a column and an index: one destructive change among harmless ones.
const V2: &str = "\
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    fullname VARCHAR(100) NOT NULL,
    age INTEGER
);

CREATE INDEX users_age_idx ON users (age);
";

#[test]
fn no_changes_writes_nothing_and_a_change_writes_a_reversible_draft() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        let first = p.evolve("users and posts", USERS_POSTS, &[]);
        assert!(first.contains("+ table users"), "{dialect}: {first}");
        assert!(!first.contains("DESTRUCTIVE"), "{dialect}: {first}");

        // Unchanged schema.sql: exit 0, says so, writes nothing.
        let before = p.versions();
        let out = p.run(&["revision", "--autogenerate", "-m", "nothing"]);
        ok(out.clone(), "revision --autogenerate without changes");
        assert!(
            stderr(&out).contains("No changes"),
            "{dialect}: {}",
            stderr(&out)
        );
        assert_eq!(p.versions(), before, "{dialect}: a file was written");

        // A change: the header summarizes it and marks the drop of posts.
        p.write_schema(V2);
        let out = p.run(&["revision", "--autogenerate", "-m", "drop posts"]);
        ok(out.clone(), "revision --autogenerate with changes");
        assert!(
            stderr(&out).contains("- table posts"),
            "{dialect}: {}",
            stderr(&out)
        );
        let draft = std::fs::read_to_string(new_file(&before, &p.versions())).expect("draft");
        let header: Vec<&str> = draft.lines().take_while(|l| *l != "-- upgrade").collect();
        let has = |needle: &str| header.iter().any(|l| l.contains(needle));
        assert!(
            header
                .iter()
                .any(|l| l.contains("- table posts") && l.contains("DESTRUCTIVE")),
            "{dialect}: drop of posts not marked in the header:\n{draft}"
        );
        assert!(
            has("users.age") && has("users_age_idx"),
            "{dialect}: {draft}"
        );
        assert!(
            !header
                .iter()
                .any(|l| l.contains("users_age_idx") && l.contains("DESTRUCTIVE")),
            "{dialect}: adding an index is not destructive:\n{draft}"
        );

        ok(p.run(&["upgrade", "head"]), "upgrade head");
        assert!(
            !p.db.tables().contains(&"posts".to_string()),
            "{dialect}: posts still there after upgrade"
        );
        ok(p.run(&["check"]), "check after upgrading to the draft");
        ok(p.run(&["downgrade", "-1"]), "downgrade -1");
        assert!(
            p.db.tables().contains(&"posts".to_string()),
            "{dialect}: posts not back"
        );
        // After the downgrade the live database is the first schema again.
        let live = format!("--against-url={}", p.db.url);
        let out = p.run(&["check", &live]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{dialect}: live at -1 but head is V2"
        );
    }
}

#[test]
fn json_output_has_the_revision_the_path_and_the_changes() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.write_schema(USERS_POSTS);
        let out = p.run(&["--json", "revision", "--autogenerate", "-m", "first"]);
        let text = ok(out, "--json revision --autogenerate");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON on stdout");
        let id = v["revision"].as_str().expect("revision id");
        let path = v["path"].as_str().expect("path");
        assert!(
            path.contains(id) && std::path::Path::new(path).is_file(),
            "{v}"
        );
        let changes = v["diff"]["changes"].as_array().expect("changes");
        let tables = changes.iter().filter(|c| c["kind"] == "add_table").count();
        assert_eq!(tables, 2, "{dialect}: {v}");
        for c in changes {
            // PostgreSQL and MariaDB add the foreign key after both tables exist.
            assert!(
                c["kind"] == "add_table" || c["kind"] == "add_foreign_key",
                "{dialect}: {c}"
            );
            assert!(c["object"].as_str().is_some_and(|o| !o.is_empty()), "{c}");
            assert_eq!(c["destructive"], false, "{dialect}: {c}");
            assert!(
                c["upgrade"].as_array().is_some_and(|u| !u.is_empty()),
                "{c}"
            );
            assert!(
                c["downgrade"].as_array().is_some_and(|d| !d.is_empty()),
                "{c}"
            );
        }
        // Nothing to do: revision null, nothing written.
        let before = p.versions();
        let out = p.run(&["--json", "revision", "--autogenerate", "-m", "again"]);
        let v: serde_json::Value =
            serde_json::from_str(&ok(out, "--json without changes")).expect("JSON");
        assert!(v["revision"].is_null(), "{dialect}: {v}");
        assert_eq!(
            v["diff"]["changes"].as_array().map(Vec::len),
            Some(0),
            "{v}"
        );
        assert_eq!(p.versions(), before);
    }
}

/// The value of `column` in the row with id 1 of `table`.
fn value(p: &Project, table: &str, column: &str) -> String {
    let t = text_type(p.db.dialect);
    p.db.scalar(&format!(
        "SELECT CAST({column} AS {t}) FROM {table} WHERE id = 1"
    ))
}

#[test]
fn rename_column_keeps_data_and_without_rename_it_is_a_proposal() {
    let renamed = USERS_POSTS.replace("fullname", "display_name");
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);
        p.db.exec("INSERT INTO users (id, fullname) VALUES (1, 'Ann')")
            .expect("insert");

        // Without --rename: a drop (destructive) and an add, and the proposal.
        p.write_schema(&renamed);
        let out = p.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{dialect}");
        let summary = stdout(&out);
        assert!(
            summary.contains("rename proposal: users.fullname -> users.display_name")
                && summary.contains("--rename users.fullname=display_name"),
            "{dialect}: {summary}"
        );
        assert!(
            summary
                .lines()
                .any(|l| l.contains("fullname") && l.contains("DESTRUCTIVE")),
            "{dialect}: the drop of fullname is not marked destructive: {summary}"
        );

        let draft = p.evolve(
            "rename",
            &renamed,
            &["--rename", "users.fullname=display_name"],
        );
        assert!(!draft.contains("DESTRUCTIVE"), "{dialect}: {draft}");
        assert!(draft.contains("RENAME"), "{dialect}: {draft}");
        // The header says what it is renamed to, not only what from.
        assert!(
            draft.contains("rename column users.fullname -> display_name"),
            "{dialect}: {draft}"
        );
        assert_eq!(value(&p, "users", "display_name"), "Ann", "{dialect}");
        ok(p.run(&["check"]), "check after the rename");
        ok(p.run(&["downgrade", "-1"]), "downgrade the rename");
        assert_eq!(value(&p, "users", "fullname"), "Ann", "{dialect}");
    }
}

#[test]
fn rename_table_keeps_data_and_without_rename_it_is_a_proposal() {
    let renamed = USERS_POSTS.replace("users", "people");
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        p.evolve("first", USERS_POSTS, &[]);
        p.db.exec("INSERT INTO users (id, fullname) VALUES (1, 'Ann')")
            .expect("insert");
        p.db.exec("INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'Hi')")
            .expect("insert");

        p.write_schema(&renamed);
        let out = p.run(&["check"]);
        let summary = stdout(&out);
        assert!(
            summary.contains("rename proposal: users -> people")
                && summary.contains("--rename users=people"),
            "{dialect}: {summary}"
        );
        assert!(
            summary
                .lines()
                .any(|l| l.contains("- table users") && l.contains("DESTRUCTIVE")),
            "{dialect}: {summary}"
        );

        let draft = p.evolve("rename", &renamed, &["--rename", "users=people"]);
        assert!(
            draft.contains("rename table users -> people"),
            "{dialect}: {draft}"
        );
        assert_eq!(value(&p, "people", "fullname"), "Ann", "{dialect}");
        assert_eq!(value(&p, "posts", "user_id"), "1", "{dialect}");
        ok(p.run(&["check"]), "check after the table rename");
        ok(p.run(&["downgrade", "-1"]), "downgrade the table rename");
        assert_eq!(value(&p, "users", "fullname"), "Ann", "{dialect}");
    }
}

/// SQLite's `ALTER TABLE … RENAME TO` already points other tables' foreign keys at the new name,
/// so the differ must not rebuild posts as well: once it did, and the downgrade then rebuilt
/// posts pointing at `users` before `people` was renamed back ("no such table: main.users").
#[test]
fn sqlite_table_rename_with_an_incoming_foreign_key_downgrades() {
    let Some(p) = Project::new(Dialect::Sqlite) else {
        return;
    };
    p.evolve("first", USERS_POSTS, &[]);
    p.db.exec("INSERT INTO users (id, fullname) VALUES (1, 'Ann')")
        .expect("insert");
    p.db.exec("INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'Hi')")
        .expect("insert");
    let draft = p.evolve(
        "rename",
        &USERS_POSTS.replace("users", "people"),
        &["--rename", "users=people"],
    );
    assert!(
        !draft.contains("rebuild table posts"),
        "needless rebuild:\n{draft}"
    );
    ok(p.run(&["downgrade", "-1"]), "downgrade the table rename");
    assert_eq!(value(&p, "users", "fullname"), "Ann");
}

#[test]
fn invalid_renames_are_clear_errors_and_write_nothing() {
    let dialect = Dialect::Sqlite;
    let Some(p) = Project::new(dialect) else {
        return;
    };
    p.evolve("first", USERS_POSTS, &[]);
    p.write_schema(&USERS_POSTS.replace("fullname", "display_name"));
    let before = p.versions();
    for (rename, expected) in [
        ("garbage", "expected table.old_column=new_column"),
        ("users.fullname=a.b", "expected table.old_column=new_column"),
        ("users.nope=display_name", "no column users.nope"),
        ("users.fullname=nope", "nope"),
        ("ghosts=people", "ghosts"),
    ] {
        let out = p.run(&[
            "--json",
            "revision",
            "--autogenerate",
            "-m",
            "x",
            "--rename",
            rename,
        ]);
        let (code, message) = json_error(&out);
        assert_eq!(code, "invalid", "{rename}: {message}");
        assert!(message.contains(expected), "{rename}: {message}");
        assert_eq!(p.versions(), before, "{rename}: a file was written");
    }
}

#[test]
fn against_url_compares_schema_sql_with_a_live_database() {
    for dialect in DIALECTS {
        let Some(p) = Project::new(dialect) else {
            continue;
        };
        // The revisions are empty, but the live database has users already (made by hand):
        // the draft only adds posts.
        p.db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, fullname VARCHAR(100) NOT NULL)")
            .expect("users by hand");
        p.write_schema(USERS_POSTS);
        let live = format!("--against-url={}", p.db.url);
        let out = p.run(&["revision", "--autogenerate", "-m", "posts", &live]);
        ok(out.clone(), "revision --autogenerate --against-url");
        let err = stderr(&out);
        assert!(err.contains("+ table posts"), "{dialect}: {err}");
        assert!(!err.contains("table users"), "{dialect}: {err}");
    }
}
