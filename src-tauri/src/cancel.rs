//! The cancel flag of one kind of long work (an upgrade, an autogenerate): set by its Cancel
//! button, checked by the engine between steps, and empty when nothing runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct CancelSlot(Mutex<Option<Arc<AtomicBool>>>);

impl CancelSlot {
    /// A fresh flag for work that starts now; `None` when `exclusive` and another is running.
    pub fn start(&self, exclusive: bool) -> Option<Arc<AtomicBool>> {
        let mut slot = self.0.lock().ok()?;
        if exclusive && slot.is_some() {
            return None;
        }
        let flag = Arc::new(AtomicBool::new(false));
        *slot = Some(flag.clone());
        Some(flag)
    }

    /// The work ended (done, failed or cancelled).
    pub fn finish(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }

    /// Asks the running work to stop; false when nothing runs.
    pub fn cancel(&self) -> bool {
        match self.0.lock() {
            Ok(slot) => slot
                .as_ref()
                .map(|flag| flag.store(true, Ordering::SeqCst))
                .is_some(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_exclusive_run_at_a_time_and_cancel_reaches_it() {
        let slot = CancelSlot::default();
        assert!(!slot.cancel(), "nothing runs");
        let flag = slot.start(true).expect("first run");
        assert!(slot.start(true).is_none(), "a second exclusive run waits");
        assert!(slot.cancel());
        assert!(flag.load(Ordering::SeqCst));
        slot.finish();
        assert!(slot.start(true).is_some(), "free again");
        assert!(
            slot.start(false).is_some(),
            "non-exclusive work replaces the flag"
        );
    }
}
