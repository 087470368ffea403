//! The WebSocket side: upgrade, session loop, frame meaning, rate limit and
//! per-client send queue.

pub mod frame;
pub mod outbox;
pub mod rate_limit;
pub mod session;
#[cfg(test)]
mod session_tests;
mod upgrade;

pub use session::{LiveSessions, SessionContext};
pub use upgrade::upgrade;
