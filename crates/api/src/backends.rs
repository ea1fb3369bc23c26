//! Several addresses for one backend (servers sharing one database), tried in turn: a request
//! that cannot connect to the current server goes to the next, and the first that takes it
//! becomes the current one for every later request, the event stream included.

use reqwest::{Client, Request, RequestBuilder, Response, Url};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug)]
pub(crate) struct Backends {
    /// API roots, as given, without a trailing slash.
    roots: Vec<String>,
    current: AtomicUsize,
}

impl Backends {
    /// At least one root.
    pub(crate) fn new(roots: Vec<String>) -> Backends {
        assert!(!roots.is_empty(), "a backend needs at least one address");
        // As `Url` writes them (host in lower case, default port dropped), so that a request's
        // URL starts with its root and can be re-aimed at another.
        let roots = roots
            .into_iter()
            .map(|r| {
                let written = Url::parse(&r).map_or(r, |u| u.to_string());
                written.trim_end_matches('/').to_owned()
            })
            .collect();
        Backends {
            roots,
            current: AtomicUsize::new(0),
        }
    }

    pub(crate) fn current(&self) -> &str {
        &self.roots[self.current.load(Ordering::Relaxed) % self.roots.len()]
    }

    pub(crate) fn roots(&self) -> &[String] {
        &self.roots
    }

    /// Sends `request` to the current server. If no connection could be made there, the request
    /// never reached a server, so even a write is safe to send to the next, and the next, until
    /// one takes it. Any other failure (a timeout, a connection dropped mid-answer) is returned
    /// as it is: that request may have been done, and only the caller can judge whether to ask
    /// again.
    pub(crate) async fn send(
        &self,
        http: &Client,
        request: RequestBuilder,
    ) -> Result<Response, reqwest::Error> {
        let request = request.build()?;
        // The root the request was built for: usually the current one, but another request may
        // have moved to the next server since this one was built.
        let Some(from) = self
            .roots
            .iter()
            .position(|root| request.url().as_str().starts_with(root.as_str()))
        else {
            return http.execute(request).await;
        };
        let start = self.current.load(Ordering::Relaxed) % self.roots.len();
        let mut first_error = None;
        for step in 0..self.roots.len() {
            let index = (start + step) % self.roots.len();
            let Some(attempt) = self.aimed_at(&request, from, index) else {
                break;
            };
            match http.execute(attempt).await {
                Ok(response) => {
                    self.current.store(index, Ordering::Relaxed);
                    return Ok(response);
                }
                Err(e) if e.is_connect() => {
                    first_error.get_or_insert(e);
                }
                Err(e) => return Err(first_error.unwrap_or(e)),
            }
        }
        match first_error {
            Some(e) => Err(e),
            // A body that cannot be copied: sent once, where it was meant to go.
            None => http.execute(request).await,
        }
    }

    /// `request` sent to root `to` instead of root `from`; None if its body cannot be copied.
    fn aimed_at(&self, request: &Request, from: usize, to: usize) -> Option<Request> {
        let mut copy = request.try_clone()?;
        if from != to {
            let url = request.url().as_str();
            let rest = url.strip_prefix(self.roots[from].as_str())?;
            *copy.url_mut() = Url::parse(&format!("{}{rest}", self.roots[to])).ok()?;
        }
        Some(copy)
    }
}

#[cfg(test)]
mod tests {
    use crate::client::ApiClient;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// An API root where nothing listens: the port was free a moment ago.
    async fn nobody_home() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        format!("http://{address}/api/v1")
    }

    /// A server that answers `answers` requests with a health document, or, if `answers` is
    /// zero, takes one connection and closes it without a word. It returns what it was asked.
    async fn server(answers: usize) -> (String, tokio::task::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let root = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let served = tokio::spawn(async move {
            let mut asked = Vec::new();
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut request = vec![0; 4096];
                let n = socket.read(&mut request).await.unwrap();
                let text = String::from_utf8_lossy(&request[..n]);
                asked.push(text.lines().next().unwrap_or_default().to_owned());
                if answers == 0 {
                    return asked;
                }
                let body = r#"{"status":"ok","version":"test"}"#;
                let reply = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                socket.write_all(reply.as_bytes()).await.unwrap();
                if asked.len() == answers {
                    return asked;
                }
            }
        });
        (root, served)
    }

    #[tokio::test]
    async fn a_server_that_cannot_be_reached_hands_over_to_the_next_for_good() {
        let down = nobody_home().await;
        let (up, served) = server(2).await;
        let client = ApiClient::with_backends(vec![down, up.clone()], "t").unwrap();
        assert_eq!(client.health().await.unwrap().status, "ok");
        assert_eq!(
            client.base(),
            up,
            "the server that answered is the current one"
        );
        // The next request goes straight there.
        client.health().await.unwrap();
        assert_eq!(served.await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn a_request_that_reached_a_server_is_never_sent_to_another() {
        // The first server takes the request and hangs up without answering: it may have acted
        // on it, so the client must not send it again elsewhere.
        let (silent, silent_served) = server(0).await;
        let (other, other_served) = server(1).await;
        let client = ApiClient::with_backends(vec![silent.clone(), other], "t").unwrap();
        assert!(client.health().await.unwrap_err().is_unreachable());
        assert_eq!(client.base(), silent);
        assert_eq!(silent_served.await.unwrap().len(), 1);
        assert!(
            !other_served.is_finished(),
            "the other server was never asked"
        );
        other_served.abort();
    }

    #[tokio::test]
    async fn a_request_built_before_the_move_goes_to_the_server_moved_to() {
        let down = nobody_home().await;
        let (up, served) = server(2).await;
        let client = ApiClient::with_backends(vec![down, up.clone()], "t").unwrap();
        // Built while the first server was current, sent after another request moved on.
        let early = client.request(reqwest::Method::GET, "/health");
        client.health().await.unwrap();
        let answer = client.backends.send(&client.http, early).await;
        assert!(answer.unwrap().status().is_success());
        assert_eq!(served.await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn when_no_server_can_be_reached_the_client_says_so() {
        let client =
            ApiClient::with_backends(vec![nobody_home().await, nobody_home().await], "t").unwrap();
        assert!(client.health().await.unwrap_err().is_unreachable());
    }
}
