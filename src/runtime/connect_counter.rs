//! Counts the TCP connections a client opens, so `SnokeWs\Runtime::stats()`
//! can show that keep-alive works (two publishes, one connection).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A connector layer that adds one to `counter` per connection established.
pub fn layer<Conn>(
    counter: Arc<AtomicU64>,
) -> tower::util::MapResponseLayer<impl Fn(Conn) -> Conn + Clone + Send + Sync + 'static> {
    tower::util::MapResponseLayer::new(move |conn: Conn| {
        counter.fetch_add(1, Ordering::Relaxed);
        conn
    })
}
