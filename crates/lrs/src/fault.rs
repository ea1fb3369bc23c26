//! The SOAP 1.1 fault and its `MIAPAPIException` detail.

use crate::codes::ResponseCode;
use crate::envelope::{ns, SOAP_PREFIX};
use crate::xml::{Element, XmlOut};

/// The `MIAPAPIException` detail (namespace `http://api.lrs.miap.gov.uk/exceptions`), the
/// LRS's account of why it refused: `ErrorCode` is a WSEC code such as WSEC0004 (out of hours)
/// or WSEC0001 (the request broke the schema, `FurtherDetails` says where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MiapApiException {
    pub error_code: ResponseCode,
    pub error_actor: Option<String>,
    pub description: Option<String>,
    pub further_details: Option<String>,
    pub error_timestamp: Option<String>,
}

/// A SOAP 1.1 fault. `exception` is None when a fault arrives without the LRS detail (a proxy
/// or the transport refusing), so that such an answer is still reported as a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// A QName such as `soap:Client` or `soap:Server`, kept as sent.
    pub fault_code: String,
    pub fault_string: String,
    pub exception: Option<MiapApiException>,
}

impl SoapFault {
    /// The fault the simulator sends for an LRS refusal: a client fault for a request that broke
    /// the schema (WSEC0001), a server fault otherwise.
    pub fn miap(exception: MiapApiException) -> Self {
        let side = if exception.error_code == ResponseCode::InvalidRequest {
            "Client"
        } else {
            "Server"
        };
        Self {
            fault_code: format!("{SOAP_PREFIX}:{side}"),
            fault_string: exception
                .description
                .clone()
                .unwrap_or_else(|| exception.error_code.to_string()),
            exception: Some(exception),
        }
    }

    /// The LRS code when there is one.
    pub fn error_code(&self) -> Option<&ResponseCode> {
        self.exception.as_ref().map(|e| &e.error_code)
    }
}

impl std::fmt::Display for SoapFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.exception {
            Some(e) => write!(f, "{} ({})", e.error_code, self.fault_string),
            None => write!(f, "{} ({})", self.fault_code, self.fault_string),
        }
    }
}

pub(crate) fn write_fault(out: &mut XmlOut, fault: &SoapFault) {
    let fault_tag = format!("{SOAP_PREFIX}:Fault");
    out.start(&fault_tag, &[]);
    out.text("faultcode", &fault.fault_code);
    out.text("faultstring", &fault.fault_string);
    if let Some(e) = &fault.exception {
        out.start("detail", &[]);
        out.start("ex:MIAPAPIException", &[("xmlns:ex", ns::EXCEPTIONS)]);
        out.text("ErrorCode", e.error_code.as_str());
        out.opt("ErrorActor", e.error_actor.as_deref());
        out.opt("Description", e.description.as_deref());
        out.opt("FurtherDetails", e.further_details.as_deref());
        out.opt("ErrorTimestamp", e.error_timestamp.as_deref());
        out.end("ex:MIAPAPIException");
        out.end("detail");
    }
    out.end(&fault_tag);
}

pub(crate) fn read_fault(fault: &Element) -> SoapFault {
    let exception = fault
        .child("detail")
        .and_then(|detail| detail.child("MIAPAPIException"))
        .map(|e| MiapApiException {
            error_code: ResponseCode::parse(&e.opt_text("ErrorCode").unwrap_or_default()),
            error_actor: e.opt_text("ErrorActor"),
            description: e.opt_text("Description"),
            further_details: e.opt_text("FurtherDetails"),
            error_timestamp: e.opt_text("ErrorTimestamp"),
        });
    SoapFault {
        fault_code: fault.opt_text("faultcode").unwrap_or_default(),
        fault_string: fault.opt_text("faultstring").unwrap_or_default(),
        exception,
    }
}
