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

impl WireError {
    pub(crate) fn shape(element: &str, problem: impl Into<String>) -> Self {
        Self::Shape {
            element: element.to_owned(),
            problem: problem.into(),
        }
    }
}
