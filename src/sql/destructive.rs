//! Which statements of a preview lose data if run (drops, truncation, deletes), so the app can
//! highlight them before a person confirms. A reading of each statement's first words: it
//! flags, it does not forbid.

/// The 1-based line numbers (in `text`) where a destructive statement starts.
pub fn destructive_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut statement = String::new();
    let mut start = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("--") {
            continue;
        }
        if statement.is_empty() {
            start = i + 1;
        }
        statement.push(' ');
        statement.push_str(trimmed);
        if trimmed.ends_with(';') {
            if is_destructive(&statement) {
                out.push(start);
            }
            statement.clear();
        }
    }
    if !statement.is_empty() && is_destructive(&statement) {
        out.push(start);
    }
    out
}

/// Whether one statement drops or deletes data.
pub fn is_destructive(statement: &str) -> bool {
    let words: Vec<String> = statement
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(64)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let first = words.first().map(String::as_str).unwrap_or("");
    match first {
        "DROP" => !matches!(
            words.get(1).map(String::as_str),
            Some("INDEX" | "VIEW" | "TRIGGER" | "FUNCTION" | "PROCEDURE")
        ),
        "TRUNCATE" => true,
        // Bookkeeping deletes name Retort's own tables; the caller highlights those too, which
        // is honest: they are what a downgrade removes.
        "DELETE" => true,
        // `DROP COLUMN`, `DROP CONSTRAINT`, MariaDB's bare `DROP col`; not `DROP DEFAULT`,
        // `DROP NOT NULL` or `DROP INDEX`, which lose no rows.
        "ALTER" => words
            .windows(2)
            .any(|w| w[0] == "DROP" && !matches!(w[1].as_str(), "DEFAULT" | "NOT" | "INDEX")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_and_deletes_are_flagged() {
        let cases = [
            ("DROP TABLE users;", true),
            ("drop index users_email_idx;", false),
            ("DROP VIEW v;", false),
            ("ALTER TABLE users DROP COLUMN age;", true),
            ("ALTER TABLE users ALTER COLUMN age DROP NOT NULL;", false),
            ("ALTER TABLE users ALTER COLUMN age DROP DEFAULT;", false),
            ("ALTER TABLE users ADD COLUMN age INT;", false),
            ("TRUNCATE orders;", true),
            ("DELETE FROM sessions WHERE expired;", true),
            ("CREATE TABLE t (id INT);", false),
            ("UPDATE t SET x = 1;", false),
        ];
        for (sql, expected) in cases {
            assert_eq!(is_destructive(sql), expected, "{sql}");
        }
    }

    #[test]
    fn lines_point_at_statement_starts() {
        let text = "-- upgrade\nCREATE TABLE a (\n  id INT\n);\n\nDROP TABLE\n  b;\nALTER TABLE c DROP COLUMN d;\n";
        assert_eq!(destructive_lines(text), [6, 8]);
    }
}
