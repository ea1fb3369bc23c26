//! The adapter presents its TLS client certificate: lrs-sim behind a TLS front that requires
//! one issued by the test CA (`tls/`), as the LRS requires the organisation's. With the
//! certificate a lookup is answered; without it the handshake is refused and nothing is.

use crate::harness::*;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use uln_domain::{PersonName, Uln};
use uln_server::register::lrs::credentials::LrsCredentials;
use uln_server::register::lrs::{LrsRegister, LrsSettings};
use uln_server::register::{LearnerRegister, RegisterError, RegisterLookup, Supplied};

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_CERTIFICATE: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");
/// The client's certificate and key in one PEM, as the credentials file names it.
const CLIENT_IDENTITY: &[u8] = include_bytes!("tls/client.pem");

/// A TLS server for 127.0.0.1 that accepts only clients with a certificate from the test CA.
fn requiring_client_certificates() -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(CA) {
        roots.add(certificate.expect("the CA")).expect("a CA");
    }
    let clients = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .expect("a client verifier");
    let chain = CertificateDer::pem_slice_iter(SERVER_CERTIFICATE)
        .collect::<Result<Vec<_>, _>>()
        .expect("the server's certificate");
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY).expect("the server's key");
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_client_cert_verifier(clients)
        .with_single_cert(chain, key)
        .expect("a server configuration");
    Arc::new(config)
}

/// A TLS front for `sim` on a loopback port: its https base URL, and how many handshakes it
/// refused.
async fn tls_front(sim: &Sim) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("https://{}/", listener.local_addr().expect("its address"));
    let plain = sim.base().trim_start_matches("http://").to_owned();
    let acceptor = TlsAcceptor::from(requiring_client_certificates());
    let refused = Arc::new(AtomicUsize::new(0));
    let counted = refused.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, plain, counted) = (acceptor.clone(), plain.clone(), counted.clone());
            tokio::spawn(async move {
                match acceptor.accept(tcp).await {
                    Ok(mut tls) => {
                        if let Ok(mut sim) = TcpStream::connect(&plain).await {
                            let _ = tokio::io::copy_bidirectional(&mut tls, &mut sim).await;
                        }
                    }
                    Err(_) => drop(counted.fetch_add(1, Ordering::SeqCst)),
                }
            });
        }
    });
    (base, refused)
}

fn adapter(sim: &Sim, base: &str, client_identity: Option<Vec<u8>>) -> LrsRegister {
    let mut settings = LrsSettings::new(base);
    settings.timeout = Duration::from_secs(30);
    settings.retry.attempts = 1;
    settings.server_ca = Some(CA.to_vec());
    let credentials = LrsCredentials {
        organisation: credentials(),
        client_identity,
    };
    LrsRegister::new(settings, credentials, sim.store.clone()).expect("the adapter builds")
}

fn amelia() -> (Uln, Supplied) {
    let name = |n| PersonName::parse(n).expect("a name");
    let uln = Uln::parse(AMELIA).expect("a ULN");
    (uln, Supplied::names(name("Amelia"), name("Khan")))
}

#[tokio::test]
async fn with_its_client_certificate_the_adapter_is_answered_over_tls() {
    let sim = start(config()).await;
    let (base, refused) = tls_front(&sim).await;
    let register = adapter(&sim, &base, Some(CLIENT_IDENTITY.to_vec()));
    let (uln, supplied) = amelia();
    let found = register.lookup(&uln, &supplied).await.expect("answered");
    assert!(matches!(found, RegisterLookup::Direct(l) if l.uln.as_str() == AMELIA));
    assert_eq!(refused.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn without_a_client_certificate_the_handshake_is_refused() {
    let sim = start(config()).await;
    let (base, refused) = tls_front(&sim).await;
    let register = adapter(&sim, &base, None);
    let (uln, supplied) = amelia();
    let error = register.lookup(&uln, &supplied).await.unwrap_err();
    assert!(matches!(error, RegisterError::Unavailable(_)), "{error:?}");
    tokio::time::timeout(Duration::from_secs(30), async {
        while refused.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the front refused the handshake");
}
