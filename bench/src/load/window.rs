//! Closed-loop load: a producer may run at most a window of messages ahead
//! of what has arrived, so latency shows the system's speed rather than a
//! backlog the bench built up itself.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::receivers::STALL;
use crate::error::{Error, Result};

/// Waits until sending `next` more after `sent` keeps at most `window`
/// messages beyond `arrived`; fails when nothing arrives for [`STALL`].
pub async fn wait_for_room(sent: u64, next: u64, arrived: &AtomicU64, window: u64) -> Result<()> {
    let mut waited = Duration::ZERO;
    let mut last = arrived.load(Ordering::Acquire);
    loop {
        let now = arrived.load(Ordering::Acquire);
        if room(sent, next, now, window) {
            return Ok(());
        }
        if now != last {
            last = now;
            waited = Duration::ZERO;
        }
        if waited >= STALL {
            return Err(Error::Timeout(format!(
                "nothing arrived for {STALL:?} with {} in flight",
                sent - now
            )));
        }
        let pause = Duration::from_micros(500);
        tokio::time::sleep(pause).await;
        waited += pause;
    }
}

/// Whether `next` more messages after `sent` stay within `window` of `arrived`.
pub fn room(sent: u64, next: u64, arrived: u64, window: u64) -> bool {
    (sent + next).saturating_sub(arrived) <= window
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_counts_what_is_in_flight() {
        assert!(room(0, 500, 0, 2000));
        assert!(room(1500, 500, 0, 2000));
        assert!(!room(1600, 500, 0, 2000));
        assert!(room(1600, 500, 100, 2000));
    }
}
