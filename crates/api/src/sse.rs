//! A minimal server-sent-events parser: enough for `event:` and `data:` lines, split across chunks.

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
