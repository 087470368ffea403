//! A count of events a broker sink accepted but has not finished with, so
//! shutdown can wait for them.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

/// Events queued or in flight.
#[derive(Default)]
pub(crate) struct Pending {
    count: AtomicUsize,
    drained: Notify,
}

impl Pending {
    /// One more event accepted.
    pub(crate) fn add(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    /// `n` events finished (delivered or given up on).
    pub(crate) fn done(&self, n: usize) {
        if self.count.fetch_sub(n, Ordering::SeqCst) == n {
            self.drained.notify_waiters();
        }
    }

    /// Resolves once nothing is pending.
    pub(crate) async fn drained(&self) {
        loop {
            let drained = self.drained.notified();
            if self.count.load(Ordering::SeqCst) == 0 {
                return;
            }
            drained.await;
        }
    }
}
