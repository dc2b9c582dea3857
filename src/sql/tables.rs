//! The tables a revision's SQL works on, for searching the history by table name: the names
//! after `CREATE/ALTER/DROP TABLE`, `INSERT INTO`, `UPDATE`, `DELETE FROM`, `CREATE INDEX … ON`,
//! `CREATE/DROP VIEW`. A reading of the words, not a parser: good enough to find revisions.

/// Table (and view) names in `sql`, lowercased, quotes removed, each once, in order of appearance.
pub fn tables_named(sql: &str) -> Vec<String> {
    // Line comments out (a `--` inside a string cuts it short, which costs nothing here).
    let code: String = sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = code
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let at = |k: usize| upper.get(i + k).map(String::as_str).unwrap_or("");
        // How many words to skip to reach the name, after the keyword at `i`.
        let skip = match at(0) {
            "TABLE" | "VIEW"
                if matches!(
                    upper.get(i.wrapping_sub(1)).map(String::as_str),
                    Some("CREATE" | "ALTER" | "DROP" | "REPLACE" | "TEMPORARY" | "TEMP")
                ) =>
            {
                Some(1)
            }
            "INTO" if i > 0 && upper[i - 1] == "INSERT" => Some(1),
            "UPDATE" => Some(1),
            "FROM" if i > 0 && upper[i - 1] == "DELETE" => Some(1),
            "ON" if upper[..i].iter().rev().take(8).any(|w| w == "INDEX") => Some(1),
            _ => None,
        };
        if let Some(skip) = skip {
            let mut k = i + skip;
            // IF [NOT] EXISTS, ONLY
            while matches!(
                upper.get(k).map(String::as_str),
                Some("IF" | "NOT" | "EXISTS" | "ONLY")
            ) {
                k += 1;
            }
            if let Some(name) = words.get(k) {
                let name = clean(name);
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
            i = k;
        }
        i += 1;
    }
    out
}

/// `"Shop"."Orders"` → `shop.orders`.
fn clean(word: &str) -> String {
    word.split('.')
        .map(|part| part.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']'))
        .collect::<Vec<_>>()
        .join(".")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_the_statements_that_touch_tables() {
        let sql = "CREATE TABLE IF NOT EXISTS \"Books\" (id INT);\nALTER TABLE books ADD COLUMN isbn TEXT;\nCREATE UNIQUE INDEX books_isbn ON books (isbn);\nINSERT INTO genres (name) VALUES ('x');\nUPDATE ONLY stock SET n = 1;\nDELETE FROM audit.log WHERE 1=0;\nCREATE OR REPLACE VIEW sales AS SELECT 1;\nDROP TABLE IF EXISTS old_things;\n-- DROP TABLE commented_out;";
        assert_eq!(
            tables_named(sql),
            [
                "books",
                "genres",
                "stock",
                "audit.log",
                "sales",
                "old_things"
            ]
        );
        assert!(tables_named("SELECT 1;").is_empty());
    }
}
