//! The LRS SOAP wire format, shared by the LRS adapter (writes requests, reads responses) and
//! the `lrs-sim` simulator (reads requests, writes responses and faults). No HTTP here: the
//! callers post [`to_envelope`]'s text to [`Request::service`]'s endpoint with
//! [`Request::soap_action`], and hand the reply to [`from_envelope`].
//!
//! # Sources
//! Element names, order and namespaces follow the published schemas: the learner service
//! (`miap.wsdl`, `findlearner.xsd`, `learnerreport.xsd`, `verifybatchlearner.xsd`) and the PLR
//! service (`tempuri.org.xsd`, the `api.lrs.qcf.gov.uk/model` types), checked against
//! recorded LRS responses (find by demographics, learning events, a fault).
//!
//! # Decisions where the sources are silent
//! - **Endpoints**: two services, `LearnerService.svc` (find, verify) and `LearnerServiceR9.svc`
//!   (PLR, data challenges), under one base URL, as a government client of the LRS calls them.
//! - **SOAPAction**: `""` for every learner-service operation (its WSDL says so);
//!   `http://tempuri.org/ILearnerServiceR9/<Operation>` for the PLR service (WCF's convention,
//!   as that client sends for GetLearnerLearningEvents; assumed alike for the data challenges).
//! - **Namespaces per operation**: find in `findmsg`, single verify in `reportmsg`, batch
//!   verify in `vldmsg`, all with unqualified children; PLR operations in `http://tempuri.org/`
//!   with qualified children, results' fields in the `model` namespace. The data-challenge
//!   `invokingOrganisation` is assumed to carry the same fields (Password, Ukprn or
//!   OrganisationRef, Username) as GetLearnerLearningEvents' `InvokingOrganisationR10`, in the
//!   `Amor.Qcf.Common` namespace the schema names.
//! - **Batch verify rows** (`MIAPBatchLearnerToVerify`, `MIAPVerifiedBatchLearner`) are taken
//!   as the single-verify types with `MISIdentifier` first; `learner.xsd` was not available.
//! - **Reading is lenient about child namespaces, strict about the rest**: the envelope and the
//!   operation element must be in their namespaces; children are matched by local name, because
//!   real responses mix prefixed and unprefixed children. Unknown elements are ignored.
//! - **Values stay text** as sent (dates, gender, ULN): the simulator must see a request that
//!   breaks the schema to answer WSEC0001, and the adapter applies the domain's newtypes. Only
//!   closed code sets are enums, each with an `Unknown` fallback. Absent, empty and `nil`
//!   optional elements all read as `None`.
//! - **Faults**: a SOAP 1.1 Fault whose detail holds `MIAPAPIException` (namespace
//!   `http://api.lrs.miap.gov.uk/exceptions`, unqualified fields). Reading any response
//!   returns it as [`WireError::Fault`].
//! - **Writing** goes through quick-xml's writer, which escapes every text; characters XML 1.0
//!   cannot carry become U+FFFD, so output is always well-formed. **Reading** builds a small
//!   tree from quick-xml's namespace-aware events rather than serde: serde mapping ignores
//!   namespaces when reading and wants literal prefixes when writing, and the services need
//!   both. Input over [`MAX_DOCUMENT_BYTES`] is refused before parsing, nesting over
//!   [`MAX_DEPTH`] while parsing, and any DTD outright.

mod challenge;
mod codes;
mod credentials;
mod envelope;
mod error;
mod fault;
mod find;
mod learner_fields;
mod message;
mod plr;
mod record;
mod retrieve;
mod verify;
mod xml;

pub use challenge::{
    CreateDataChallenge, DataChallengeCreated, DataChallengeDetails, DataChallengeItem,
    DataChallengeList, ListDataChallenge,
};
pub use codes::{FailureFlag, FindType, ResponseCode, UserType};
pub use credentials::{OrgCredentials, OrganisationId};
pub use envelope::ns;
pub use error::WireError;
pub use fault::{MiapApiException, SoapFault};
pub use find::{FindLearnerByDemographics, FindLearnerByUln, FindLearnerResp, Learner};
pub use learner_fields::{LearnerField, LearnerTag, LEARNER_FIELDS};
pub use message::{
    fault_to_envelope, from_envelope, request_from_envelope, response_to_envelope, to_envelope,
    Request, Response, Service,
};
pub use plr::{GetLearnerLearningEvents, LearnerLearningEvents, LearningEvent, PlrCaller};
pub use retrieve::{RetrieveUlns, RetrievedLearner, RetrievedUlns, MAX_RETRIEVE_ULNS};
pub use verify::{
    BatchLearnerToVerify, GetVerifyBatchOutput, LearnerToVerify, SubmitVerifyBatch,
    VerifiedLearner, VerifyBatchOutput, VerifyBatchSubmitted, VerifyLearner, MAX_BATCH_OUTPUT_ROWS,
};
pub use xml::{MAX_DEPTH, MAX_DOCUMENT_BYTES};
