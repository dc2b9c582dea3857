//! The bookkeeping around each step's statements. The executor and `--sql` call the same
//! functions, so the preview is the SQL that runs (only the measured duration differs: 0 here).

use super::{Plan, Step};
use crate::dialect::{Actor, Book, LogEntry};
use crate::error::Direction;
use crate::sql::comment_text;
use crate::Dialect;

/// The bookkeeping before a step's own statements, by part: the executor runs each part at its
/// moment, and `--sql` prints them in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// A transactional step's `BEGIN` (SQLite's takes the write lock at once).
    pub begin: Option<&'static str>,
    /// Retort's two tables, on first use.
    pub create_tables: Vec<String>,
    /// A statement-by-statement step's claim row, which becomes its dirty mark if it fails.
    pub claim: Option<String>,
}

impl Opening {
    pub fn statements(&self) -> impl Iterator<Item = &str> {
        self.begin
            .into_iter()
            .chain(self.create_tables.iter().map(String::as_str))
            .chain(self.claim.as_deref())
    }
}

/// The bookkeeping after a step's own statements, by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// The applied set's change: the revision added, removed, or its claim marked applied.
    pub record: String,
    /// The log row.
    pub log: String,
    /// A transactional step's `COMMIT`.
    pub commit: Option<&'static str>,
}

impl Closing {
    pub fn statements(&self) -> impl Iterator<Item = &str> {
        [self.record.as_str(), self.log.as_str()]
            .into_iter()
            .chain(self.commit)
    }

    /// All of it, for one round trip.
    pub fn joined(&self) -> String {
        self.statements().collect::<Vec<_>>().join(";\n")
    }
}

/// Before the step's own statements: the transaction (and first-use tables), or the claim row.
pub fn before(step: &Step, book: Book<'_>, actor: &Actor, create_tables: bool) -> Opening {
    Opening {
        begin: step.transactional.then(|| book.begin()),
        create_tables: if create_tables {
            book.create_tables()
        } else {
            Vec::new()
        },
        claim: (!step.transactional).then(|| match step.direction {
            Direction::Upgrade => {
                book.insert_running(&step.revision, &step.checksum, &actor.applied_by())
            }
            Direction::Downgrade => book.mark_running_downgrade(&step.revision),
        }),
    }
}

/// After statement `done` (1-based) of a non-transactional step: record how far it got. The
/// executor writes it at most about once a second (`apply::pace`); a script writes it every time.
pub fn after_each(step: &Step, book: Book<'_>, done: usize) -> Option<String> {
    (!step.transactional).then(|| book.progress(&step.revision, done))
}

/// After the step's own statements: the applied-set change, the log row, the commit.
pub fn after(step: &Step, book: Book<'_>, actor: &Actor, duration_ms: u128) -> Closing {
    Closing {
        record: match (step.direction, step.transactional) {
            (Direction::Upgrade, true) => book.insert_applied(
                &step.revision,
                &step.checksum,
                duration_ms,
                &actor.applied_by(),
            ),
            (Direction::Upgrade, false) => {
                book.mark_applied(&step.revision, &step.checksum, duration_ms)
            }
            (Direction::Downgrade, _) => book.delete_applied(&step.revision),
        },
        log: book.log(&LogEntry {
            action: step.direction.name(),
            revision: Some(&step.revision),
            duration_ms,
            outcome: "ok",
            statement: None,
            error: None,
            host: &actor.host,
            user: &actor.user,
        }),
        commit: step.transactional.then_some("COMMIT"),
    }
}

/// The whole plan as one SQL script, each step introduced by a comment.
pub fn render_sql(plan: &Plan, book: Book<'_>, actor: &Actor, create_tables: bool) -> String {
    let mut out = String::new();
    let mut tables_pending = create_tables;
    for step in &plan.steps {
        if tables_pending && !step.transactional {
            for sql in book.create_tables() {
                push(&mut out, &sql);
            }
            tables_pending = false;
        }
        // Ids and messages are the user's: a line terminator in them would end the comment.
        out.push_str(&format!(
            "-- {} {}: {}{}\n",
            step.direction,
            comment_text(&step.revision),
            comment_text(&step.message),
            if step.transactional {
                ""
            } else {
                " (not transactional)"
            }
        ));
        for sql in before(step, book, actor, tables_pending).statements() {
            push(&mut out, sql);
        }
        tables_pending = false;
        for (n, statement) in step.statements.iter().enumerate() {
            push_statement(&mut out, &statement.text, book.dialect);
            if let Some(sql) = after_each(step, book, n + 1) {
                push(&mut out, &sql);
            }
        }
        for sql in after(step, book, actor, 0).statements() {
            push(&mut out, sql);
        }
        out.push('\n');
    }
    out
}

fn push(out: &mut String, sql: &str) {
    out.push_str(sql.trim_end());
    out.push_str(";\n");
}

/// A revision's statement. The `mysql`/`mariadb` client ends a statement at every `;` outside
/// quotes, even inside a trigger, routine, event or `BEGIN NOT ATOMIC` body: a statement holding
/// a `;` goes between `DELIMITER` lines, with a delimiter its text does not contain, on a line
/// of its own (so a body's last word or comment cannot swallow it).
fn push_statement(out: &mut String, sql: &str, dialect: Dialect) {
    let text = sql.trim_end();
    if dialect != Dialect::Mysql || !text.contains(';') {
        return push(out, text);
    }
    let mut delimiter = String::from("$$");
    while text.contains(&delimiter) {
        delimiter.push('$');
    }
    out.push_str(&format!(
        "DELIMITER {delimiter}\n{text}\n{delimiter}\nDELIMITER ;\n"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Tables;
    use crate::script::parse_revision;
    use crate::Dialect;

    fn revision(transactional: bool) -> crate::script::Revision {
        let text = format!(
            "-- revision: abc\n-- down_revision:\n-- message: Make t\n-- transactional: {transactional}\n-- upgrade\nCREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n-- downgrade\nDROP TABLE t;\n"
        );
        parse_revision(std::path::Path::new("abc.sql"), text.as_bytes()).unwrap()
    }

    fn render(dialect: Dialect, transactional: bool, direction: Direction) -> String {
        let plan =
            crate::plan::build(&[revision(transactional)], &[0], direction, dialect).unwrap();
        let tables = Tables::default();
        let actor = Actor {
            host: "h".into(),
            user: "u".into(),
        };
        render_sql(
            &plan,
            Book {
                dialect,
                tables: &tables,
            },
            &actor,
            true,
        )
    }

    #[test]
    fn transactional_steps_commit_with_their_bookkeeping() {
        let sql = render(Dialect::Postgresql, true, Direction::Upgrade);
        let order = [
            "BEGIN;",
            "CREATE TABLE IF NOT EXISTS \"retort_revisions\"",
            "CREATE TABLE t",
            "INSERT INTO t",
            "INSERT INTO \"retort_revisions\"",
            "INSERT INTO \"retort_log\"",
            "COMMIT;",
        ];
        let mut at = 0;
        for part in order {
            let found = sql[at..]
                .find(part)
                .unwrap_or_else(|| panic!("{part} missing after {at} in\n{sql}"));
            at += found + part.len();
        }
        assert!(render(Dialect::Sqlite, true, Direction::Upgrade)
            .starts_with("-- upgrade abc: Make t\nBEGIN IMMEDIATE;"));
    }

    #[test]
    fn mysql_bodies_with_semicolons_get_their_own_delimiter() {
        let body = "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW\nBEGIN\n  INSERT INTO u VALUES ('$$;');\n  INSERT INTO u VALUES (2);\nEND";
        let text = format!(
            "-- revision: abc\n-- down_revision:\n-- message: m\n-- upgrade\nCREATE TABLE t (id INT);\n{body};\n-- downgrade\nDROP TABLE t;\n"
        );
        let rev = parse_revision(std::path::Path::new("abc.sql"), text.as_bytes()).unwrap();
        let tables = Tables::default();
        let actor = Actor {
            host: "h".into(),
            user: "u".into(),
        };
        // Not PostgreSQL: there this MySQL trigger body splits at its `;`, and its `END` is
        // refused as transaction control in a transactional revision.
        for dialect in [Dialect::Mysql, Dialect::Sqlite] {
            let plan = crate::plan::build(
                std::slice::from_ref(&rev),
                &[0],
                Direction::Upgrade,
                dialect,
            )
            .unwrap();
            let book = Book {
                dialect,
                tables: &tables,
            };
            let sql = render_sql(&plan, book, &actor, true);
            if dialect != Dialect::Mysql {
                assert!(!sql.contains("DELIMITER"), "{sql}");
                continue;
            }
            // `$$` occurs in the body, so the delimiter is longer; only the trigger is wrapped.
            assert!(
                sql.contains(&format!("DELIMITER $$$\n{body}\n$$$\nDELIMITER ;\n")),
                "{sql}"
            );
            assert_eq!(sql.matches("DELIMITER").count(), 2, "{sql}");
            // Read back as a client reads it, the script has the trigger as one statement.
            let statements = crate::sql::split_statements(&sql, dialect, 1).unwrap();
            assert!(statements.iter().any(|s| s.text == body), "{statements:?}");
        }
    }

    #[test]
    fn other_steps_claim_record_progress_and_finish() {
        for (dialect, transactional) in [(Dialect::Postgresql, false), (Dialect::Mysql, true)] {
            let sql = render(dialect, transactional, Direction::Upgrade);
            assert!(!sql.contains("BEGIN"), "{sql}");
            let claim = sql.find("'running', 'upgrade', 0)").expect("claim");
            let first = sql.find("CREATE TABLE t").expect("statement");
            let progress = sql.find("SET statement_no = 1").expect("progress");
            let done = sql.find("SET state = 'applied'").expect("done");
            assert!(
                claim < first && first < progress && progress < done,
                "{sql}"
            );
        }
        let down = render(Dialect::Mysql, true, Direction::Downgrade);
        assert!(
            down.contains("SET state = 'running', direction = 'downgrade'"),
            "{down}"
        );
        assert!(
            down.contains("DELETE FROM `retort_revisions` WHERE revision = 'abc'"),
            "{down}"
        );
    }
}
