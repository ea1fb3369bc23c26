//! The event stream: a minimal server-sent-events parser (enough for `event:` and `data:` lines,
//! split across chunks) and the client's reading of it.

use crate::client::{ApiClient, ClientError, ClientResult};
use crate::error_codes::ErrorCode;
use crate::events::StreamEvent;
use crate::types::ErrorBody;
use futures_util::{Stream, StreamExt};
use reqwest::StatusCode;

/// The live change stream, as the console reads it.
impl ApiClient {
    /// The live change stream. It ends when the connection drops; the caller reconnects. An event
    /// of a kind this build does not know is skipped; a `change` it cannot read becomes `Resync`,
    /// so a change is never silently lost.
    pub async fn events(&self) -> ClientResult<impl Stream<Item = StreamEvent>> {
        let request = self
            .http
            .get(format!("{}/events", self.backends.current()))
            .bearer_auth(&self.token);
        let response = self
            .backends
            .send(&self.http, request)
            .await
            .map_err(|e| ClientError::Unreachable(e.to_string()))?;
        if response.status() != StatusCode::OK {
            return Err(ClientError::Api {
                status: response.status().as_u16(),
                body: ErrorBody {
                    code: ErrorCode::EventsRefused,
                    message: "the event stream was refused".into(),
                    fields: None,
                    current: None,
                    claim: None,
                },
            });
        }
        let mut parser = SseParser::default();
        Ok(response
            .bytes_stream()
            .take_while(|chunk| std::future::ready(chunk.is_ok()))
            .flat_map(move |chunk| {
                let events: Vec<StreamEvent> = chunk
                    .map(|bytes| parser.feed(&bytes))
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|e| stream_event(&e.event, &e.data))
                    .collect();
                futures_util::stream::iter(events)
            }))
    }
}

/// One server-sent event as the console sees it.
fn stream_event(kind: &str, data: &str) -> Option<StreamEvent> {
    match kind {
        "change" => Some(
            serde_json::from_str(data)
                .map(StreamEvent::Change)
                .unwrap_or(StreamEvent::Resync),
        ),
        "claim" => Some(
            serde_json::from_str(data)
                .map(StreamEvent::Claim)
                .unwrap_or(StreamEvent::Resync),
        ),
        "note" => Some(
            serde_json::from_str(data)
                .map(StreamEvent::Note)
                .unwrap_or(StreamEvent::Resync),
        ),
        "queues" => Some(
            serde_json::from_str(data)
                .map(StreamEvent::Queues)
                .unwrap_or(StreamEvent::Resync),
        ),
        "resync" => Some(StreamEvent::Resync),
        "reconnect" => Some(StreamEvent::Reconnect),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub event: String,
    pub data: String,
}

#[derive(Debug, Default)]
pub struct SseParser {
    buffer: String,
}

impl SseParser {
    /// Adds bytes as they arrive and returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.buffer
            .push_str(&String::from_utf8_lossy(bytes).replace("\r\n", "\n"));
        let mut events = Vec::new();
        while let Some(end) = self.buffer.find("\n\n") {
            let block: String = self.buffer.drain(..end + 2).collect();
            let mut event = SseEvent {
                event: "message".into(),
                data: String::new(),
            };
            let mut has_data = false;
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event.event = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("data:") {
                    if has_data {
                        event.data.push('\n');
                    }
                    event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                    has_data = true;
                }
            }
            if has_data {
                events.push(event);
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_are_reassembled() {
        let mut p = SseParser::default();
        assert!(p.feed(b"event: change\ndata: {\"a\"").is_empty());
        let got = p.feed(b":1}\n\n:keep-alive\n\nevent: resync\ndata: x\n\n");
        assert_eq!(
            got,
            vec![
                SseEvent {
                    event: "change".into(),
                    data: "{\"a\":1}".into()
                },
                SseEvent {
                    event: "resync".into(),
                    data: "x".into()
                }
            ]
        );
    }

    #[test]
    fn comments_alone_make_no_event() {
        let mut p = SseParser::default();
        assert!(p.feed(b": ping\n\n").is_empty());
    }
}

#[cfg(test)]
mod stream_event_tests {
    use super::*;
    use crate::events::ChangeEvent;

    #[test]
    fn a_resync_event_and_an_unreadable_change_both_ask_for_a_reload() {
        assert_eq!(
            stream_event("resync", "missed changes"),
            Some(StreamEvent::Resync)
        );
        assert_eq!(
            stream_event("change", "{not json"),
            Some(StreamEvent::Resync)
        );
        assert_eq!(stream_event("heartbeat", ""), None);
        let change = r#"{"record_id":7,"status":"resolved","version":3,"operator":"sam","action":"amended"}"#;
        assert!(matches!(
            stream_event("change", change),
            Some(StreamEvent::Change(ChangeEvent { record_id: 7, .. }))
        ));
    }
}
