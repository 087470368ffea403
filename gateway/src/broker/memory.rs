//! An in-process sink that records events (tests, and embedding the gateway).

use std::sync::{Mutex, PoisonError};

use futures_util::future::BoxFuture;
use snoke_ws_protocol::Event;

use super::{EncodedEvent, EventSink};

/// Keeps every delivered event in memory, in delivery order.
#[derive(Debug, Default)]
pub struct MemorySink {
    events: Mutex<Vec<Event>>,
}

impl MemorySink {
    /// An empty recorder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The events delivered so far.
    pub fn events(&self) -> Vec<Event> {
        self.events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl EventSink for MemorySink {
    fn name(&self) -> &'static str {
        "memory"
    }

    fn deliver<'a>(&'a self, event: &'a EncodedEvent) -> BoxFuture<'a, ()> {
        self.events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(event.event.clone());
        Box::pin(std::future::ready(()))
    }
}
