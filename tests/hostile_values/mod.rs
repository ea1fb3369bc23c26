//! The values no client should send, for `api_hostile_input`: texts for paths and queries (in URL
//! form), JSON values for each field of a body, and whole bodies that are not what any route takes.

use serde_json::{json, Value};

/// Query and path values, already in URL form: a few are percent-encoded on purpose (invalid
/// UTF-8), the rest are encoded by `encode`. The longest is 60,000 characters: a client cannot
/// build a URL over 64 KiB (the `http` crate's limit), and bodies carry the 100,000-character ones.
pub fn hostile_texts() -> Vec<String> {
    let mut raw: Vec<String> = [
        "x".repeat(60_000),
        "\u{0}".into(),
        "a\u{0}b\u{7}\u{1b}[31m\r\n".into(),
        "\u{202e}cba\u{202c}\u{200b}".into(),
        "%".into(),
        "_".into(),
        "%_%".into(),
        "'; DROP TABLE registrations; --".into(),
        "\"".into(),
        "\\".into(),
        "\\%".into(),
        "-1".into(),
        "0".into(),
        "9223372036854775807".into(),
        "9223372036854775808".into(),
        "-9223372036854775809".into(),
        "1e309".into(),
        "99999999999999999999999999999999999999".into(),
        "unknown".into(),
        "😀𝔘ﬀ".into(),
        "é".repeat(300),
    ]
    .iter()
    .map(|v| encode(v))
    .collect();
    raw.extend(["%FF%FE".to_owned(), "%C0%80".to_owned(), "%".to_owned()]);
    raw
}

/// Every byte but the unreserved ones percent-encoded, so the value arrives exactly as written.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// JSON values of every type and of absurd size, for each field of a body.
pub fn hostile_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(-1.5e300),
        json!("x".repeat(100_000)),
        json!("\u{0}\u{202e}%_'\"\\"),
        json!("unknown"),
        json!([]),
        json!([1, "two", null]),
        json!({ "nested": { "deeper": [] } }),
    ]
}

/// Whole bodies that are not what any route takes, as raw text.
pub fn hostile_bodies() -> Vec<String> {
    vec![
        String::new(),
        "{".into(),
        "{\"note\": ".into(),
        "{\"a\": 1,}".into(),
        "[]".into(),
        "[{}]".into(),
        "\"a string\"".into(),
        "42".into(),
        "null".into(),
        "1e999".into(),
        "\u{feff}{}".into(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        format!("{{\"registrations\": [{}]}}", vec!["{}"; 6000].join(",")),
    ]
}
