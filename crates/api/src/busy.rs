//! Reads the server was too busy to take are sent again, as it asked. Only a 503 that asks
//! (with `Retry-After`) is retried: the register being closed or down is a 503 without it,
//! since minutes or hours of retries would only hide it from the operator.

use crate::backends::Backends;
use crate::client::{ClientError, ClientResult};
use reqwest::{Method, RequestBuilder, StatusCode};
use std::time::Duration;

/// How many times a read is retried while the server says it is busy (503).
const BUSY_RETRIES: u32 = 30;

/// Sends `request`; a read the server was too busy to take (503, which it answers before doing
/// anything) is sent again after the `Retry-After` it asked for, so a burst of queue loads slows
/// down instead of failing. Writes are never resent here: the operator sees the refusal.
pub(crate) async fn send_waiting_while_busy(
    backends: &Backends,
    http: &reqwest::Client,
    request: RequestBuilder,
) -> ClientResult<reqwest::Response> {
    // `Backends::send` has already tried every server a connection could not be made to; any
    // other failure came after the request left, so it may have been acted on.
    let unreachable = |e: reqwest::Error| match e.is_connect() || e.is_builder() {
        true => ClientError::Unreachable(e.to_string()),
        false => ClientError::NoAnswer(e.to_string()),
    };
    let is_read = request
        .try_clone()
        .and_then(|r| r.build().ok())
        .is_some_and(|r| r.method() == Method::GET);
    let mut attempt = 0;
    let mut next = request;
    loop {
        let retry = if is_read && attempt < BUSY_RETRIES {
            next.try_clone()
        } else {
            None
        };
        let response = backends.send(http, next).await.map_err(unreachable)?;
        let asked = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let (Some(again), Some(wait)) = (
            retry.filter(|_| response.status() == StatusCode::SERVICE_UNAVAILABLE),
            asked,
        ) else {
            return Ok(response);
        };
        let wait = wait.clamp(1, 10);
        tokio::time::sleep(Duration::from_secs(wait)).await;
        attempt += 1;
        next = again;
    }
}

#[cfg(test)]
mod tests {
    use crate::client::ApiClient;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A backend that answers the first `busy` requests 503 (with `Retry-After` when `asks`)
    /// and the rest 200; it counts them.
    async fn busy_backend(busy: usize, asks: bool) -> (String, tokio::task::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let served = tokio::spawn(async move {
            let mut answered = 0;
            while answered <= busy {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut request = vec![0; 4096];
                let _ = socket.read(&mut request).await.unwrap();
                let reply = if answered < busy {
                    let body = r#"{"error":{"code":"busy","message":"busy"}}"#;
                    let retry = if asks { "retry-after: 1\r\n" } else { "" };
                    format!("HTTP/1.1 503 Service Unavailable\r\n{retry}content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
                } else {
                    let body = r#"{"queues":[]}"#;
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
                };
                socket.write_all(reply.as_bytes()).await.unwrap();
                answered += 1;
            }
            answered
        });
        (base, served)
    }

    #[tokio::test]
    async fn a_read_the_server_was_too_busy_for_is_sent_again_after_retry_after() {
        let (base, served) = busy_backend(2, true).await;
        let client = ApiClient::new(base, "token").unwrap();
        let queues = client
            .queues()
            .await
            .expect("answered once the server had room");
        assert!(queues.queues.is_empty());
        assert_eq!(served.await.unwrap(), 3, "two busy answers, then the read");
    }

    /// The register closed or down: a 503 that does not ask to be retried comes back at once.
    #[tokio::test]
    async fn a_503_without_retry_after_is_answered_not_retried() {
        let (base, served) = busy_backend(1, false).await;
        let client = ApiClient::new(base, "token").unwrap();
        let refused = client.queues().await.expect_err("the 503 comes back");
        assert!(
            matches!(refused, crate::ClientError::Api { status: 503, .. }),
            "{refused:?}"
        );
        served.abort();
    }
}
