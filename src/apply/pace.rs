//! How often a statement-by-statement run writes its progress record. Each write is a commit of
//! its own (on MariaDB, where every revision runs statement by statement, a commit and a log
//! flush), so writing it after every statement halved the rate of a long run of small
//! statements. It is written after a statement once [`EVERY`] has passed since the last write:
//! a run of quick statements is recorded about once a second, and a statement that takes longer
//! than that is recorded on its own as soon as it completes.
//!
//! What the record promises, then: `statement_no = k` on a running claim means statements 1–k
//! certainly completed. Which of the later ones ran is not recorded: after a crash, statement
//! k+1 or any statement of the following second or so may have been the one running, and those
//! before it completed. A failure is recorded exactly (the failing statement is known).

use std::time::{Duration, Instant};

/// The longest stretch of completed statements the record may leave out.
pub const EVERY: Duration = Duration::from_secs(1);

pub struct Pace {
    last: Instant,
}

impl Pace {
    /// Starts counting when the revision's statements start.
    pub fn new() -> Pace {
        Pace {
            last: Instant::now(),
        }
    }

    /// Whether to write the progress record after the statement that just completed.
    pub fn due(&mut self) -> bool {
        let now = Instant::now();
        if now.duration_since(self.last) < EVERY {
            return false;
        }
        self.last = now;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_once_a_second_not_after_every_statement() {
        let mut pace = Pace::new();
        assert!(!pace.due(), "right after the start");
        pace.last -= EVERY;
        assert!(pace.due(), "a second later");
        assert!(!pace.due(), "and not again at once");
    }
}
