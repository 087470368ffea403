//! The load side: sockets from spread source addresses, WebSocket and HTTP
//! clients, delivery receivers, the webhook receiver and the bare limit server.

pub mod addr;
pub mod http;
pub mod limit_server;
pub mod publish;
pub mod receivers;
pub mod webhook;
pub mod window;
pub mod ws;
