//! Statements that reach past their own effect: transaction control, which would end the
//! transaction a revision runs in with its bookkeeping, and statements that change the session
//! (current database, search path, role, attached files) that later statements rely on. A
//! reading of each statement's first words, as the splitter left them.

use crate::Dialect;

/// The first `n` words of a statement, upper-cased, skipping comments between them.
fn first_words(text: &str, n: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = text;
    while words.len() < n {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        words.push(rest[..end].to_ascii_uppercase());
        rest = &rest[end..];
    }
    words
}

/// Whether the statement opens, commits or aborts a transaction (PostgreSQL and SQLite; savepoints
/// nest inside the revision's transaction and are allowed). Bodies of functions, `DO` blocks and
/// triggers are part of a statement that starts otherwise, so their `BEGIN`/`END` never count.
pub fn is_transaction_control(text: &str, dialect: Dialect) -> bool {
    let words = first_words(text, 3);
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match word(0) {
        "BEGIN" | "COMMIT" | "END" => true,
        "START" => word(1) == "TRANSACTION",
        // ROLLBACK [TRANSACTION | WORK] TO [SAVEPOINT] x stays inside the transaction.
        "ROLLBACK" => match word(1) {
            "TO" => false,
            "TRANSACTION" | "WORK" => word(2) != "TO",
            _ => true,
        },
        "ABORT" => dialect == Dialect::Postgresql,
        "PREPARE" => dialect == Dialect::Postgresql && word(1) == "TRANSACTION",
        _ => false,
    }
}

/// Whether the statement may change session state that outlives it and that Retort's own
/// statements or later revisions would otherwise run under: MySQL's current database,
/// PostgreSQL's settings and role, SQLite's attached databases and pragmas.
pub fn changes_session(text: &str, dialect: Dialect) -> bool {
    let words = first_words(text, 2);
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match dialect {
        Dialect::Mysql => {
            word(0) == "USE" || text.to_ascii_uppercase().contains("RELEASE_ALL_LOCKS")
        }
        Dialect::Postgresql => match word(0) {
            "SET" => word(1) != "LOCAL",
            "RESET" | "DISCARD" => true,
            // pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`
            "SELECT" => {
                let lower = text.to_ascii_lowercase();
                lower.contains("set_config") || lower.contains("pg_advisory_unlock")
            }
            _ => false,
        },
        Dialect::Sqlite => matches!(word(0), "ATTACH" | "DETACH" | "PRAGMA"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_control_is_told_from_savepoints_and_bodies() {
        for dialect in [Dialect::Postgresql, Dialect::Sqlite] {
            for sql in [
                "BEGIN",
                "begin transaction",
                "COMMIT",
                "/* x */ commit work",
                "END",
                "ROLLBACK",
                "ROLLBACK TRANSACTION",
                "-- why\nSTART TRANSACTION",
            ] {
                assert!(is_transaction_control(sql, dialect), "{sql}");
            }
            for sql in [
                "SAVEPOINT a",
                "ROLLBACK TO a",
                "ROLLBACK TRANSACTION TO SAVEPOINT a",
                "RELEASE a",
                "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END",
                "DO $$ BEGIN PERFORM 1; COMMIT; END $$",
                "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END",
                "BEGINNING_TABLE_INSERT",
                "UPDATE t SET begin = 1",
            ] {
                assert!(!is_transaction_control(sql, dialect), "{sql}");
            }
        }
        assert!(is_transaction_control(
            "PREPARE TRANSACTION 'x'",
            Dialect::Postgresql
        ));
        assert!(!is_transaction_control(
            "PREPARE q AS SELECT 1",
            Dialect::Postgresql
        ));
    }

    #[test]
    fn session_changes_are_recognised_per_dialect() {
        assert!(changes_session("use other", Dialect::Mysql));
        assert!(!changes_session("USER_TABLE", Dialect::Mysql));
        assert!(changes_session(
            "SET search_path TO other",
            Dialect::Postgresql
        ));
        assert!(changes_session("SET ROLE app", Dialect::Postgresql));
        assert!(!changes_session("SET LOCAL ROLE app", Dialect::Postgresql));
        assert!(changes_session(
            "SELECT pg_catalog.set_config('search_path', '', false)",
            Dialect::Postgresql
        ));
        assert!(changes_session("ATTACH 'x.db' AS aux", Dialect::Sqlite));
        assert!(!changes_session("UPDATE t SET a = 1", Dialect::Sqlite));
    }
}
