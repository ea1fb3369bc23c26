//! The XML underneath: a bounded element tree read from quick-xml events, and a writer that
//! lets quick-xml escape every text.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::Writer;

use crate::error::WireError;

/// Largest document read. A 5000-row verify batch output is about 3 MB; anything far beyond
/// that is not an LRS message, and is refused before a single byte is parsed.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Deepest element nesting read. The deepest LRS message (Envelope, Body, FindLearnerResponse,
/// Learner, LinkedULNs, ULN) is six levels; the margin allows for envelope extensions.
pub const MAX_DEPTH: usize = 24;

/// One element: its namespace (None when unqualified), local name, text and children.
#[derive(Debug)]
pub(crate) struct Element {
    pub namespace: Option<String>,
    pub name: String,
    pub text: String,
    pub nil: bool,
    pub children: Vec<Element>,
}

impl Element {
    /// Children are matched by local name only: the services mix qualified and unqualified
    /// children (LinkedULNs sits in the learner namespace inside an unqualified Learner; the
    /// PLR service answers with prefixed and unprefixed children alike), so only the envelope
    /// and the operation element have their namespace checked.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn require(&self, name: &str) -> Result<&Element, WireError> {
        self.child(name)
            .ok_or_else(|| WireError::shape(&self.name, format!("missing element {name}")))
    }

    /// A required text; an element present but empty is an empty string.
    pub fn text_of(&self, name: &str) -> Result<String, WireError> {
        Ok(self.require(name)?.text.clone())
    }

    /// An optional text: absent, empty and `nil` are all "not given".
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.child(name)
            .filter(|c| !c.nil && !c.text.is_empty())
            .map(|c| c.text.clone())
    }

    pub fn parse_of<T: std::str::FromStr>(&self, name: &str) -> Result<T, WireError> {
        let text = self.text_of(name)?;
        text.trim()
            .parse()
            .map_err(|_| WireError::shape(&self.name, format!("{name} is not a number: {text:?}")))
    }

    pub fn is(&self, namespace: &str, name: &str) -> bool {
        self.namespace.as_deref() == Some(namespace) && self.name == name
    }
}

/// Parses a whole document into its root element, within [`MAX_DOCUMENT_BYTES`] and
/// [`MAX_DEPTH`]. DTDs are refused outright: no LRS message has one, and entity declarations
/// are the classic way to make a small document expand without bound.
pub(crate) fn parse_document(xml: &str) -> Result<Element, WireError> {
    if xml.len() > MAX_DOCUMENT_BYTES {
        return Err(WireError::TooLarge {
            bytes: xml.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let mut reader = NsReader::from_str(xml);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let malformed = |e: quick_xml::Error| WireError::Malformed(e.to_string());
        let (resolved, event) = reader.read_resolved_event().map_err(malformed)?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                return Err(WireError::Malformed(format!(
                    "second root element <{name}> after the document ended"
                )));
            }
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(WireError::TooDeep { limit: MAX_DEPTH });
                }
                open.push(element_from(&resolved, &start)?);
            }
            Event::Empty(start) => {
                let element = element_from(&resolved, &start)?;
                attach(element, &mut open, &mut root);
            }
            Event::End(_) => {
                // quick-xml has already checked that the end tag matches the open one.
                if let Some(element) = open.pop() {
                    attach(element, &mut open, &mut root);
                }
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(malformed)?;
                match open.last_mut() {
                    Some(element) => element.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => {
                        return Err(WireError::Malformed("text outside the root element".into()))
                    }
                }
            }
            Event::CData(data) => {
                if let Some(element) = open.last_mut() {
                    element
                        .text
                        .push_str(&String::from_utf8_lossy(&data.into_inner()));
                }
            }
            Event::DocType(_) => {
                return Err(WireError::Malformed("a DTD is not allowed".into()));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(WireError::Malformed(format!(
            "document ended inside <{}> (truncated?)",
            unclosed.name
        )));
    }
    root.ok_or_else(|| WireError::Malformed("no root element".into()))
}

fn element_from(
    resolved: &ResolveResult<'_>,
    start: &BytesStart<'_>,
) -> Result<Element, WireError> {
    let namespace = match resolved {
        ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound => None,
        ResolveResult::Unknown(prefix) => {
            return Err(WireError::Malformed(format!(
                "undeclared namespace prefix {}",
                String::from_utf8_lossy(prefix)
            )))
        }
    };
    let mut nil = false;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| WireError::Malformed(e.to_string()))?;
        if attribute.key.local_name().as_ref() == b"nil" && attribute.value.as_ref() == b"true" {
            nil = true;
        }
    }
    Ok(Element {
        namespace,
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        text: String::new(),
        nil,
        children: Vec::new(),
    })
}

fn attach(element: Element, open: &mut [Element], root: &mut Option<Element>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// Writes elements through quick-xml, which escapes every text it is given. Characters that
/// XML 1.0 cannot carry even escaped (most C0 controls) become U+FFFD, so whatever a caller
/// passes, the document stays well-formed.
pub(crate) struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl XmlOut {
    pub fn new() -> Self {
        Self {
            writer: Writer::new(Vec::with_capacity(1024)),
        }
    }

    fn emit(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> has no I/O that could fail.
        self.writer
            .write_event(event)
            .expect("writing XML into memory cannot fail");
    }

    pub fn start(&mut self, name: &str, namespaces: &[(&str, &str)]) {
        let start = BytesStart::new(name).with_attributes(namespaces.iter().copied());
        self.emit(Event::Start(start));
    }

    pub fn end(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name)));
    }

    pub fn empty(&mut self, name: &str) {
        self.emit(Event::Empty(BytesStart::new(name)));
    }

    pub fn text(&mut self, name: &str, value: &str) {
        self.start(name, &[]);
        let clean = xml_chars_only(value);
        self.emit(Event::Text(BytesText::new(&clean)));
        self.end(name);
    }

    /// Text inside an element the caller opened (for one that needs its own attributes).
    pub fn text_only(&mut self, value: &str) {
        let clean = xml_chars_only(value);
        self.emit(Event::Text(BytesText::new(&clean)));
    }

    pub fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.text(name, value);
        }
    }

    /// A nillable element: the text when given, else `i:nil="true"` (the PLR service is WCF,
    /// whose elements are `minOccurs="1" nillable="true"`: absent would break its schema).
    pub fn text_or_nil(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(value) => self.text(name, value),
            None => {
                let start = BytesStart::new(name).with_attributes([("i:nil", "true")]);
                self.emit(Event::Empty(start));
            }
        }
    }

    pub fn finish(self) -> String {
        String::from_utf8_lossy(&self.writer.into_inner()).into_owned()
    }
}

fn xml_chars_only(value: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if value.chars().all(allowed) {
        return value.into();
    }
    value
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .into()
}
