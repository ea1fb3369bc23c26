//! Phone enquiries on the wire: the wrap-up a console sends when a call ends, and the operator's
//! recent calls. A call is kept only as its audit row; the list of calls carries ids, times and
//! outcomes, never the caller's ULN or the note, which stay in the audit trail.

use crate::client::{ApiClient, ClientResult};
use crate::plr::LearnerSearchResponse;
use crate::vocab::CallOutcome;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /calls`: one phone enquiry, sent when it is wrapped up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallRequest {
    /// The learner the call was about, when the caller gave a ULN; required for `identified`,
    /// refused for `no_uln`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9]{10}$")]
    pub uln: Option<String>,
    /// RFC 3339, when the call panel opened
    #[schema(format = DateTime)]
    pub started_at: String,
    /// RFC 3339, when the call was wrapped up; not before `started_at`
    #[schema(format = DateTime)]
    pub ended_at: String,
    pub outcome: CallOutcome,
    /// The wrap-up note: required, at most 1,000 characters, text rules as for every note
    #[schema(max_length = 1000)]
    pub note: String,
}

/// A call as the operator's list shows it: nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallView {
    /// The id of the call's audit row
    pub id: i64,
    pub started_at: String,
    pub ended_at: String,
    pub outcome: CallOutcome,
}

/// `GET /calls`: the asking operator's recent calls, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallList {
    pub calls: Vec<CallView>,
}

/// The calls routes, and the register search a call makes.
impl ApiClient {
    /// Wraps up a phone enquiry (`POST /calls`); the answer is the call as the list shows it.
    pub async fn record_call(&self, call: &CallRequest) -> ClientResult<CallView> {
        self.send(self.request(Method::POST, "/calls").json(call))
            .await
    }

    /// This operator's recent calls (`GET /calls`), newest first.
    pub async fn recent_calls(&self) -> ClientResult<CallList> {
        self.send(self.request(Method::GET, "/calls")).await
    }

    /// The register searched (`GET /learners`) by what a caller can always say: their given
    /// name, family name and date of birth. Gender and postcode are left out, as the register
    /// then takes any (a caller who does not know their ULN rarely knows what the centre sent).
    pub async fn search_by_caller(
        &self,
        given_name: &str,
        family_name: &str,
        date_of_birth: &str,
    ) -> ClientResult<LearnerSearchResponse> {
        let params = [
            ("given_name", given_name),
            ("family_name", family_name),
            ("date_of_birth", date_of_birth),
        ];
        self.send(self.request(Method::GET, "/learners").query(&params))
            .await
    }
}
