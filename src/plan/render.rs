//! The bookkeeping around each step's statements. The executor and `--sql` call the same
//! functions, so the preview is the SQL that runs (only the measured duration differs: 0 here).

use super::{Plan, Step};
use crate::db::{Actor, Book, LogEntry};
use crate::error::Direction;

/// Statements before the step's own: the transaction (and first-use tables), or the claim row.
pub fn before(step: &Step, book: Book<'_>, actor: &Actor, create_tables: bool) -> Vec<String> {
    let mut out = Vec::new();
    if step.transactional {
        out.push(book.begin().to_string());
    }
    if create_tables {
        out.extend(book.create_tables());
    }
    if !step.transactional {
        out.push(match step.direction {
            Direction::Upgrade => {
                book.insert_running(&step.revision, &step.checksum, &actor.applied_by())
            }
            Direction::Downgrade => book.mark_running_downgrade(&step.revision),
        });
    }
    out
}

/// After statement `done` (1-based) of a non-transactional step: record how far it got.
pub fn after_each(step: &Step, book: Book<'_>, done: usize) -> Option<String> {
    (!step.transactional).then(|| book.progress(&step.revision, done))
}

/// Statements after the step's own: the applied-set change, the log row, the commit.
pub fn after(step: &Step, book: Book<'_>, actor: &Actor, duration_ms: u128) -> Vec<String> {
    let mut out = vec![match (step.direction, step.transactional) {
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
    }];
    out.push(book.log(&LogEntry {
        action: step.direction.name(),
        revision: Some(&step.revision),
        duration_ms,
        outcome: "ok",
        statement: None,
        error: None,
        host: &actor.host,
        user: &actor.user,
    }));
    if step.transactional {
        out.push("COMMIT".into());
    }
    out
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
        out.push_str(&format!(
            "-- {} {}: {}{}\n",
            step.direction,
            step.revision,
            step.message,
            if step.transactional {
                ""
            } else {
                " (not transactional)"
            }
        ));
        for sql in before(step, book, actor, tables_pending) {
            push(&mut out, &sql);
        }
        tables_pending = false;
        for (n, statement) in step.statements.iter().enumerate() {
            push(&mut out, &statement.text);
            if let Some(sql) = after_each(step, book, n + 1) {
                push(&mut out, &sql);
            }
        }
        for sql in after(step, book, actor, 0) {
            push(&mut out, &sql);
        }
        out.push('\n');
    }
    out
}

fn push(out: &mut String, sql: &str) {
    out.push_str(sql.trim_end());
    out.push_str(";\n");
}
