//! A wide-area network on loopback: a TCP proxy that forwards every chunk, in order, a fixed time
//! after it arrived, in both directions. 50 ms each way makes a 100 ms round trip; bandwidth is
//! not limited.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Bytes through the proxy so far, towards the server and back.
#[derive(Debug, Default)]
pub struct Carried {
    pub up: AtomicU64,
    pub down: AtomicU64,
    pub connections: AtomicU64,
}

/// Listens on a loopback port and forwards each connection to `upstream`, `one_way` late.
/// Answers the proxy's address and what it carries. Call inside the proxy's runtime.
pub async fn start(
    upstream: SocketAddr,
    one_way: Duration,
) -> std::io::Result<(SocketAddr, Arc<Carried>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let carried = Arc::new(Carried::default());
    let counts = carried.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            counts.connections.fetch_add(1, Ordering::Relaxed);
            let counts = counts.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::join!(
                    pump(client_read, server_write, one_way, &counts.up),
                    pump(server_read, client_write, one_way, &counts.down),
                );
            });
        }
    });
    Ok((addr, carried))
}

/// Forwards what `from` sends to `to`, each chunk `delay` after it was read; closes `to` once
/// `from` has closed and everything before has been delivered.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, delay: Duration, bytes: &AtomicU64) {
    let (chunks, mut due) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let read = async move {
        let mut buffer = vec![0u8; 64 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buffer).await {
            bytes.fetch_add(n as u64, Ordering::Relaxed);
            if chunks
                .send((Instant::now() + delay, buffer[..n].to_vec()))
                .is_err()
            {
                break;
            }
        }
    };
    let write = async move {
        while let Some((at, chunk)) = due.recv().await {
            tokio::time::sleep_until(at).await;
            if to.write_all(&chunk).await.is_err() {
                break;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(read, write);
}
