//! The load side: sockets from spread source addresses, WebSocket and HTTP
//! clients, delivery receivers and the bare echo server used as a limit.

pub mod addr;
pub mod echo;
pub mod http;
pub mod publish;
pub mod receivers;
pub mod webhook;
pub mod window;
pub mod ws;
