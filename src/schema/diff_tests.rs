//! The differ, dialect-neutral parts: equality with itself, renames, ordering, reversal.

use super::testkit::*;
use super::*;
use crate::Dialect::{self, Mysql, Postgresql, Sqlite};

const ALL: [Dialect; 3] = [Sqlite, Postgresql, Mysql];

fn kinds(d: &Diff) -> Vec<(ChangeKind, String)> {
    d.changes
        .iter()
        .map(|c| (c.kind, c.object.clone()))
        .collect()
}

#[test]
fn a_schema_compared_with_itself_has_no_changes() {
    for dialect in ALL {
        let s = everything();
        let d = diff(&s, &s, dialect, &[]);
        assert!(d.changes.is_empty(), "{dialect}: {:#?}", d.changes);
        // Reordered input is the same schema.
        let mut shuffled = s.clone();
        shuffled.tables.reverse();
        assert!(diff(&s, &shuffled, dialect, &[]).is_empty());
    }
}

#[test]
fn catalog_spellings_compare_equal_to_schema_file_spellings() {
    let mut a = users_orders();
    let mut b = users_orders();
    a.tables[0].columns[1].type_name = "character varying(100)".into();
    a.tables[0].columns[0].type_name = "int4".into();
    a.tables[0].columns[1].default = Some("'x'::character varying".into());
    b.tables[0].columns[1].default = Some("'x'".into());
    assert!(diff(&a, &b, Postgresql, &[]).is_empty());
}

#[test]
fn dropped_and_added_column_of_one_type_is_a_proposal_not_a_rename() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns[1].name = "mail".into();
    let d = diff(&a, &b, Postgresql, &[]);
    assert_eq!(
        kinds(&d),
        vec![
            (ChangeKind::AddColumn, "users.mail".into()),
            (ChangeKind::DropColumn, "users.email".into())
        ]
    );
    assert_eq!(d.rename_proposals[0].argument(), "users.email=mail");
    assert!(d.changes[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("--rename users.email=mail"));
    let renamed = diff(
        &a,
        &b,
        Postgresql,
        &[Rename::parse("users.email=mail").unwrap()],
    );
    assert_eq!(
        kinds(&renamed),
        vec![(ChangeKind::RenameColumn, "users.email".into())]
    );
    assert_eq!(
        renamed.upgrade_sql(),
        vec![r#"ALTER TABLE "users" RENAME COLUMN "email" TO "mail""#]
    );
    assert_eq!(
        renamed.downgrade_sql(),
        vec![r#"ALTER TABLE "users" RENAME COLUMN "mail" TO "email""#]
    );
}

#[test]
fn table_rename() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[1].name = "purchases".into();
    let d = diff(&a, &b, Sqlite, &[]);
    assert_eq!(d.rename_proposals[0].argument(), "orders=purchases");
    let r = diff(
        &a,
        &b,
        Sqlite,
        &[Rename::parse("orders=purchases").unwrap()],
    );
    assert_eq!(
        r.upgrade_sql(),
        vec![r#"ALTER TABLE "orders" RENAME TO "purchases""#]
    );
    assert_eq!(
        r.downgrade_sql(),
        vec![r#"ALTER TABLE "purchases" RENAME TO "orders""#]
    );
}

#[test]
fn rename_parsing_and_validation() {
    assert_eq!(
        Rename::parse("users.fullname=display_name").unwrap(),
        Rename {
            table: Some("users".into()),
            from: "fullname".into(),
            to: "display_name".into()
        }
    );
    assert_eq!(Rename::parse("a=b").unwrap().table, None);
    for bad in ["users", "=x", "a=", "a.b=c.d", ".x=y", "a b=c"] {
        assert!(
            matches!(Rename::parse(bad), Err(RenameError::Syntax { .. })),
            "{bad}"
        );
    }
    let s = users_orders();
    let err = validate_renames(&s, &s, &[Rename::parse("users.nope=x").unwrap()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"--rename "users.nope=x": no column users.nope in the current schema"#
    );
}

#[test]
fn foreign_keys_are_dropped_before_the_table_they_point_at() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables.remove(0);
    b.tables[0].foreign_keys.clear();
    let d = diff(&a, &b, Postgresql, &[]);
    assert_eq!(
        d.upgrade_sql(),
        vec![
            r#"ALTER TABLE "orders" DROP CONSTRAINT "orders_user_id_fkey""#,
            r#"DROP TABLE "users""#
        ]
    );
    assert!(d.changes[1].destructive);
    assert_eq!(
        d.downgrade_sql()[1],
        r#"ALTER TABLE "orders" ADD FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE"#
    );
    assert!(d.downgrade_sql()[0].starts_with(r#"CREATE TABLE "users""#));
}

#[test]
fn tables_created_together_get_their_keys_after_both_exist() {
    let d = diff(&Schema::default(), &users_orders(), Postgresql, &[]);
    let up = d.upgrade_sql();
    assert!(up[0].starts_with(r#"CREATE TABLE "orders""#), "{up:#?}");
    assert!(!up[0].contains("FOREIGN KEY"));
    assert_eq!(
        up.last().unwrap(),
        r#"ALTER TABLE "orders" ADD FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE"#
    );
    // SQLite keeps keys inline and creates the referenced table first.
    let s = diff(&Schema::default(), &users_orders(), Sqlite, &[]).upgrade_sql();
    assert!(s[0].starts_with(r#"CREATE TABLE "users""#), "{s:#?}");
}

#[test]
fn view_over_a_column_whose_type_changes_is_dropped_and_recreated() {
    let mut a = users_orders();
    a.views.push(view("emails", "SELECT email FROM users"));
    let mut b = a.clone();
    b.tables[0].columns[1].type_name = "text".into();
    let d = diff(&a, &b, Postgresql, &[]);
    assert_eq!(
        d.upgrade_sql(),
        vec![
            r#"DROP VIEW "emails""#,
            r#"ALTER TABLE "users" ALTER COLUMN "email" TYPE text USING "email"::text"#,
            r#"CREATE VIEW "emails" AS SELECT email FROM users"#,
        ]
    );
    assert_eq!(
        d.downgrade_sql(),
        vec![
            r#"DROP VIEW "emails""#,
            r#"ALTER TABLE "users" ALTER COLUMN "email" TYPE varchar(100) USING "email"::varchar(100)"#,
            r#"CREATE VIEW "emails" AS SELECT email FROM users"#,
        ]
    );
    assert!(!d.changes[1].destructive, "widening");
}

#[test]
fn enum_is_created_before_the_column_using_it() {
    let a = users_orders();
    let mut b = users_orders();
    b.enums.push(Enum {
        schema: None,
        name: "mood".into(),
        values: vec!["ok".into()],
    });
    b.tables[0].columns.push(col("mood", "mood"));
    let d = diff(&a, &b, Postgresql, &[]);
    assert_eq!(
        d.upgrade_sql(),
        vec![
            r#"CREATE TYPE "mood" AS ENUM ('ok')"#,
            r#"ALTER TABLE "users" ADD COLUMN "mood" mood"#
        ]
    );
    assert_eq!(
        d.downgrade_sql(),
        vec![
            r#"ALTER TABLE "users" DROP COLUMN "mood""#,
            r#"DROP TYPE "mood""#
        ]
    );
}

#[test]
fn destructive_marks() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns[1].type_name = "varchar(50)".into();
    let mut nullable = users_orders();
    nullable.tables[1].columns[1].nullable = false;
    let narrowing = diff(&a, &b, Postgresql, &[]);
    assert!(narrowing.changes[0].destructive);
    assert!(narrowing.changes[0]
        .reason
        .as_deref()
        .unwrap()
        .starts_with("narrowing"));
    let not_null = diff(&a, &nullable, Postgresql, &[]);
    assert!(not_null.changes[0].destructive);
    let mut wider = users_orders();
    wider.tables[0].columns[0].type_name = "bigint".into();
    assert!(!diff(&a, &wider, Postgresql, &[]).changes[0].destructive);
    let mut narrower = users_orders();
    narrower.tables[0].columns[0].type_name = "smallint".into();
    assert!(diff(&a, &narrower, Mysql, &[]).changes[0].destructive);
}

#[test]
fn summary_lines() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns[1].type_name = "varchar(50)".into();
    b.tables[1].columns.pop();
    b.tables[1].foreign_keys.clear();
    b.tables[1].indexes.clear();
    b.tables.push(table("items", vec![col("id", "integer")]));
    b.tables[1].columns.push(col("buyer", "integer"));
    let text = summary(&diff(&a, &b, Postgresql, &[]));
    assert_eq!(
        text,
        [
            "- foreign key orders(user_id) -> users(id)",
            "- index orders.orders_user_idx",
            "+ table items",
            "+ column orders.buyer",
            "~ column users.email type varchar(100) -> varchar(50)  (DESTRUCTIVE: narrowing)",
            "- column orders.user_id  (DESTRUCTIVE: drops data)",
            "? rename proposal: orders.user_id -> orders.buyer (use --rename orders.user_id=buyer)",
        ]
        .join("\n")
    );
}

#[test]
fn the_downgrade_reverses_the_upgrade_for_every_dialect() {
    for dialect in ALL {
        let a = everything();
        let d = diff(&Schema::default(), &a, dialect, &[]);
        let back = diff(&a, &Schema::default(), dialect, &[]);
        // Same statements; ties between independent drops may break differently.
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(
            sorted(d.downgrade_sql()),
            sorted(back.upgrade_sql()),
            "{dialect}"
        );
        assert_eq!(
            sorted(back.downgrade_sql()),
            sorted(d.upgrade_sql()),
            "{dialect}"
        );
        assert_eq!(d.changes.len(), back.changes.len());
    }
}

#[test]
fn render_schema_is_stable() {
    let mut s = users_orders();
    let text = render_schema(&s, Sqlite);
    s.tables.reverse();
    assert_eq!(render_schema(&s, Sqlite), text);
    assert!(
        text.starts_with("CREATE TABLE \"users\" (\n    \"id\" integer NOT NULL,"),
        "{text}"
    );
}

#[test]
fn a_not_null_column_without_a_default_is_marked_destructive() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0]
        .columns
        .push(not_null(col("nickname", "varchar(40)")));
    let mut with_default = not_null(col("joined", "date"));
    with_default.default = Some("CURRENT_DATE".into());
    b.tables[0].columns.push(with_default);
    b.tables[0].columns.push(col("bio", "text"));
    let d = diff(&a, &b, Postgresql, &[]);
    let marked: Vec<(&str, bool)> = d
        .changes
        .iter()
        .map(|c| (c.object.as_str(), c.destructive))
        .collect();
    assert!(marked.contains(&("users.nickname", true)), "{marked:?}");
    assert!(marked.contains(&("users.joined", false)), "{marked:?}");
    assert!(marked.contains(&("users.bio", false)), "{marked:?}");
}

#[test]
fn a_new_postgresql_schema_is_created_first_and_dropped_last() {
    let a = users_orders();
    let mut b = users_orders();
    let mut invoices = table("invoices", vec![not_null(col("id", "integer"))]);
    invoices.schema = Some("billing".into());
    b.tables.push(invoices);
    let up = diff(&a, &b, Postgresql, &[]);
    assert_eq!(up.changes[0].kind, ChangeKind::CreateSchema);
    assert_eq!(
        up.changes[0].upgrade,
        ["CREATE SCHEMA IF NOT EXISTS \"billing\""]
    );
    assert_eq!(
        up.downgrade_sql().last().map(String::as_str),
        Some("DROP SCHEMA IF EXISTS \"billing\"")
    );
    let down = diff(&b, &a, Postgresql, &[]);
    let last = down.changes.last().expect("changes");
    assert_eq!(
        (last.kind, last.object.as_str()),
        (ChangeKind::DropSchema, "billing")
    );
    // Other dialects have no schemas to create.
    assert!(diff(&a, &b, Sqlite, &[])
        .changes
        .iter()
        .all(|c| c.kind != ChangeKind::CreateSchema));
}

#[test]
fn references_follow_a_renamed_table_or_column() {
    let renamed_table = {
        let mut b = users_orders();
        b.tables[0].name = "people".into();
        b.tables[1].foreign_keys[0].ref_table = "people".into();
        (b, Rename::parse("users=people").expect("rename"))
    };
    let renamed_column = {
        let mut b = users_orders();
        b.tables[0].columns[0].name = "person_id".into();
        b.tables[0].primary_key.as_mut().expect("pk").columns = vec!["person_id".into()];
        b.tables[1].foreign_keys[0].ref_columns = vec!["person_id".into()];
        (b, Rename::parse("users.id=person_id").expect("rename"))
    };
    for (b, rename) in [renamed_table, renamed_column] {
        for dialect in ALL {
            let d = diff(&users_orders(), &b, dialect, std::slice::from_ref(&rename));
            // The databases move the orders → users reference themselves: orders is untouched.
            let touched: Vec<_> = d
                .changes
                .iter()
                .map(|c| (c.kind, c.object.clone()))
                .collect();
            assert!(
                touched
                    .iter()
                    .all(|(_, object)| !object.starts_with("orders")),
                "{dialect} {}: {touched:?}",
                rename.argument()
            );
        }
    }
}
