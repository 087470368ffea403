//! A loopback TCP forwarder a test can open and cut, to take a real broker
//! away from the gateway (and give it back) without stopping the broker.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards `port` to `target` while open.
pub struct TcpProxy {
    pub port: u16,
    target: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl TcpProxy {
    /// A closed proxy on a free port (connections to it are refused).
    pub fn closed(target: SocketAddr) -> Self {
        let port = super::real_redis::free_port();
        Self {
            port,
            target,
            task: None,
        }
    }

    /// Starts forwarding.
    pub async fn open(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let target = self.target;
        self.task = Some(tokio::spawn(async move {
            let mut links = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                links.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    /// Stops listening and cuts every forwarded connection.
    pub async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}
