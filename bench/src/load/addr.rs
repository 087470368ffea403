//! Source addresses: connections are spread over 127.0.0.2–127.0.0.254 so
//! neither ~19,000 open sockets nor the TIME_WAIT left by thousands of
//! handshakes exhaust the ephemeral ports of one address.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};

use tokio::net::{TcpSocket, TcpStream};

use crate::error::{Error, Result};

const FIRST: u8 = 2;
const LAST: u8 = 254;

static NEXT: AtomicU32 = AtomicU32::new(0);

/// The next source address, round robin over the loopback range.
pub fn next_source() -> Ipv4Addr {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    source_at(n)
}

/// The `n`th source address of the rotation.
pub fn source_at(n: u32) -> Ipv4Addr {
    let span = u32::from(LAST - FIRST) + 1;
    // span ≤ 253, so the remainder fits a u8.
    let host = FIRST + (n % span) as u8;
    Ipv4Addr::new(127, 0, 0, host)
}

/// Opens a TCP connection to `dest` from the next source address, Nagle off
/// (every frame of the load is latency-sensitive).
pub async fn connect(dest: SocketAddr) -> Result<TcpStream> {
    let source = next_source();
    let socket = TcpSocket::new_v4().map_err(|e| Error::io("creating a socket", e))?;
    socket
        .bind(SocketAddr::from((source, 0)))
        .map_err(|e| Error::io(format!("binding {source}"), e))?;
    let stream = socket
        .connect(dest)
        .await
        .map_err(|e| Error::io(format!("connecting {source} → {dest}"), e))?;
    stream
        .set_nodelay(true)
        .map_err(|e| Error::io("setting TCP_NODELAY", e))?;
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_rotate_inside_loopback_and_skip_127_0_0_1() {
        assert_eq!(source_at(0), Ipv4Addr::new(127, 0, 0, 2));
        assert_eq!(source_at(252), Ipv4Addr::new(127, 0, 0, 254));
        assert_eq!(source_at(253), Ipv4Addr::new(127, 0, 0, 2));
    }
}
