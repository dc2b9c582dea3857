//! The tables an Alembic revision module works on, for searching the history by table name:
//! the first string argument of `op.create_table`, `op.drop_table`, `op.add_column`, … and the
//! tables named in SQL it passes to `op.execute`. A reading of the text, not of Python.

use crate::sql::tables_named;

/// `op` functions whose first argument is a table.
const TABLE_FIRST: [&str; 12] = [
    "create_table",
    "drop_table",
    "add_column",
    "drop_column",
    "alter_column",
    "rename_table",
    "create_foreign_key",
    "create_unique_constraint",
    "create_check_constraint",
    "drop_constraint",
    "create_primary_key",
    "bulk_insert",
];

/// Table names in a module's text, lowercased, each once, in order of appearance.
pub fn tables_in_module(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    for (at, _) in source.match_indices("op.") {
        let rest = &source[at + 3..];
        let Some(open) = rest.find('(') else { continue };
        let function = rest[..open].trim();
        let args = &rest[open + 1..];
        if TABLE_FIRST.contains(&function) {
            if let Some(name) = first_string(args) {
                push(name.to_ascii_lowercase());
            }
        } else if function == "create_index" {
            // create_index(name, table, columns)
            if let Some(name) = args
                .split_once(',')
                .and_then(|(_, after)| first_string(after))
            {
                push(name.to_ascii_lowercase());
            }
        } else if function == "execute" {
            if let Some(sql) = first_string(args) {
                tables_named(&sql).into_iter().for_each(&mut push);
            }
        }
    }
    out
}

/// The text of the string literal `args` starts with (after spaces), if it does.
fn first_string(args: &str) -> Option<String> {
    let args = args.trim_start();
    let args = args.trim_start_matches(['r', 'f', 'b', 'u', 'R', 'F', 'B', 'U']);
    let quote = args.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let triple: String = std::iter::repeat_n(quote, 3).collect();
    if let Some(body) = args.strip_prefix(triple.as_str()) {
        return body
            .find(triple.as_str())
            .map(|end| body[..end].to_string());
    }
    let body = &args[1..];
    body.find(quote).map(|end| body[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_from_op_calls_and_executed_sql() {
        let source = r#"
def upgrade():
    op.create_table('Users', sa.Column('id', sa.Integer()))
    op.add_column("teams", sa.Column("name", sa.String()))
    op.create_index("ix_orders_user", "orders", ["user_id"])
    op.execute("""CREATE TABLE audit (id INT)""")
    op.execute("UPDATE users SET x = 1")

def downgrade():
    op.drop_table('users')
"#;
        assert_eq!(
            tables_in_module(source),
            ["users", "teams", "orders", "audit"]
        );
        assert!(tables_in_module("def upgrade():\n    pass\n").is_empty());
    }
}
