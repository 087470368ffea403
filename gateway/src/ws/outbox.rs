//! The bounded queue of frames waiting to be written to one client.
//!
//! Publishers never wait on a client: [`Outbox::push`] decides at once, by
//! `BACKPRESSURE_*`, whether a frame is queued, something is dropped, or the
//! client is closed with 1013. Frames are shared [`Utf8Bytes`], so a broadcast
//! queues the same bytes everywhere.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::extract::ws::Utf8Bytes;
use snoke_ws_protocol::frame::close_code;
use tokio::sync::Notify;

use crate::config::{BackpressureSettings, BackpressureStrategy, DropPolicy};

/// Frames queued over all connections, against `BACKPRESSURE_GLOBAL_BUFFER`.
///
/// Checked without a global lock, so concurrent publishers may overshoot the
/// cap by a few frames; it bounds memory, it is not an exact quota.
#[derive(Debug, Default)]
pub struct GlobalBudget {
    used: AtomicUsize,
    cap: usize,
}

impl GlobalBudget {
    /// A budget of `cap` frames (0 = unlimited).
    pub fn new(cap: usize) -> Self {
        Self {
            used: AtomicUsize::new(0),
            cap,
        }
    }

    fn full(&self) -> bool {
        self.cap > 0 && self.used.load(Ordering::Relaxed) >= self.cap
    }

    fn take(&self, n: usize) {
        self.used.fetch_add(n, Ordering::Relaxed);
    }

    fn give_back(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::Relaxed);
    }
}

/// What the writer should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outbound {
    /// Write this text frame.
    Frame(Utf8Bytes),
    /// Send a close frame with this code and reason, then stop.
    Close(u16, &'static str),
}

/// What happened to a pushed frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Queued.
    Queued,
    /// Queued after discarding the oldest queued frame.
    DroppedOldest,
    /// Discarded; the queue was full.
    DroppedNewest,
    /// The queue was full and the client is being closed with 1013.
    Closing,
    /// The client is already closing; nothing was queued.
    Closed,
}

impl Offer {
    /// Whether the frame will reach the client (barring a broken socket).
    pub fn delivered(self) -> bool {
        matches!(self, Self::Queued | Self::DroppedOldest)
    }
}

#[derive(Default)]
struct State {
    frames: VecDeque<Utf8Bytes>,
    close: Option<(u16, &'static str)>,
    /// A close was handed to the writer, or the session ended: accept nothing more.
    sealed: bool,
    /// The reader is done; the writer drains what is queued and stops.
    finished: bool,
    /// A close was requested (by backpressure, the session or shutdown).
    close_requested: bool,
}

/// One client's send queue.
pub struct Outbox {
    state: Mutex<State>,
    wake: Notify,
    closing: Notify,
    settings: BackpressureSettings,
    global: Arc<GlobalBudget>,
}

impl Outbox {
    /// An empty queue governed by `settings`, counting against `global`.
    pub fn new(settings: BackpressureSettings, global: Arc<GlobalBudget>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            wake: Notify::new(),
            closing: Notify::new(),
            settings,
            global,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the queue inconsistent
        // (every update is a single push/pop), so keep going.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `frame` or applies the backpressure strategy.
    pub fn push(&self, frame: Utf8Bytes) -> Offer {
        let mut st = self.lock();
        if st.sealed || st.close.is_some() {
            return Offer::Closed;
        }
        let own_full = st.frames.len() >= self.settings.per_conn_buffer;
        let full = match self.settings.strategy {
            // `buffer` lets one client borrow from the global budget; without a
            // global cap its own buffer is the limit.
            BackpressureStrategy::Buffer if self.global.cap > 0 => self.global.full(),
            _ => own_full || self.global.full(),
        };
        let offer = if !full {
            st.frames.push_back(frame);
            self.global.take(1);
            Offer::Queued
        } else {
            match (self.settings.strategy, self.settings.drop_policy) {
                (BackpressureStrategy::Close, _) => {
                    self.seal_with(&mut st, close_code::TRY_AGAIN_LATER, "send queue full");
                    Offer::Closing
                }
                (BackpressureStrategy::Drop | BackpressureStrategy::Buffer, DropPolicy::Oldest)
                    if !st.frames.is_empty() =>
                {
                    st.frames.pop_front();
                    st.frames.push_back(frame);
                    Offer::DroppedOldest
                }
                _ => Offer::DroppedNewest,
            }
        };
        drop(st);
        if offer != Offer::DroppedNewest {
            self.wake.notify_one();
        }
        offer
    }

    /// Asks the writer to close the client with `code`, discarding queued frames.
    /// Ignored when a close is already under way.
    pub fn close(&self, code: u16, reason: &'static str) {
        let mut st = self.lock();
        if st.sealed || st.close.is_some() {
            return;
        }
        self.seal_with(&mut st, code, reason);
        drop(st);
        self.wake.notify_one();
    }

    fn seal_with(&self, st: &mut State, code: u16, reason: &'static str) {
        self.global.give_back(st.frames.len());
        st.frames.clear();
        st.close = Some((code, reason));
        st.close_requested = true;
        self.closing.notify_waiters();
    }

    /// Resolves once a close has been requested.
    pub async fn closing(&self) {
        loop {
            let notified = self.closing.notified();
            if self.lock().close_requested {
                return;
            }
            notified.await;
        }
    }

    /// The reader has stopped: the writer sends what is queued, then ends.
    pub fn finish(&self) {
        self.lock().finished = true;
        self.wake.notify_one();
    }

    /// Whether nothing is waiting to be written.
    pub fn is_idle(&self) -> bool {
        let st = self.lock();
        st.frames.is_empty() && st.close.is_none()
    }

    /// The next thing to write; `None` once the session is over.
    pub async fn next(&self) -> Option<Outbound> {
        loop {
            {
                let mut st = self.lock();
                if let Some((code, reason)) = st.close.take() {
                    st.sealed = true;
                    return Some(Outbound::Close(code, reason));
                }
                if st.sealed {
                    return None;
                }
                if let Some(frame) = st.frames.pop_front() {
                    self.global.give_back(1);
                    return Some(Outbound::Frame(frame));
                }
                if st.finished {
                    st.sealed = true;
                    return None;
                }
            }
            self.wake.notified().await;
        }
    }
}

impl Drop for Outbox {
    fn drop(&mut self) {
        let st = self.lock();
        self.global.give_back(st.frames.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox(strategy: BackpressureStrategy, policy: DropPolicy, cap: usize) -> Outbox {
        let settings = BackpressureSettings {
            strategy,
            per_conn_buffer: cap,
            global_buffer: 0,
            max_inflight: 0,
            drop_policy: policy,
        };
        Outbox::new(settings, Arc::new(GlobalBudget::new(0)))
    }

    fn frame(s: &'static str) -> Utf8Bytes {
        Utf8Bytes::from_static(s)
    }

    #[tokio::test]
    async fn close_strategy_closes_with_1013_on_overflow() {
        let ob = outbox(BackpressureStrategy::Close, DropPolicy::Oldest, 2);
        assert_eq!(ob.push(frame("a")), Offer::Queued);
        assert_eq!(ob.push(frame("b")), Offer::Queued);
        assert_eq!(ob.push(frame("c")), Offer::Closing);
        assert_eq!(ob.push(frame("d")), Offer::Closed);
        assert_eq!(
            ob.next().await,
            Some(Outbound::Close(1013, "send queue full"))
        );
        assert_eq!(ob.next().await, None);
    }

    #[tokio::test]
    async fn drop_oldest_keeps_the_newest_frames() {
        let ob = outbox(BackpressureStrategy::Drop, DropPolicy::Oldest, 2);
        for f in ["a", "b", "c"] {
            assert!(ob.push(frame(f)).delivered());
        }
        assert_eq!(ob.next().await, Some(Outbound::Frame(frame("b"))));
        assert_eq!(ob.next().await, Some(Outbound::Frame(frame("c"))));
    }

    #[tokio::test]
    async fn drop_newest_keeps_the_oldest_frames() {
        let ob = outbox(BackpressureStrategy::Drop, DropPolicy::Newest, 1);
        assert_eq!(ob.push(frame("a")), Offer::Queued);
        assert_eq!(ob.push(frame("b")), Offer::DroppedNewest);
        ob.finish();
        assert_eq!(ob.next().await, Some(Outbound::Frame(frame("a"))));
        assert_eq!(ob.next().await, None);
    }

    #[test]
    fn global_budget_is_released_when_frames_leave() {
        let global = Arc::new(GlobalBudget::new(2));
        let settings = BackpressureSettings {
            strategy: BackpressureStrategy::Drop,
            per_conn_buffer: 10,
            global_buffer: 2,
            max_inflight: 0,
            drop_policy: DropPolicy::Newest,
        };
        let a = Outbox::new(settings, global.clone());
        let b = Outbox::new(settings, global.clone());
        assert_eq!(a.push(frame("1")), Offer::Queued);
        assert_eq!(a.push(frame("2")), Offer::Queued);
        assert_eq!(b.push(frame("3")), Offer::DroppedNewest);
        drop(a);
        assert_eq!(b.push(frame("3")), Offer::Queued);
    }
}
