//! Requests refused before a handler runs, each with a JSON error; JSON bodies read the same way
//! on every route; record ids in logs only once they name a record.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tracing_subscriber::fmt::format::FmtSpan;

async fn small_server() -> TestServer {
    TestServer::start_with(common::Options {
        learners: 40,
        registrations: 60,
        ..common::Options::default()
    })
    .await
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("a JSON error body, got {body}"))
}

#[tokio::test]
async fn a_body_declared_too_large_is_refused_before_it_is_sent() {
    let server = small_server().await;
    let mut client = TcpStream::connect(server.address()).await.unwrap();
    // No token and no body: the declared length alone decides.
    client
        .write_all(
            b"POST /api/v1/registrations HTTP/1.1\r\nHost: x\r\n\
              Content-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), client.read_to_end(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(error_code(&body), "payload_too_large");
}

#[tokio::test]
async fn an_over_long_uri_and_oversized_headers_get_json_errors() {
    let server = small_server().await;
    let long_query = format!("/exceptions?q={}", "a".repeat(9 * 1024));
    let (status, body) = server.get(&long_query, &server.viewer).await;
    assert_eq!((status.as_u16(), error_code(&body)), (414, "uri_too_long"));

    let request = server
        .request(Method::GET, "/health", &server.viewer)
        .header("X-Filler", "b".repeat(20 * 1024));
    let (status, body) = common::send(request).await;
    assert_eq!(
        (status.as_u16(), error_code(&body)),
        (431, "headers_too_large")
    );
}

#[tokio::test]
async fn a_key_given_twice_is_refused_the_same_way_on_every_route() {
    let server = small_server().await;
    let record = server.open_record_of_kind("spelling").await;
    let id = record.id;
    let bodies = [
        (
            format!("/exceptions/{id}/amend"),
            r#"{"postcode":"LS1 4AP","postcode":"M1 1AA"}"#,
        ),
        (
            format!("/exceptions/{id}/reject"),
            r#"{"reason":"other","note":"a","note":"b"}"#,
        ),
        (
            "/registrations".to_owned(),
            r#"{"registrations":[{"uln":"1","uln":"2"}]}"#,
        ),
    ];
    for (path, body) in bodies {
        let request = server
            .request(Method::POST, &path, &server.supervisor)
            .header("If-Match", format!("\"{}\"", record.version))
            .header("Content-Type", "application/json")
            .body(body);
        let (status, answer) = common::send(request).await;
        assert_eq!(
            (status.as_u16(), error_code(&answer)),
            (422, "invalid"),
            "{path}"
        );
        assert_eq!(
            answer["error"]["fields"].as_object().map(|f| f.len()),
            Some(1),
            "{path}: the repeated key is named: {answer}"
        );
    }
    let unchanged = server.registration_now(id).await;
    assert_eq!(unchanged.version, record.version, "nothing was applied");
}

/// A `tracing` writer that keeps everything written, for reading back.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// Current-thread runtime (the default): the server's tasks run on this thread, under this
// thread's log subscriber.
#[tokio::test]
async fn a_number_reaches_the_log_as_a_record_id_only_when_it_names_a_record() {
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        // Span lifecycle lines print each span's fields, as a log at this level would show them.
        .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = small_server().await;
    let record = server.open_record_of_kind("spelling").await;

    // A ULN typed where a record id belongs.
    let uln_like = "9434567891";
    let (status, _) = server
        .get(&format!("/exceptions/{uln_like}"), &server.viewer)
        .await;
    assert_eq!(status, 404);
    let (status, _) = server
        .get(&format!("/exceptions/{}", record.id), &server.viewer)
        .await;
    assert_eq!(status, 200);

    let text = log.text();
    assert!(
        text.contains(&format!("record_id={}", record.id)),
        "a real record's id is logged: the capture works"
    );
    assert!(
        !text.contains(uln_like),
        "the ULN-like number is not logged"
    );
}
