//! Reads the server was too busy to take are sent again, as it asked.

use crate::backends::Backends;
use crate::client::{ClientError, ClientResult};
use crate::error_codes::ErrorCode;
use crate::types::ErrorEnvelope;
use reqwest::{Method, RequestBuilder, StatusCode};
use std::time::Duration;

/// How many times a read is retried while the server says it is busy (503).
const BUSY_RETRIES: u32 = 30;

/// Sends `request`; a read the server was too busy to take (503 `busy`, which it answers before
/// doing anything) is sent again after the `Retry-After` it asked for, so a burst of queue loads
/// slows down instead of failing. Writes are never resent here: the operator sees the refusal.
/// Neither is a 503 `register_unavailable`: the LRS closed or down is not the server's spell
/// of business, and asking again only asks the LRS again (opening the adapter's breaker, so the
/// operator would read "down since" where the LRS said "closed").
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
        let Some(again) = retry.filter(|_| response.status() == StatusCode::SERVICE_UNAVAILABLE)
        else {
            return Ok(response);
        };
        let wait = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, 10);
        if let Busy::No(response) = busy(response).await.map_err(unreachable)? {
            return Ok(response);
        }
        tokio::time::sleep(Duration::from_secs(wait)).await;
        attempt += 1;
        next = again;
    }
}

enum Busy {
    Yes,
    /// Another 503, rebuilt from what was read of it.
    No(reqwest::Response),
}

/// Whether a 503 says the server is busy. One that is not our envelope (a proxy's page) is
/// taken as busy, as every 503 was before the register could be unavailable.
async fn busy(response: reqwest::Response) -> reqwest::Result<Busy> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let code = serde_json::from_slice::<ErrorEnvelope>(&body).map(|e| e.error.code);
    if code.is_err() || code.as_ref().is_ok_and(|c| *c == ErrorCode::Busy) {
        return Ok(Busy::Yes);
    }
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Ok(Busy::No(reqwest::Response::from(rebuilt)))
}

#[cfg(test)]
mod tests {
    use crate::client::ApiClient;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A backend that answers the first `busy` requests 503 with `code` and the rest 200; it
    /// counts them, stopping after the first 200.
    async fn busy_backend(
        busy: usize,
        code: &'static str,
    ) -> (String, tokio::task::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let served = tokio::spawn(async move {
            let mut answered = 0;
            while answered <= busy {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut request = vec![0; 4096];
                let _ = socket.read(&mut request).await.unwrap();
                let reply = if answered < busy {
                    let body = format!(r#"{{"error":{{"code":"{code}","message":"{code}"}}}}"#);
                    format!("HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
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
        let (base, served) = busy_backend(2, "busy").await;
        let client = ApiClient::new(base, "token").unwrap();
        let queues = client
            .queues()
            .await
            .expect("answered once the server had room");
        assert!(queues.queues.is_empty());
        assert_eq!(served.await.unwrap(), 3, "two busy answers, then the read");
    }

    #[tokio::test]
    async fn a_register_that_cannot_be_asked_is_not_asked_again() {
        let (base, served) = busy_backend(1, "register_unavailable").await;
        let client = ApiClient::new(base.clone(), "token").unwrap();
        let refused = client
            .queues()
            .await
            .expect_err("the 503 reaches the caller");
        let crate::ClientError::Api { status, body } = refused else {
            panic!("an API answer, not {refused:?}");
        };
        assert_eq!(
            (status, body.code),
            (503, crate::ErrorCode::RegisterUnavailable)
        );
        // The backend stops after its first 200: one more read shows it was asked once before.
        client.queues().await.expect("the next read is answered");
        assert_eq!(served.await.unwrap(), 2, "the 503, then the next read");
    }
}
