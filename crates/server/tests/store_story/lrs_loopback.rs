//! The LRS adapter as the register: `lrs-sim` on a loopback port over the story's own database
//! (SQLite, or PostgreSQL when a cluster is given; the chapters load its register tables), and
//! the adapter pointed at it. The story cannot tell it from the simulated register in-process.

use crate::Opened;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use uln_lrs::{OrgCredentials, OrganisationId};
use uln_server::lrs_sim::{self, SimConfig, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USER};
use uln_server::register::lrs::credentials::LrsCredentials;
use uln_server::register::lrs::{LrsRegister, LrsSettings};

/// Stops the simulator when the story ends.
struct StopSim(Option<oneshot::Sender<()>>);

impl Drop for StopSim {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn sqlite_through_lrs_sim() -> Opened {
    through_lrs_sim(crate::sqlite().await).await
}

/// PostgreSQL's twin: None without `ULN_TEST_POSTGRES_URL`, as its plain chapter.
pub async fn postgres_through_lrs_sim() -> Option<Opened> {
    Some(through_lrs_sim(crate::pg_cluster::open().await?).await)
}

/// `opened` with its register replaced by the adapter, talking to lrs-sim over its tables.
async fn through_lrs_sim(mut opened: Opened) -> Opened {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    let (stop, stopped) = oneshot::channel::<()>();
    let simulated = opened.storage.register.clone();
    tokio::spawn(lrs_sim::serve(
        listener,
        simulated,
        SimConfig::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut settings = LrsSettings::new(format!("http://{address}/"));
    settings.timeout = Duration::from_secs(30);
    let credentials = LrsCredentials {
        organisation: OrgCredentials {
            organisation: OrganisationId::Ukprn(DEMO_ORGANISATION.into()),
            user_name: DEMO_USER.into(),
            org_password: DEMO_PASSWORD.into(),
        },
        client_identity: None,
    };
    let adapter =
        LrsRegister::new(settings, credentials, opened.store.clone()).expect("the adapter builds");
    opened.storage.register = Arc::new(adapter);
    opened._keep = Box::new((opened._keep, StopSim(Some(stop))));
    opened
}
