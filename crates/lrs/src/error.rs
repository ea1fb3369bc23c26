//! What can go wrong reading a message off the wire.

use crate::fault::SoapFault;

/// Why an envelope could not be read as the message expected.
///
/// A fault is a well-formed answer, not a parse failure, so it is its own variant: the adapter
/// maps [`WireError::Fault`] to the register's own errors (WSEC0004 is "retry later"), and
/// everything else to "the LRS sent something we cannot read".
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The service answered with a SOAP fault carrying its `MIAPAPIException`.
    #[error("LRS fault: {0}")]
    Fault(Box<SoapFault>),
    /// The text is not well-formed XML (bad syntax, truncated, undeclared prefix, a DTD).
    #[error("malformed XML: {0}")]
    Malformed(String),
    /// Well-formed XML, but not the message expected: wrong root, missing element, bad number.
    #[error("unexpected shape in <{element}>: {problem}")]
    Shape { element: String, problem: String },
    /// Refused before parsing: larger than [`crate::MAX_DOCUMENT_BYTES`].
    #[error("document of {bytes} bytes is over the {limit}-byte limit")]
    TooLarge { bytes: usize, limit: usize },
    /// Refused while parsing: nested deeper than [`crate::MAX_DEPTH`].
    #[error("elements nested deeper than {limit}")]
    TooDeep { limit: usize },
}

/// How a shape error about the operation itself begins (see [`WireError::is_unknown_operation`]).
const UNKNOWN_OPERATION: &str = "unknown operation";

impl WireError {
    /// A well-formed envelope whose Body names an operation this crate does not know: the
    /// simulator answers it with WSEC0002 (unknown request) rather than WSEC0001.
    pub fn is_unknown_operation(&self) -> bool {
        matches!(self, Self::Shape { element, problem }
            if element == "Body" && problem.starts_with(UNKNOWN_OPERATION))
    }

    pub(crate) fn unknown_operation(name: &str, namespace: &str) -> Self {
        Self::shape(
            "Body",
            format!("{UNKNOWN_OPERATION} <{name}> in namespace {namespace}"),
        )
    }

    pub(crate) fn shape(element: &str, problem: impl Into<String>) -> Self {
        Self::Shape {
            element: element.to_owned(),
            problem: problem.into(),
        }
    }
}
