//! The SOAP 1.1 envelope around every message, and the namespaces of both services.

use crate::error::WireError;
use crate::fault::{read_fault, SoapFault};
use crate::xml::{parse_document, Element, XmlOut};

/// Namespaces, from the published WSDL and schemas.
pub mod ns {
    pub const SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    /// Learner service: find by ULN / demographics (`findlearner.xsd`).
    pub const FIND: &str = "http://api.lrs.miap.gov.uk/findmsg";
    /// Learner service: single verify (`learnerreport.xsd`).
    pub const REPORT: &str = "http://api.lrs.miap.gov.uk/reportmsg";
    /// Learner service: batch verify (`verifybatchlearner.xsd`).
    pub const VERIFY_BATCH: &str = "http://api.lrs.miap.gov.uk/vldmsg";
    /// Learner service: shared types, where `LinkedULNs` lives.
    pub const LEARNER: &str = "http://api.lrs.miap.gov.uk/learner";
    pub const EXCEPTIONS: &str = "http://api.lrs.miap.gov.uk/exceptions";
    /// PLR service operations (`tempuri.org.xsd`, a WCF default).
    pub const TEMPURI: &str = "http://tempuri.org/";
    /// PLR service results (`api.lrs.qcf.gov.uk.model.xsd`).
    pub const MODEL: &str = "http://api.lrs.qcf.gov.uk/model";
    /// PLR `InvokingOrganisationR10` (GetLearnerLearningEvents).
    pub const SERVICE_INTERFACE: &str =
        "http://schemas.datacontract.org/2004/07/Amor.Qcf.Service.Interface";
    /// PLR `InvokingOrganisation` (data challenges).
    pub const COMMON: &str = "http://schemas.datacontract.org/2004/07/Amor.Qcf.Common";
}

pub(crate) const SOAP_PREFIX: &str = "soap";

/// Which part of the envelope a message is written with. Requests carry an empty Header, as
/// the WCF and Axis clients of the LRS send; responses, like the recorded ones, have none.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    Request,
    Response,
}

pub(crate) fn write_envelope(side: Side, body: impl FnOnce(&mut XmlOut)) -> String {
    let mut out = XmlOut::new();
    out.start("soap:Envelope", &[("xmlns:soap", ns::SOAP)]);
    if let Side::Request = side {
        out.empty("soap:Header");
    }
    out.start("soap:Body", &[]);
    body(&mut out);
    out.end("soap:Body");
    out.end("soap:Envelope");
    out.finish()
}

pub(crate) fn write_fault_envelope(fault: &SoapFault) -> String {
    write_envelope(Side::Response, |out| crate::fault::write_fault(out, fault))
}

/// Reads an envelope down to the one element in its Body. A Fault there is returned as
/// [`WireError::Fault`]; anything but `soap:Envelope` at the root, or a Body without exactly
/// one element, is a shape error.
pub(crate) fn open_body(xml: &str) -> Result<Element, WireError> {
    let root = parse_document(xml)?;
    if !root.is(ns::SOAP, "Envelope") {
        return Err(WireError::shape(
            &root.name,
            format!(
                "expected a SOAP 1.1 Envelope, found <{}> in namespace {}",
                root.name,
                root.namespace.as_deref().unwrap_or("(none)")
            ),
        ));
    }
    let body = root
        .children
        .into_iter()
        .find(|c| c.is(ns::SOAP, "Body"))
        .ok_or_else(|| WireError::shape("Envelope", "missing soap Body"))?;
    let mut parts = body.children.into_iter();
    let message = parts
        .next()
        .ok_or_else(|| WireError::shape("Body", "empty Body"))?;
    if parts.next().is_some() {
        return Err(WireError::shape("Body", "more than one element in Body"));
    }
    if message.is(ns::SOAP, "Fault") {
        return Err(WireError::Fault(Box::new(read_fault(&message))));
    }
    Ok(message)
}
