//! Every request and response as one enum each, and the four directions across the wire.

use crate::challenge::{
    CreateDataChallenge, DataChallengeCreated, DataChallengeList, ListDataChallenge,
};
use crate::envelope::{ns, open_body, write_envelope, write_fault_envelope, Side};
use crate::error::WireError;
use crate::fault::SoapFault;
use crate::find::{FindLearnerByDemographics, FindLearnerByUln, FindLearnerResp};
use crate::plr::{GetLearnerLearningEvents, LearnerLearningEvents, XSI};
use crate::retrieve::{RetrieveUlns, RetrievedUlns};
use crate::verify::{
    GetVerifyBatchOutput, SubmitVerifyBatch, VerifiedLearner, VerifyBatchOutput,
    VerifyBatchSubmitted, VerifyLearner,
};
use crate::xml::{Element, XmlOut};

/// Which of the two LRS services a message belongs to; the adapter posts to its endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The learner service (find, verify): `LearnerService.svc`.
    Learner,
    /// The PLR service (learning events, data challenges): `LearnerServiceR9.svc`.
    Plr,
}

impl Service {
    /// The endpoint path under the LRS base URL.
    pub fn path(self) -> &'static str {
        match self {
            Self::Learner => "LearnerService.svc",
            Self::Plr => "LearnerServiceR9.svc",
        }
    }
}

/// A request to the LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    VerifyLearner(VerifyLearner),
    SubmitVerifyBatch(SubmitVerifyBatch),
    GetVerifyBatchOutput(GetVerifyBatchOutput),
    LearnerByUln(FindLearnerByUln),
    LearnerByDemographics(FindLearnerByDemographics),
    GetLearnerLearningEvents(GetLearnerLearningEvents),
    CreateDataChallenge(CreateDataChallenge),
    ListDataChallenge(ListDataChallenge),
    RetrieveUlns(RetrieveUlns),
}

/// A (non-fault) response from the LRS. Both finds answer with the same `FindLearnerResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    VerifyLearner(VerifiedLearner),
    VerifyBatchSubmitted(VerifyBatchSubmitted),
    VerifyBatchOutput(VerifyBatchOutput),
    FindLearner(FindLearnerResp),
    LearnerLearningEvents(LearnerLearningEvents),
    DataChallengeCreated(DataChallengeCreated),
    DataChallengeList(DataChallengeList),
    RetrievedUlns(RetrievedUlns),
}

impl Request {
    /// The operation element's namespace and name.
    fn root(&self) -> (&'static str, &'static str) {
        match self {
            Self::VerifyLearner(_) => (ns::REPORT, "VerifyLearner"),
            Self::SubmitVerifyBatch(_) => (ns::VERIFY_BATCH, "SubmitVerifyBatch"),
            Self::GetVerifyBatchOutput(_) => (ns::VERIFY_BATCH, "GetVerifyBatchOutput"),
            Self::LearnerByUln(_) => (ns::FIND, "FindLearnerByULN"),
            Self::LearnerByDemographics(_) => (ns::FIND, "FindLearnerByDemographics"),
            Self::GetLearnerLearningEvents(_) => (ns::TEMPURI, "GetLearnerLearningEvents"),
            Self::CreateDataChallenge(_) => (ns::TEMPURI, "CreateDataChallenge"),
            Self::ListDataChallenge(_) => (ns::TEMPURI, "ListDataChallenge"),
            Self::RetrieveUlns(_) => (ns::REPORT, "RetrieveULNs"),
        }
    }

    pub fn service(&self) -> Service {
        match self.root().0 {
            ns::TEMPURI => Service::Plr,
            _ => Service::Learner,
        }
    }

    /// The SOAPAction header: empty for the learner service (its WSDL says `soapAction=""`),
    /// the WCF action for the PLR service.
    pub fn soap_action(&self) -> String {
        match self.service() {
            Service::Learner => String::new(),
            Service::Plr => format!("http://tempuri.org/ILearnerServiceR9/{}", self.root().1),
        }
    }
}

/// Writes a request envelope (the adapter's side).
pub fn to_envelope(request: &Request) -> String {
    let (namespace, name) = request.root();
    write_envelope(Side::Request, |out| {
        let tag = operation_start(out, namespace, name);
        match request {
            Request::VerifyLearner(r) => r.write(out),
            Request::SubmitVerifyBatch(r) => r.write(out),
            Request::GetVerifyBatchOutput(r) => {
                r.credentials.write_miap(out);
                out.text("JobID", &r.job_id.to_string());
            }
            Request::LearnerByUln(r) => r.write(out),
            Request::LearnerByDemographics(r) => r.write(out),
            Request::GetLearnerLearningEvents(r) => r.write(out),
            Request::CreateDataChallenge(r) => r.write(out),
            Request::ListDataChallenge(r) => r.write(out),
            Request::RetrieveUlns(r) => r.write(out),
        }
        out.end(&tag);
    })
}

/// Reads a request envelope (the simulator's side). A [`WireError::Shape`] here is a request
/// that breaks the schema: the simulator answers it with a WSEC0001 fault.
pub fn request_from_envelope(xml: &str) -> Result<Request, WireError> {
    let op = open_body(xml)?;
    let namespace = op.namespace.as_deref().unwrap_or_default();
    Ok(match (namespace, op.name.as_str()) {
        (ns::REPORT, "VerifyLearner") => Request::VerifyLearner(VerifyLearner::read(&op)?),
        (ns::VERIFY_BATCH, "SubmitVerifyBatch") => {
            Request::SubmitVerifyBatch(SubmitVerifyBatch::read(&op)?)
        }
        (ns::VERIFY_BATCH, "GetVerifyBatchOutput") => {
            Request::GetVerifyBatchOutput(GetVerifyBatchOutput {
                credentials: crate::credentials::OrgCredentials::read_miap(&op)?,
                job_id: op.parse_of("JobID")?,
            })
        }
        (ns::FIND, "FindLearnerByULN") => Request::LearnerByUln(FindLearnerByUln::read(&op)?),
        (ns::FIND, "FindLearnerByDemographics") => {
            Request::LearnerByDemographics(FindLearnerByDemographics::read(&op)?)
        }
        (ns::TEMPURI, "GetLearnerLearningEvents") => {
            Request::GetLearnerLearningEvents(GetLearnerLearningEvents::read(&op)?)
        }
        (ns::TEMPURI, "CreateDataChallenge") => {
            Request::CreateDataChallenge(CreateDataChallenge::read(&op)?)
        }
        (ns::TEMPURI, "ListDataChallenge") => {
            Request::ListDataChallenge(ListDataChallenge::read(&op)?)
        }
        (ns::REPORT, "RetrieveULNs") => Request::RetrieveUlns(RetrieveUlns::read(&op)?),
        _ => return Err(unexpected_operation(&op)),
    })
}

impl Response {
    fn root(&self) -> (&'static str, &'static str) {
        match self {
            Self::VerifyLearner(_) => (ns::REPORT, "VerifyLearnerResponse"),
            Self::VerifyBatchSubmitted(_) => (ns::VERIFY_BATCH, "SubmitVerifyBatchResponse"),
            Self::VerifyBatchOutput(_) => (ns::VERIFY_BATCH, "GetVerifyBatchOutputResponse"),
            Self::FindLearner(_) => (ns::FIND, "FindLearnerResponse"),
            Self::LearnerLearningEvents(_) => (ns::TEMPURI, "GetLearnerLearningEventsResponse"),
            Self::DataChallengeCreated(_) => (ns::TEMPURI, "CreateDataChallengeResponse"),
            Self::DataChallengeList(_) => (ns::TEMPURI, "ListDataChallengeResponse"),
            Self::RetrievedUlns(_) => (ns::REPORT, "RetrieveULNsResponse"),
        }
    }
}

/// Writes a response envelope (the simulator's side).
pub fn response_to_envelope(response: &Response) -> String {
    let (namespace, name) = response.root();
    write_envelope(Side::Response, |out| {
        let tag = operation_start(out, namespace, name);
        match response {
            Response::VerifyLearner(r) => r.write(out, "VerifiedLearner"),
            Response::VerifyBatchSubmitted(r) => {
                out.text("ResponseCode", r.response_code.as_str());
                out.text("JobID", &r.job_id.to_string());
            }
            Response::VerifyBatchOutput(r) => r.write(out),
            Response::FindLearner(r) => r.write(out),
            Response::LearnerLearningEvents(r) => r.write(out),
            Response::DataChallengeCreated(r) => r.write(out),
            Response::DataChallengeList(r) => r.write(out),
            Response::RetrievedUlns(r) => r.write(out),
        }
        out.end(&tag);
    })
}

/// Writes a fault envelope (the simulator's side), e.g. WSEC0004 out of hours.
pub fn fault_to_envelope(fault: &SoapFault) -> String {
    write_fault_envelope(fault)
}

/// Reads a response envelope (the adapter's side). A SOAP fault comes back as
/// [`WireError::Fault`], never as a parse error.
pub fn from_envelope(xml: &str) -> Result<Response, WireError> {
    let op = open_body(xml)?;
    let namespace = op.namespace.as_deref().unwrap_or_default();
    Ok(match (namespace, op.name.as_str()) {
        (ns::REPORT, "VerifyLearnerResponse") => {
            Response::VerifyLearner(VerifiedLearner::read(op.require("VerifiedLearner")?)?)
        }
        (ns::VERIFY_BATCH, "SubmitVerifyBatchResponse") => {
            Response::VerifyBatchSubmitted(VerifyBatchSubmitted {
                response_code: crate::codes::ResponseCode::parse(&op.text_of("ResponseCode")?),
                job_id: op.parse_of("JobID")?,
            })
        }
        (ns::VERIFY_BATCH, "GetVerifyBatchOutputResponse") => {
            Response::VerifyBatchOutput(VerifyBatchOutput::read(&op)?)
        }
        (ns::FIND, "FindLearnerResponse") => Response::FindLearner(FindLearnerResp::read(&op)?),
        (ns::TEMPURI, "GetLearnerLearningEventsResponse") => {
            Response::LearnerLearningEvents(LearnerLearningEvents::read(&op)?)
        }
        (ns::TEMPURI, "CreateDataChallengeResponse") => {
            Response::DataChallengeCreated(DataChallengeCreated::read(&op)?)
        }
        (ns::TEMPURI, "ListDataChallengeResponse") => {
            Response::DataChallengeList(DataChallengeList::read(&op)?)
        }
        (ns::REPORT, "RetrieveULNsResponse") => Response::RetrievedUlns(RetrievedUlns::read(&op)?),
        _ => return Err(unexpected_operation(&op)),
    })
}

/// Opens the operation element. The learner service's children are unqualified
/// (`elementFormDefault` unset), so its operation takes a prefix and no default namespace;
/// the PLR service's are qualified, so it takes the default namespace.
fn operation_start(out: &mut XmlOut, namespace: &str, name: &str) -> String {
    if namespace == ns::TEMPURI {
        out.start(name, &[("xmlns", namespace), ("xmlns:i", XSI)]);
        name.to_owned()
    } else {
        let tag = format!("m:{name}");
        out.start(&tag, &[("xmlns:m", namespace)]);
        tag
    }
}

fn unexpected_operation(op: &Element) -> WireError {
    WireError::unknown_operation(&op.name, op.namespace.as_deref().unwrap_or("(none)"))
}
