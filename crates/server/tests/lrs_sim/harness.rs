//! The simulator on a loopback port over a temporary SQLite database holding a small register,
//! and a client that speaks to it as the LRS adapter will: envelopes from `uln_lrs`, over HTTP.

use jiff::Timestamp;
use std::sync::Arc;
use tempfile::TempDir;
use tokio::sync::oneshot;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};
use uln_lrs::*;
use uln_server::database;
use uln_server::lrs_sim::{self, SimAccount, SimConfig};
use uln_server::register::lrs::credentials::LrsCredentials;
use uln_server::register::lrs::{LrsRegister, LrsSettings};
use uln_server::register::SeedEvent;
use uln_server::store::{PoolSize, Store};

/// Amelia Khan: a master record with a linked ULN and two learning events.
pub const AMELIA: &str = "9276308686";
pub const AMELIA_LINKED: &str = "4444599390";
/// Noah Lee: has not agreed to share his PLR.
pub const NOAH: &str = "1174112637";
/// A valid ULN no learner has.
pub const NOBODY: &str = "1026893096";

pub struct Sim {
    base: String,
    /// The store on the simulator's database: where the adapter finds raised challenges.
    pub store: Arc<dyn Store>,
    http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    _dir: TempDir,
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// What came back: a response, or the fault and the HTTP status it came with.
#[derive(Debug)]
pub enum Answer {
    Response(Box<Response>),
    /// The HTTP status and the fault.
    Fault(u16, Box<SoapFault>),
}

impl Answer {
    pub fn response(self) -> Response {
        match self {
            Answer::Response(r) => *r,
            Answer::Fault(_, f) => panic!("expected a response, got the fault {f}"),
        }
    }

    /// The fault's `MIAPAPIException` code, checking it came as HTTP 500.
    pub fn fault_code(self) -> ResponseCode {
        match self {
            Answer::Fault(status, f) => {
                assert_eq!(status, 500, "a SOAP 1.1 fault comes with HTTP 500");
                f.error_code().cloned().expect("a MIAPAPIException")
            }
            Answer::Response(r) => panic!("expected a fault, got {r:?}"),
        }
    }
}

pub fn config() -> SimConfig {
    SimConfig::default()
}

/// The simulator's clock stopped at `at`.
pub fn clock_at(at: &str) -> lrs_sim::Clock {
    let at: Timestamp = at.parse().expect("a timestamp");
    Arc::new(move || at)
}

pub async fn start(config: SimConfig) -> Sim {
    let dir = TempDir::new().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("lrs.db").display());
    let storage = database::open(&url, PoolSize::EMBEDDED)
        .await
        .expect("the database opens");
    let (learners, links, events) = register();
    storage
        .seeder
        .load_register(&learners, &links, &events)
        .await
        .expect("the register loads");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let (stop, stopped) = oneshot::channel();
    let store = storage.store.clone();
    tokio::spawn(lrs_sim::serve(listener, storage.register, config, async {
        let _ = stopped.await;
    }));
    Sim {
        base,
        store,
        http: reqwest::Client::new(),
        stop: Some(stop),
        _dir: dir,
    }
}

fn register() -> (Vec<RegisterLearner>, Vec<(Uln, Uln)>, Vec<SeedEvent>) {
    let mut amelia = learner(AMELIA, "Amelia", "Khan", "2008-03-01", "2");
    amelia.linked_ulns.push(uln(AMELIA_LINKED));
    let mut noah = learner(NOAH, "Noah", "Lee", "2007-11-30", "1");
    noah.ability_to_share = false;
    let isla = learner("6936002314", "Isla", "Lee", "2007-11-30", "2");
    let events = vec![event(AMELIA, "GCSE Maths"), event(AMELIA, "GCSE Art")];
    (
        vec![amelia, noah, isla],
        vec![(uln(AMELIA_LINKED), uln(AMELIA))],
        events,
    )
}

fn uln(text: &str) -> Uln {
    Uln::parse(text).expect("a valid ULN")
}

fn learner(id: &str, given: &str, family: &str, born: &str, gender: &str) -> RegisterLearner {
    RegisterLearner {
        uln: uln(id),
        given_name: PersonName::parse(given).expect("a name"),
        family_name: PersonName::parse(family).expect("a name"),
        date_of_birth: born.parse().expect("a date"),
        gender: Gender::parse(gender).expect("a gender"),
        postcode: Some(Postcode::parse("LS1 4AP").expect("a postcode")),
        preferred_given_name: None,
        middle_names: None,
        previous_family_name: None,
        linked_ulns: Vec::new(),
        ability_to_share: true,
        version: 1,
    }
}

fn event(uln: &str, title: &'static str) -> SeedEvent {
    SeedEvent {
        uln: uln.into(),
        source: "AO",
        qualification_code: "600/1166/X".into(),
        title,
        qualification_type: "GCSE",
        level: "2",
        grade: Some("7"),
        awarding_organisation: "AQA",
        provider: "Leeds City College".into(),
        award_date: Some("2024-08-22".parse().expect("a date")),
        credits: None,
        status: "final",
    }
}

/// The demo account's credentials, as the simulator accepts them by default.
pub fn credentials() -> OrgCredentials {
    let account = SimAccount::default();
    OrgCredentials {
        organisation: OrganisationId::Ukprn(account.organisation),
        user_name: account.user_name,
        org_password: account.password,
    }
}

pub fn caller() -> PlrCaller {
    PlrCaller {
        credentials: credentials(),
        user_type: UserType::Organisation,
        vendor_id: 1,
        language: "ENG".into(),
    }
}

impl Sim {
    /// The base URL the adapter is pointed at.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn call(&self, request: &Request) -> Answer {
        let response = self
            .post(request.service(), &to_envelope(request))
            .header("SOAPAction", format!("\"{}\"", request.soap_action()))
            .send()
            .await
            .expect("the simulator answers");
        read(response).await
    }

    /// Posts `xml` as it is, to `service`'s endpoint.
    pub async fn post_raw(&self, service: Service, xml: &str) -> Answer {
        let response = self
            .post(service, xml)
            .send()
            .await
            .expect("the simulator answers");
        read(response).await
    }

    pub fn post(&self, service: Service, xml: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/{}", self.base, service.path()))
            .header("Content-Type", "text/xml; charset=utf-8")
            .body(xml.to_owned())
    }
}

async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let text = response.text().await.expect("a whole answer");
    match from_envelope(&text) {
        Ok(r) => {
            assert_eq!(status, 200, "a response comes with HTTP 200");
            Answer::Response(Box::new(r))
        }
        Err(WireError::Fault(f)) => Answer::Fault(status, f),
        Err(e) => panic!("an unreadable answer ({e}): {text}"),
    }
}

pub fn to_verify(uln: &str, given: &str, family: &str, born: Option<&str>) -> LearnerToVerify {
    LearnerToVerify {
        uln: uln.into(),
        family_name: family.into(),
        given_name: given.into(),
        date_of_birth: born.map(Into::into),
        gender: None,
    }
}

pub fn verify(learner: LearnerToVerify) -> Request {
    Request::VerifyLearner(VerifyLearner {
        credentials: credentials(),
        learner,
    })
}

pub fn plr(uln: &str, given: &str, family: &str, born: &str) -> Request {
    Request::GetLearnerLearningEvents(GetLearnerLearningEvents {
        caller: caller(),
        uln: uln.into(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: Some(born.into()),
        gender: None,
        get_type: "FULL".into(),
    })
}

pub fn find_by_uln(uln: &str, given: &str, family: &str) -> Request {
    Request::LearnerByUln(FindLearnerByUln {
        find_type: FindType::Full,
        credentials: credentials(),
        uln: uln.into(),
        family_name: family.into(),
        given_name: given.into(),
    })
}

/// The LRS adapter pointed at `sim` with `organisation`'s credentials, its settings as `tune`
/// leaves them (backoffs short, so retries do not slow the tests).
pub fn lrs_adapter(
    sim: &Sim,
    organisation: OrgCredentials,
    tune: impl FnOnce(&mut LrsSettings),
) -> LrsRegister {
    let mut settings = LrsSettings::new(sim.base());
    settings.retry.first_backoff = std::time::Duration::from_millis(1);
    settings.retry.longest_backoff = std::time::Duration::from_millis(5);
    tune(&mut settings);
    let credentials = LrsCredentials {
        organisation,
        client_identity: None,
    };
    LrsRegister::new(settings, credentials, sim.store.clone()).expect("the adapter builds")
}
