//! Small builders so test cases read as schemas, not as struct literals.

use super::model::*;

pub fn col(name: &str, ty: &str) -> Column {
    Column::new(name, ty)
}

pub fn not_null(mut c: Column) -> Column {
    c.nullable = false;
    c
}

pub fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: name.into(),
        columns,
        ..Table::default()
    }
}

pub fn with_pk(mut t: Table, columns: &[&str]) -> Table {
    t.primary_key = Some(PrimaryKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
    });
    t
}

pub fn fk(
    columns: &[&str],
    ref_table: &str,
    ref_columns: &[&str],
    on_delete: FkAction,
) -> ForeignKey {
    ForeignKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        ref_schema: None,
        ref_table: ref_table.into(),
        ref_columns: ref_columns.iter().map(|c| c.to_string()).collect(),
        on_delete,
        on_update: FkAction::NoAction,
    }
}

pub fn index(name: &str, columns: &[&str]) -> Index {
    Index {
        name: name.into(),
        unique: false,
        parts: columns
            .iter()
            .map(|c| IndexPart {
                key: IndexKey::Column(c.to_string()),
                descending: false,
            })
            .collect(),
        predicate: None,
    }
}

pub fn view(name: &str, definition: &str) -> View {
    View {
        name: name.into(),
        definition: definition.into(),
        ..View::default()
    }
}

pub fn schema(tables: Vec<Table>) -> Schema {
    Schema {
        tables,
        ..Schema::default()
    }
}

/// `users(id pk, email varchar(100) not null)` and `orders(id pk, user_id -> users cascade)`.
pub fn users_orders() -> Schema {
    let users = with_pk(
        table(
            "users",
            vec![
                not_null(col("id", "integer")),
                not_null(col("email", "varchar(100)")),
            ],
        ),
        &["id"],
    );
    let mut orders = with_pk(
        table(
            "orders",
            vec![not_null(col("id", "integer")), col("user_id", "integer")],
        ),
        &["id"],
    );
    orders
        .foreign_keys
        .push(fk(&["user_id"], "users", &["id"], FkAction::Cascade));
    orders.indexes.push(index("orders_user_idx", &["user_id"]));
    schema(vec![users, orders])
}

/// A schema with one of everything, for the "compared with itself" checks.
pub fn everything() -> Schema {
    let mut s = users_orders();
    let users = &mut s.tables[0];
    users.uniques.push(Unique {
        name: Some("users_email_key".into()),
        columns: vec!["email".into()],
    });
    users.checks.push(Check {
        name: Some("email_len".into()),
        expression: "length(email) > 3".into(),
    });
    users.comment = Some("people".into());
    let mut mood = col("mood", "mood");
    mood.default = Some("'ok'::mood".into());
    users.columns.push(mood);
    let mut total = col("total", "numeric(10,2)");
    total.generated = Some(Generated {
        expression: "1 + 1".into(),
        stored: true,
    });
    users.columns.push(total);
    users.indexes.push(Index {
        name: "users_lower_email".into(),
        unique: true,
        parts: vec![IndexPart {
            key: IndexKey::Expression("lower(email)".into()),
            descending: true,
        }],
        predicate: Some("email IS NOT NULL".into()),
    });
    s.views
        .push(view("user_emails", "SELECT id, email FROM users"));
    s.enums.push(Enum {
        schema: None,
        name: "mood".into(),
        values: vec!["ok".into(), "sad".into()],
    });
    s.sequences.push(Sequence {
        name: "invoice_no".into(),
        start: Some(1000),
        ..Sequence::default()
    });
    s
}
