//! The JSON shapes that cross a process boundary in snoke-ws.
//!
//! The gateway writes them and the PHP extension reads them (or the other way
//! round), so both crates take them from here; the field names are the SPEC's
//! and must not change.
//!
//! - [`event`]: what the gateway tells Symfony (`connected`, `disconnected`,
//!   `message_received`), by webhook or broker.
//! - [`publish`]: what Symfony asks the gateway to push to clients, over HTTP
//!   (`POST /internal/publish`) or a broker outbox.
//! - [`presence`]: who is connected, as the gateway's `/internal/*connections`
//!   endpoints list it.
//! - [`frame`]: the small frames exchanged with WebSocket clients.

pub mod event;
pub mod frame;
pub mod presence;
pub mod publish;

pub use event::{Event, EventKind};
pub use presence::{ConnectionInfo, ConnectionList};
pub use publish::{PublishRequest, PublishResponse};
