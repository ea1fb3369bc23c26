//! One SSH connection: public-key authentication against the operators' keys, then one session
//! channel with a pty and a shell, which is the console. Nothing else is offered: no exec, no
//! subsystem, no forwarding of ports, agents or X11.

use crate::input::InputParser;
use crate::keys::fingerprint;
use crate::session::{self, SessionRequest};
use crate::terminal::PtySize;
use crate::{Gate, Shared};
use crossterm::event::Event;
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, Pty};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

pub(crate) struct Listener<G: Gate> {
    pub shared: Arc<Shared<G>>,
}

impl<G: Gate> russh::server::Server for Listener<G> {
    type Handler = Connection<G>;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection<G> {
        self.shared.connections.send_modify(|n| *n += 1);
        Connection {
            shared: self.shared.clone(),
            peer,
            fingerprint: None,
            channel: None,
            pty: None,
            no_color: false,
            input: None,
            parser: InputParser::new(),
            last_input: None,
        }
    }
}

pub(crate) struct Connection<G: Gate> {
    shared: Arc<Shared<G>>,
    peer: Option<SocketAddr>,
    /// The accepted key's fingerprint, once authenticated.
    fingerprint: Option<String>,
    /// The one session channel a connection may have.
    channel: Option<ChannelId>,
    /// The client's TERM and size, from its pty request.
    pty: Option<(String, PtySize)>,
    /// The client sent NO_COLOR (`ssh -o SendEnv=NO_COLOR`).
    no_color: bool,
    /// Where typed keys and resizes go, once the console runs; dropped when the client goes,
    /// which ends the console's input and so the console.
    input: Option<UnboundedSender<Event>>,
    parser: InputParser,
    last_input: Option<watch::Sender<tokio::time::Instant>>,
}

/// The handler lives as long as its connection.
impl<G: Gate> Drop for Connection<G> {
    fn drop(&mut self) {
        self.shared.connections.send_modify(|n| *n -= 1);
    }
}

impl<G: Gate> Connection<G> {
    async fn admits(&self, key: &PublicKey) -> bool {
        self.shared
            .gate
            .operator_for_key(&fingerprint(key))
            .await
            .is_some()
    }

    fn source(&self) -> String {
        self.peer
            .map_or_else(|| "unknown".into(), |p| p.to_string())
    }
}

impl<G: Gate> russh::server::Handler for Connection<G> {
    type Error = russh::Error;

    /// Unknown keys and revoked operators' keys are refused here, before the client proves it
    /// holds the private key, and so before anything is drawn.
    async fn auth_publickey_offered(
        &mut self,
        _: &str,
        key: &PublicKey,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.admits(key).await {
            true => Auth::Accept,
            false => Auth::reject(),
        })
    }

    /// Asked again once the signature is checked: a key revoked in between is refused.
    async fn auth_publickey(&mut self, _: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        if !self.admits(key).await {
            return Ok(Auth::reject());
        }
        self.fingerprint = Some(fingerprint(key));
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_none() {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        // Dropping the reply refuses the channel: one console per connection.
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.pty = Some((term.to_owned(), PtySize::new(cols, rows)));
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if name == "NO_COLOR" {
            self.no_color = !value.is_empty();
            return session.channel_success(channel);
        }
        session.channel_failure(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(fingerprint), Some((term, size))) = (self.fingerprint.clone(), self.pty.clone())
        else {
            // Granted only to say why in the client's terminal, which a refused request would not.
            session.channel_success(channel)?;
            return refuse(
                session,
                channel,
                "the console needs a terminal: connect with ssh -t",
            );
        };
        session.channel_success(channel)?;
        let (input, events) = tokio::sync::mpsc::unbounded_channel();
        let (last_input, idle) = watch::channel(tokio::time::Instant::now());
        self.input = Some(input);
        self.last_input = Some(last_input);
        let request = SessionRequest {
            fingerprint,
            source: self.source(),
            term,
            no_color: self.no_color,
            size,
            events,
            idle,
        };
        tokio::spawn(session::run(
            self.shared.clone(),
            session.handle(),
            channel,
            request,
        ));
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        refuse(
            session,
            channel,
            "this server runs the console only: connect with ssh -t, no command",
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        refuse(
            session,
            channel,
            "this server runs the console only: no subsystems",
        )
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _: bool,
        _: &str,
        _: &str,
        _: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn data(
        &mut self,
        _: ChannelId,
        data: &[u8],
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(last) = &self.last_input {
            last.send_replace(tokio::time::Instant::now());
        }
        if let Some(input) = &self.input {
            for event in self.parser.events(data) {
                let _ = input.send(event);
            }
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _: ChannelId,
        cols: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some((_, size)) = &self.pty {
            size.set(cols, rows);
            let now = size.get();
            if let Some(input) = &self.input {
                let _ = input.send(Event::Resize(now.width, now.height));
            }
        }
        Ok(())
    }

    async fn channel_eof(&mut self, _: ChannelId, _: &mut Session) -> Result<(), Self::Error> {
        self.input = None;
        Ok(())
    }

    async fn channel_close(&mut self, _: ChannelId, _: &mut Session) -> Result<(), Self::Error> {
        self.input = None;
        Ok(())
    }
}

/// Says why in one line and closes the channel.
fn refuse(session: &mut Session, channel: ChannelId, why: &str) -> Result<(), russh::Error> {
    session.data(channel, format!("{why}\r\n").into_bytes())?;
    session.exit_status_request(channel, 1)?;
    session.eof(channel)?;
    session.close(channel)
}
