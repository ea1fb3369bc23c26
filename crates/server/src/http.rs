//! The HTTP/1.1 listener: timeouts for slow and idle clients, and a bounded graceful shutdown.
//!
//! `axum::serve` offers neither, so connections are served here with hyper directly. Only HTTP/1.1
//! is spoken: every client of the API (the console, reqwest, curl) uses it, and it keeps the
//! timeouts below the whole story.

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// How long the server waits for slow or silent clients, and for itself when stopping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// A connection must send a request's complete headers within this of opening, or of the
    /// previous response: it bounds both a client that sends half its headers and an idle
    /// keep-alive connection (hyper starts one clock for both when the connection goes idle).
    pub idle_and_headers: Duration,
    /// A request body must arrive in full within this of its headers.
    pub body: Duration,
    /// After SIGTERM, how long requests in flight may take before their connections are cut.
    pub shutdown_grace: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            // Longer than any pause a working client makes between requests on one connection
            // (the console's pool drops idle connections after 15 s), short enough that a
            // thousand half-open connections cannot be held for long.
            idle_and_headers: Duration::from_secs(30),
            body: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting, calls
/// `stopping` (which ends event streams), lets requests in flight finish for up to
/// `limits.shutdown_grace`, and cuts whatever is left.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()>,
    stopping: impl FnOnce(),
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.idle_and_headers);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            // A client that goes away or times out is routine, not an error worth logging.
            let _ = connection.await;
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    tracing::info!(
        connections = connections.len(),
        "stopping: no new connections; ending event streams"
    );
    stopping();
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            connections = connections.len(),
            "requests still running after the grace period; closing their connections"
        );
    }
    connections.abort_all();
}
