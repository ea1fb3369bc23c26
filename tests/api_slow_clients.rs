//! Slow, silent and departing clients, and stopping the server while they are connected: raw
//! TCP against the real server on loopback.

mod common;

use common::{Options, TestServer};
use futures_util::StreamExt;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use uln_api::StreamEvent;
use uln_server::http::HttpLimits;

/// Long enough for anything that should happen to happen on a loaded CI machine; reaching it
/// means the behaviour under test is missing, not slow.
const PATIENCE: Duration = Duration::from_secs(20);

async fn server_with(limits: HttpLimits) -> TestServer {
    TestServer::start_with(Options {
        learners: 20,
        registrations: 20,
        http: limits,
        ..Options::default()
    })
    .await
}

fn short(idle: u64, body: u64, grace: u64) -> HttpLimits {
    HttpLimits {
        idle_and_headers: Duration::from_secs(idle),
        body: Duration::from_secs(body),
        shutdown_grace: Duration::from_secs(grace),
    }
}

/// Everything the server sends until it closes the connection; panics if it never does.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection")
        .ok();
    String::from_utf8_lossy(&received).into_owned()
}

/// The head of a registrations POST declaring a body of `length` bytes.
fn registration_head(server: &TestServer, length: usize) -> String {
    format!(
        "POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
        server.operator
    )
}

fn json_body(response: &str) -> Value {
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON error body in {response:?}"))
}

#[tokio::test]
async fn a_client_that_sends_half_its_headers_is_dropped() {
    let server = server_with(short(1, 60, 10)).await;
    let mut slow = TcpStream::connect(server.address()).await.unwrap();
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // Meanwhile everyone else is served.
    let (status, _) = server.get("/health", &server.viewer).await;
    assert_eq!(status, 200);
    read_until_closed(&mut slow).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let server = server_with(short(1, 60, 10)).await;
    let mut idle = TcpStream::connect(server.address()).await.unwrap();
    idle.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answered = read_until_closed(&mut idle).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn a_body_that_never_completes_gets_a_json_408_and_the_connection_closes() {
    let server = server_with(short(30, 1, 10)).await;
    let mut slow = TcpStream::connect(server.address()).await.unwrap();
    let head = registration_head(&server, 100);
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(br#"{"registra"#).await.unwrap();
    let answer = read_until_closed(&mut slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(json_body(&answer)["error"]["code"], "request_timeout");
}

#[tokio::test]
async fn stopping_ends_event_streams_with_a_reconnect_event_and_the_server_exits() {
    let mut server = server_with(HttpLimits::default()).await;
    let events = server.as_viewer().events().await.expect("the stream opens");
    let mut events = std::pin::pin!(events);
    server.begin_shutdown();
    let mut last = None;
    while let Some(event) = timeout(PATIENCE, events.next())
        .await
        .expect("the stream ends")
    {
        last = Some(event);
    }
    assert_eq!(last, Some(StreamEvent::Reconnect));
    timeout(PATIENCE, &mut server.serving)
        .await
        .expect("the server exits with a console still connected")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_request_in_flight_when_stopping_begins_is_still_answered() {
    let mut server = server_with(HttpLimits::default()).await;
    let mut late = TcpStream::connect(server.address()).await.unwrap();
    let body = br#"{"registrations":[]}"#;
    let head = registration_head(&server, body.len());
    late.write_all(head.as_bytes()).await.unwrap();
    late.write_all(&body[..5]).await.unwrap();
    // The request has started: wait until the server holds it, then stop.
    wait_until_read(&server, &late).await;
    server.begin_shutdown();
    late.write_all(&body[5..]).await.unwrap();
    let answer = read_until_closed(&mut late).await;
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.1 422"),
        "answered, not cut: {answer}"
    );
    timeout(PATIENCE, &mut server.serving)
        .await
        .expect("the server exits")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn the_server_exits_within_its_grace_whatever_a_client_does() {
    let mut server = server_with(short(60, 600, 1)).await;
    let mut stuck = TcpStream::connect(server.address()).await.unwrap();
    let head = registration_head(&server, 100);
    stuck.write_all(head.as_bytes()).await.unwrap();
    stuck.write_all(b"{").await.unwrap();
    wait_until_read(&server, &stuck).await;
    server.begin_shutdown();
    timeout(PATIENCE, &mut server.serving)
        .await
        .expect("the server exits although the body never comes")
        .unwrap()
        .unwrap();
    read_until_closed(&mut stuck).await;
}

/// Waits until the server has read every byte `client` sent (the kernel's receive queue of the
/// server's end is empty), so the request is in the server's hands, not in a socket buffer.
async fn wait_until_read(server: &TestServer, client: &TcpStream) {
    let server_port: u16 = server
        .address()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let client_port = client.local_addr().unwrap().port();
    let ends = format!(":{server_port:04X} 0100007F:{client_port:04X}");
    timeout(PATIENCE, async {
        loop {
            let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
            let unread = table
                .lines()
                .find(|line| line.contains(&ends))
                .and_then(|line| line.split_whitespace().nth(4))
                .and_then(|queues| queues.split(':').nth(1))
                .map(|rx| u64::from_str_radix(rx, 16).unwrap_or(1));
            if unread == Some(0) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the server reads the request");
}
