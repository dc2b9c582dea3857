//! Per-dialect rendering: one case per change kind where the dialect has it, exact SQL both ways.

use super::model::*;
use super::testkit::*;
use super::*;
use crate::Dialect::{Mysql, Postgresql, Sqlite};

fn sql(a: &Schema, b: &Schema, dialect: crate::Dialect) -> (Vec<String>, Vec<String>) {
    let d = diff(a, b, dialect, &[]);
    (d.upgrade_sql(), d.downgrade_sql())
}

#[test]
fn postgres_column_aspects() {
    let a = users_orders();
    let mut b = users_orders();
    let email = &mut b.tables[0].columns[1];
    email.nullable = true;
    email.default = Some("'none'".into());
    b.tables[0].comment = Some("people".into());
    let (up, down) = sql(&a, &b, Postgresql);
    assert_eq!(
        up,
        vec![
            r#"ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL"#,
            r#"ALTER TABLE "users" ALTER COLUMN "email" SET DEFAULT 'none'"#,
            r#"COMMENT ON TABLE "users" IS 'people'"#,
        ]
    );
    assert_eq!(
        down,
        vec![
            r#"COMMENT ON TABLE "users" IS NULL"#,
            r#"ALTER TABLE "users" ALTER COLUMN "email" DROP DEFAULT"#,
            r#"ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL"#,
        ]
    );
}

#[test]
fn postgres_identity_index_unique_check_pk() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns[0].identity = Some(Identity::Always);
    b.tables[0].uniques.push(Unique {
        name: None,
        columns: vec!["email".into()],
    });
    b.tables[0].checks.push(Check {
        name: Some("email_len".into()),
        expression: "length(email) > 3".into(),
    });
    b.tables[1].indexes[0].parts[0].descending = true;
    b.tables[1].primary_key = Some(PrimaryKey {
        name: None,
        columns: vec!["id".into(), "user_id".into()],
    });
    let (up, down) = sql(&a, &b, Postgresql);
    assert_eq!(
        up,
        vec![
            r#"DROP INDEX "orders_user_idx""#,
            r#"ALTER TABLE "users" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY"#,
            r#"ALTER TABLE "orders" DROP CONSTRAINT "orders_pkey""#,
            r#"ALTER TABLE "orders" ADD PRIMARY KEY ("id", "user_id")"#,
            r#"CREATE INDEX "orders_user_idx" ON "orders" ("user_id" DESC)"#,
            r#"ALTER TABLE "users" ADD UNIQUE ("email")"#,
            r#"ALTER TABLE "users" ADD CONSTRAINT "email_len" CHECK (length(email) > 3)"#,
        ]
    );
    assert_eq!(
        down[0],
        r#"ALTER TABLE "users" DROP CONSTRAINT "email_len""#
    );
    assert_eq!(
        down[1],
        r#"ALTER TABLE "users" DROP CONSTRAINT "users_email_key""#
    );
    assert_eq!(
        down[5],
        r#"ALTER TABLE "users" ALTER COLUMN "id" DROP IDENTITY"#
    );
}

#[test]
fn postgres_enum_values_in_place_and_rebuild() {
    let mut a = schema(vec![table("t", vec![col("m", "mood")])]);
    a.enums.push(Enum {
        schema: None,
        name: "mood".into(),
        values: vec!["ok".into(), "sad".into()],
    });
    let mut b = a.clone();
    b.enums[0].values = vec![
        "happy".into(),
        "ok".into(),
        "meh".into(),
        "sad".into(),
        "angry".into(),
    ];
    let d = diff(&a, &b, Postgresql, &[]);
    assert_eq!(d.changes[0].kind, ChangeKind::AddEnumValue);
    assert_eq!(
        d.upgrade_sql(),
        vec![
            r#"ALTER TYPE "mood" ADD VALUE 'happy' BEFORE 'ok'"#,
            r#"ALTER TYPE "mood" ADD VALUE 'meh' BEFORE 'sad'"#,
            r#"ALTER TYPE "mood" ADD VALUE 'angry'"#,
        ]
    );
    let rebuild = vec![
        r#"ALTER TYPE "mood" RENAME TO "mood_retort_old""#,
        r#"CREATE TYPE "mood" AS ENUM ('ok', 'sad')"#,
        r#"ALTER TABLE "t" ALTER COLUMN "m" TYPE "mood" USING "m"::text::"mood""#,
        r#"DROP TYPE "mood_retort_old""#,
    ];
    assert_eq!(d.downgrade_sql(), rebuild);
    let removal = diff(&b, &a, Postgresql, &[]);
    assert_eq!(removal.changes[0].kind, ChangeKind::DropEnumValue);
    assert!(removal.changes[0].destructive);
    assert_eq!(removal.upgrade_sql(), rebuild);
}

#[test]
fn postgres_sequences_views_and_schemas() {
    let a = Schema::default();
    let mut b = Schema::default();
    b.sequences.push(Sequence {
        name: "n".into(),
        increment: Some(2),
        start: Some(10),
        ..Sequence::default()
    });
    let mut t = table("t", vec![col("id", "integer")]);
    t.schema = Some("billing".into());
    b.tables.push(t);
    b.views.push(view("v", "SELECT 1"));
    let (up, down) = sql(&a, &b, Postgresql);
    assert_eq!(
        up,
        vec![
            r#"CREATE SCHEMA IF NOT EXISTS "billing""#,
            r#"CREATE SEQUENCE "n" INCREMENT BY 2 START WITH 10"#,
            "CREATE TABLE \"billing\".\"t\" (\n    \"id\" integer\n)",
            r#"CREATE VIEW "v" AS SELECT 1"#,
        ]
    );
    assert_eq!(
        down,
        vec![
            r#"DROP VIEW "v""#,
            r#"DROP TABLE "billing"."t""#,
            r#"DROP SEQUENCE "n""#,
            r#"DROP SCHEMA IF EXISTS "billing""#
        ]
    );
    let mut c = b.clone();
    c.views[0].definition = "SELECT 2".into();
    let d = diff(&b, &c, Postgresql, &[]);
    assert_eq!(d.changes[0].kind, ChangeKind::ReplaceView);
    assert_eq!(
        d.upgrade_sql(),
        vec![r#"DROP VIEW "v""#, r#"CREATE VIEW "v" AS SELECT 2"#]
    );
}

#[test]
fn mysql_modify_column_restates_the_column() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns[1].type_name = "varchar(200)".into();
    b.tables[0].columns[1].nullable = true;
    let (up, down) = sql(&a, &b, Mysql);
    assert_eq!(
        up,
        vec![
            "ALTER TABLE `users` MODIFY COLUMN `email` varchar(200) NOT NULL",
            "ALTER TABLE `users` MODIFY COLUMN `email` varchar(200) NULL",
        ]
    );
    assert_eq!(
        down,
        vec![
            "ALTER TABLE `users` MODIFY COLUMN `email` varchar(200) NOT NULL",
            "ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL",
        ]
    );
}

#[test]
fn mysql_keys_indexes_and_views() {
    let mut a = users_orders();
    a.tables[1].foreign_keys[0].name = Some("orders_ibfk_1".into());
    let mut b = a.clone();
    b.tables[1].foreign_keys.clear();
    b.tables[1].indexes.clear();
    b.tables[1].primary_key = None;
    b.views.push(view("v", "select 1"));
    let (up, down) = sql(&a, &b, Mysql);
    assert_eq!(
        up,
        vec![
            "ALTER TABLE `orders` DROP FOREIGN KEY `orders_ibfk_1`, DROP INDEX IF EXISTS `user_id`",
            "DROP INDEX `orders_user_idx` ON `orders`",
            "ALTER TABLE `orders` DROP PRIMARY KEY",
            "CREATE VIEW `v` AS select 1",
        ]
    );
    assert_eq!(down[1], "ALTER TABLE `orders` ADD PRIMARY KEY (`id`)");
    assert_eq!(down[3], "ALTER TABLE `orders` ADD CONSTRAINT `orders_ibfk_1` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE");
}

/// Dropping a key also drops the index InnoDB made for it (named after the key), which would
/// otherwise stay behind as an index the schema does not have.
#[test]
fn mysql_drop_foreign_key_drops_its_implicit_index() {
    let mut a = users_orders();
    a.tables[1].foreign_keys[0].name = Some("fk_orders_user".into());
    let mut b = a.clone();
    b.tables[1].foreign_keys.clear();
    let (up, down) = sql(&a, &b, Mysql);
    assert_eq!(
        up,
        vec!["ALTER TABLE `orders` DROP FOREIGN KEY `fk_orders_user`, DROP INDEX IF EXISTS `fk_orders_user`"]
    );
    assert_eq!(down, vec!["ALTER TABLE `orders` ADD CONSTRAINT `fk_orders_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE"]);
}

#[test]
fn sqlite_native_alters() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[0].columns.push(col("age", "INTEGER"));
    b.tables[1].indexes.push(index("orders_id_idx", &["id"]));
    let (up, down) = sql(&a, &b, Sqlite);
    assert_eq!(
        up,
        vec![
            r#"ALTER TABLE "users" ADD COLUMN "age" INTEGER"#,
            r#"CREATE INDEX "orders_id_idx" ON "orders" ("id")"#,
        ]
    );
    assert_eq!(
        down,
        vec![
            r#"DROP INDEX "orders_id_idx""#,
            r#"ALTER TABLE "users" DROP COLUMN "age""#
        ]
    );
}

#[test]
fn sqlite_rebuild_keeps_rows_views_and_referencing_rows() {
    let mut a = users_orders();
    a.views.push(view("emails", "SELECT email FROM users"));
    a.tables[0].triggers.push(Trigger {
        name: "t".into(),
        sql: "CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END;".into(),
    });
    let mut b = a.clone();
    b.tables[0].columns[1].type_name = "varchar(50)".into();
    let d = diff(&a, &b, Sqlite, &[]);
    assert_eq!(
        d.changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![
            ChangeKind::DropView,
            ChangeKind::RebuildTable,
            ChangeKind::CreateView
        ]
    );
    let rebuild = &d.changes[1];
    assert!(rebuild.destructive, "narrowing inside the rebuild");
    assert!(rebuild
        .reason
        .as_deref()
        .unwrap()
        .contains("PRAGMA foreign_keys does nothing"));
    assert_eq!(
        rebuild.upgrade,
        vec![
            "PRAGMA defer_foreign_keys = ON",
            r#"CREATE TEMP TABLE "_retort_old_users" AS SELECT * FROM "users""#,
            r#"CREATE TEMP TABLE "_retort_keep_orders" AS SELECT rowid AS "_retort_rowid", * FROM "orders""#,
            r#"DROP TABLE "users""#,
            "CREATE TABLE \"users\" (\n    \"id\" integer NOT NULL,\n    \"email\" varchar(50) NOT NULL,\n    PRIMARY KEY (\"id\")\n)",
            r#"INSERT INTO "users" ("id", "email") SELECT "id", "email" FROM "_retort_old_users""#,
            r#"DROP TABLE "_retort_old_users""#,
            r#"UPDATE "orders" SET ("user_id") = (SELECT "user_id" FROM "_retort_keep_orders" AS k WHERE k."_retort_rowid" = "orders".rowid) WHERE rowid IN (SELECT "_retort_rowid" FROM "_retort_keep_orders")"#,
            r#"INSERT INTO "orders" ("id", "user_id") SELECT "id", "user_id" FROM "_retort_keep_orders" WHERE "_retort_rowid" NOT IN (SELECT rowid FROM "orders")"#,
            r#"DROP TABLE "_retort_keep_orders""#,
            "CREATE TRIGGER t AFTER INSERT ON users BEGIN SELECT 1; END",
            r#"PRAGMA foreign_key_check("users")"#,
        ]
    );
    assert!(rebuild
        .downgrade
        .iter()
        .any(|s| s.contains("\"email\" varchar(100) NOT NULL")));
}

/// The DROP's ON DELETE CASCADE deletes the child's rows: its triggers are dropped around that
/// and the restore, so an audit trigger on the child records nothing.
#[test]
fn sqlite_rebuild_silences_the_triggers_of_referencing_tables() {
    let mut a = users_orders();
    a.tables[1].triggers.push(Trigger {
        name: "orders_gone".into(),
        sql: "CREATE TRIGGER orders_gone AFTER DELETE ON orders BEGIN SELECT 1; END;".into(),
    });
    let mut b = a.clone();
    b.tables[0].columns[1].type_name = "varchar(50)".into();
    let up = diff(&a, &b, Sqlite, &[]).upgrade_sql();
    let at = |s: &str| up.iter().position(|u| u.starts_with(s)).expect(s);
    assert!(at(r#"DROP TRIGGER "orders_gone""#) < at(r#"DROP TABLE "users""#));
    assert!(at("CREATE TRIGGER orders_gone") > at(r#"INSERT INTO "orders""#));
}

#[test]
fn sqlite_unsupported_alters_fold_into_one_rebuild() {
    let a = users_orders();
    let mut b = users_orders();
    b.tables[1].foreign_keys[0].on_delete = FkAction::SetNull;
    b.tables[1].columns.push(not_null(col("n", "int")));
    let d = diff(&a, &b, Sqlite, &[]);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].kind, ChangeKind::RebuildTable);
    assert!(d.changes[0]
        .upgrade
        .contains(&r#"CREATE INDEX "orders_user_idx" ON "orders" ("user_id")"#.to_string()));
}
