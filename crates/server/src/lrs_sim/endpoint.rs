//! The two SOAP endpoints: what every request goes through before its operation (injected
//! delay and faults, closed hours, content type, the envelope, SOAPAction, credentials), and
//! how answers and faults are written. Logs name the operation, the code and the time taken,
//! never a learner's details.

use super::{challenge, find, plr, retrieve, verify, Refusal, Simulator};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response as HttpResponse;
use axum::routing::post;
use axum::Router;
use std::time::{Duration, Instant};
use uln_lrs::{
    fault_to_envelope, request_from_envelope, response_to_envelope, MiapApiException,
    OrgCredentials, Request, Response, ResponseCode, Service, SoapFault, WireError,
    MAX_DOCUMENT_BYTES,
};

/// Tells a client how long the simulator held its answer back (latency plus jitter), so a test
/// can see the option at work without timing it.
pub const DELAY_HEADER: &str = "x-lrs-sim-delay-ms";

pub(super) fn router(sim: Simulator) -> Router {
    Router::new()
        .route(
            &format!("/{}", Service::Learner.path()),
            post(learner_service),
        )
        .route(&format!("/{}", Service::Plr.path()), post(plr_service))
        // The wire format refuses bigger documents anyway; this stops them being read at all.
        .layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES))
        .with_state(sim)
}

async fn learner_service(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> HttpResponse {
    answer(&sim, Service::Learner, &headers, &body).await
}

async fn plr_service(
    State(sim): State<Simulator>,
    headers: HeaderMap,
    body: Bytes,
) -> HttpResponse {
    answer(&sim, Service::Plr, &headers, &body).await
}

async fn answer(
    sim: &Simulator,
    service: Service,
    headers: &HeaderMap,
    body: &[u8],
) -> HttpResponse {
    let started = Instant::now();
    let faults = sim.config.faults;
    let delay = faults.latency + jitter(faults.jitter);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let (operation, outcome) = respond(sim, service, headers, body).await;
    let (status, xml, code) = match outcome {
        Ok(response) => (
            StatusCode::OK,
            response_to_envelope(&response),
            response_code(&response),
        ),
        Err(refusal) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            fault_to_envelope(&fault(sim, &refusal)),
            refusal.code,
        ),
    };
    let dropped = chance(faults.drop_percent);
    tracing::info!(
        service = service.path(),
        operation,
        code = %code,
        ms = started.elapsed().as_millis() as u64,
        dropped,
        "answered"
    );
    let body = if dropped {
        cut_off(xml)
    } else {
        Body::from(xml)
    };
    let mut response = HttpResponse::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    headers.insert(DELAY_HEADER, HeaderValue::from(delay.as_millis() as u64));
    response
}

/// The request's operation name (or `-` before it is known) and what to answer it with.
async fn respond(
    sim: &Simulator,
    service: Service,
    headers: &HeaderMap,
    body: &[u8],
) -> (&'static str, Result<Response, Refusal>) {
    let now = (sim.config.clock)();
    if sim.config.closed.is_some_and(|hours| hours.contains(now)) {
        let refusal = Refusal::new(
            ResponseCode::OutOfHours,
            "the service is closed at this hour; retry later",
        );
        return ("-", Err(refusal));
    }
    if chance(sim.config.faults.fault_percent) {
        let refusal = Refusal::new(
            ResponseCode::UnknownException,
            "injected by lrs-sim --fault-rate",
        );
        return ("-", Err(refusal));
    }
    let request = match read_request(service, headers, body) {
        Ok(request) => request,
        Err(refusal) => return ("-", Err(refusal)),
    };
    let operation = operation_name(&request);
    if let Err(refusal) = sim.check_credentials(credentials(&request)) {
        return (operation, Err(refusal));
    }
    (operation, dispatch(sim, request).await)
}

fn read_request(service: Service, headers: &HeaderMap, body: &[u8]) -> Result<Request, Refusal> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(content_type.starts_with("text/xml") || content_type.starts_with("application/soap+xml")) {
        return Err(Refusal::invalid("Content-Type must be text/xml (SOAP 1.1)"));
    }
    let text =
        std::str::from_utf8(body).map_err(|_| Refusal::invalid("the request is not UTF-8"))?;
    let request = request_from_envelope(text).map_err(|e| match e {
        e if e.is_unknown_operation() => Refusal::new(ResponseCode::UnknownRequest, e.to_string()),
        WireError::Fault(_) => Refusal::invalid("a fault is not a request"),
        e => Refusal::invalid(e.to_string()),
    })?;
    if request.service() != service {
        return Err(Refusal::new(
            ResponseCode::UnknownRequest,
            format!(
                "{} is not an operation of {}",
                operation_name(&request),
                service.path()
            ),
        ));
    }
    // SOAP 1.1 quotes the action; SOAP 1.2 clients send it in the Content-Type instead.
    if let Some(action) = headers.get("soapaction") {
        let action = action.to_str().unwrap_or_default().trim().trim_matches('"');
        if action != request.soap_action() {
            return Err(Refusal::invalid(format!(
                "SOAPAction '{action}' does not name {}",
                operation_name(&request)
            )));
        }
    }
    Ok(request)
}

impl Simulator {
    /// Organisation and user name identify the caller (WSEC0003 when either is unknown); the
    /// password must then be theirs (WSEC0005).
    fn check_credentials(&self, given: &OrgCredentials) -> Result<(), Refusal> {
        let account = &self.config.account;
        if verify::organisation_of(given) != account.organisation
            || given.user_name.trim() != account.user_name
        {
            return Err(Refusal::new(
                ResponseCode::UnknownOrganisation,
                "organisation or user not recognised",
            ));
        }
        if given.org_password != account.password {
            return Err(Refusal::new(
                ResponseCode::IncorrectOrganisationPassword,
                "incorrect organisation password",
            ));
        }
        Ok(())
    }
}

async fn dispatch(sim: &Simulator, request: Request) -> Result<Response, Refusal> {
    match &request {
        Request::VerifyLearner(r) => verify::single(sim, r).await,
        Request::SubmitVerifyBatch(r) => verify::submit(sim, r).await,
        Request::GetVerifyBatchOutput(r) => Ok(verify::output(sim, r)),
        Request::LearnerByUln(r) => find::by_uln(sim, r).await,
        Request::LearnerByDemographics(r) => find::by_demographics(sim, r).await,
        Request::GetLearnerLearningEvents(r) => plr::learning_events(sim, r).await,
        Request::CreateDataChallenge(r) => challenge::create(sim, r).await,
        Request::ListDataChallenge(r) => challenge::list(sim, r).await,
        Request::RetrieveUlns(r) => retrieve::ulns(sim, r).await,
    }
}

fn credentials(request: &Request) -> &OrgCredentials {
    match request {
        Request::VerifyLearner(r) => &r.credentials,
        Request::SubmitVerifyBatch(r) => &r.credentials,
        Request::GetVerifyBatchOutput(r) => &r.credentials,
        Request::LearnerByUln(r) => &r.credentials,
        Request::LearnerByDemographics(r) => &r.credentials,
        Request::GetLearnerLearningEvents(r) => &r.caller.credentials,
        Request::CreateDataChallenge(r) => &r.caller.credentials,
        Request::ListDataChallenge(r) => &r.caller.credentials,
        Request::RetrieveUlns(r) => &r.credentials,
    }
}

fn operation_name(request: &Request) -> &'static str {
    match request {
        Request::VerifyLearner(_) => "VerifyLearner",
        Request::SubmitVerifyBatch(_) => "SubmitVerifyBatch",
        Request::GetVerifyBatchOutput(_) => "GetVerifyBatchOutput",
        Request::LearnerByUln(_) => "FindLearnerByULN",
        Request::LearnerByDemographics(_) => "FindLearnerByDemographics",
        Request::GetLearnerLearningEvents(_) => "GetLearnerLearningEvents",
        Request::CreateDataChallenge(_) => "CreateDataChallenge",
        Request::ListDataChallenge(_) => "ListDataChallenge",
        Request::RetrieveUlns(_) => "RetrieveULNs",
    }
}

fn response_code(response: &Response) -> ResponseCode {
    match response {
        Response::VerifyLearner(r) => r.response_code.clone(),
        Response::VerifyBatchSubmitted(r) => r.response_code.clone(),
        Response::VerifyBatchOutput(r) => r.response_code.clone(),
        Response::FindLearner(r) => r.response_code.clone(),
        Response::LearnerLearningEvents(r) => r.response_code.clone(),
        Response::DataChallengeCreated(r) => r.response_code.clone(),
        Response::DataChallengeList(r) => r.response_code.clone(),
        // Each ULN has its own code; the call as a whole answered.
        Response::RetrievedUlns(_) => ResponseCode::ExactMatch,
    }
}

fn fault(sim: &Simulator, refusal: &Refusal) -> SoapFault {
    SoapFault::miap(MiapApiException {
        error_code: refusal.code.clone(),
        error_actor: Some("lrs-sim".into()),
        description: Some(description(&refusal.code).into()),
        further_details: refusal.details.clone(),
        error_timestamp: Some(
            (sim.config.clock)()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        ),
    })
}

fn description(code: &ResponseCode) -> &'static str {
    match code {
        ResponseCode::InvalidRequest => "Invalid request",
        ResponseCode::UnknownRequest => "Unknown request",
        ResponseCode::UnknownOrganisation => "Unknown organisation",
        ResponseCode::OutOfHours => "Out of hours",
        ResponseCode::IncorrectOrganisationPassword => "Incorrect organisation password",
        _ => "Unknown exception",
    }
}

/// Half the answer, then an error: hyper stops writing and closes the connection, so the client
/// sees a response cut off mid-body, as when a network or proxy drops it.
fn cut_off(xml: String) -> Body {
    let bytes = Bytes::from(xml);
    let first_half = bytes.slice(..bytes.len() / 2);
    let chunks: [Result<Bytes, std::io::Error>; 2] = [
        Ok(first_half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "lrs-sim --drop-rate: connection dropped on purpose",
        )),
    ];
    Body::from_stream(futures_util::stream::iter(chunks))
}

fn jitter(most: Duration) -> Duration {
    let most = most.as_millis() as u64;
    Duration::from_millis(if most == 0 {
        0
    } else {
        fastrand::u64(0..=most)
    })
}

/// True for `percent` out of every hundred calls, at random.
fn chance(percent: u8) -> bool {
    percent > 0 && fastrand::u8(0..100) < percent
}
