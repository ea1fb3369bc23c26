//! One console session over an SSH channel: the local console's loop, with the channel for a
//! terminal, running as the key's operator until they quit, the client goes, they sit idle, their
//! key stops admitting them, or the server stops.

use crate::terminal::{ChannelWriter, PtySize, SshBackend};
use crate::{EndReason, Gate, Shared};
use crossterm::cursor::{Hide, Show};
use crossterm::event::Event;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use russh::server::Handle;
use russh::ChannelId;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_stream::wrappers::UnboundedReceiverStream;
use uln_api::ApiClient;
use uln_tui::app::{App, Connection};
use uln_tui::clipboard::Clipboard;
use uln_tui::feed::ChangeFeed;
use uln_tui::theme::Theme;

/// How often a running session asks whether its key still admits its operator.
const ADMISSION_CHECK: Duration = Duration::from_secs(1);

/// What the connection knows when the client asks for its shell.
pub(crate) struct SessionRequest {
    pub fingerprint: String,
    pub source: String,
    pub term: String,
    pub no_color: bool,
    pub size: PtySize,
    pub events: UnboundedReceiver<Event>,
    /// When the client last typed.
    pub idle: watch::Receiver<Instant>,
}

pub(crate) async fn run<G: Gate>(
    shared: Arc<Shared<G>>,
    handle: Handle,
    channel: ChannelId,
    request: SessionRequest,
) {
    let (out, to_client) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let sending = tokio::spawn(send_to_client(handle.clone(), channel, to_client));
    // The slot is held until the channel is closed: a server stopping waits for that.
    let (status, _slot) = match admit(&shared, &request).await {
        Ok((slot, session)) => {
            let why = console(&shared, &session, request, out.clone()).await;
            tracing::info!(reason = why.name(), "ssh session ended");
            shared.gate.end(session, why).await;
            (0, Some(slot))
        }
        Err(refusal) => {
            let _ = out.send(format!("{refusal}\r\n").into_bytes());
            (1, None)
        }
    };
    // Everything drawn reaches the client before the channel closes.
    drop(out);
    let _ = sending.await;
    let _ = handle.exit_status_request(channel, status).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

async fn send_to_client(handle: Handle, channel: ChannelId, mut bytes: UnboundedReceiver<Vec<u8>>) {
    while let Some(chunk) = bytes.recv().await {
        if handle.data(channel, chunk).await.is_err() {
            break;
        }
    }
}

/// A slot under the limits and a session from the backend, or the one line saying why not.
async fn admit<G: Gate>(
    shared: &Shared<G>,
    request: &SessionRequest,
) -> Result<(crate::limits::SessionSlot, G::Session), String> {
    let gate = &shared.gate;
    let operator = gate
        .operator_for_key(&request.fingerprint)
        .await
        .ok_or("your key no longer opens the console")?;
    let slot = shared
        .sessions
        .try_start(&operator)
        .map_err(|e| e.to_string())?;
    let session = gate
        .start(&request.fingerprint, &request.source)
        .await
        .ok_or("your key no longer opens the console")?;
    tracing::info!(fingerprint = %request.fingerprint, "ssh session started");
    Ok((slot, session))
}

/// Runs the console until it ends; says why.
async fn console<G: Gate>(
    shared: &Shared<G>,
    session: &G::Session,
    request: SessionRequest,
    out: UnboundedSender<Vec<u8>>,
) -> EndReason {
    let gate = &shared.gate;
    let client = match ApiClient::new(
        shared.settings.api_base.clone(),
        gate.token(session).to_owned(),
    ) {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!(error = %e, "no API client for an ssh session");
            return EndReason::Disconnected;
        }
    };
    let settings = gate.console_settings(gate.operator(session));
    let theme = Theme {
        colour: !settings.no_colour && !request.no_color && request.term != "dumb",
    };
    let connection = Connection {
        backend: "ssh".into(),
        operator: format!("{} ({})", gate.operator(session), gate.role(session)),
        demo: false,
        online: true,
        last_update: None,
    };
    let mut app = App::new(settings.keymap, theme, connection, jiff::Timestamp::now());
    app.masking.idle_after = settings.mask_after_idle;
    if let Some(problem) = settings.problem {
        app.notify(problem, true);
    }
    app.clipboard = Clipboard::new(Box::new(ChannelWriter::new(out.clone())));
    let mut screen = ChannelWriter::new(out.clone());
    let _ = crossterm::queue!(screen, EnterAlternateScreen, Hide).and_then(|()| screen.flush());
    let backend = SshBackend::new(ChannelWriter::new(out.clone()), request.size.clone());
    let mut terminal = match ratatui::Terminal::new(backend) {
        Ok(terminal) => terminal,
        Err(_) => return EndReason::Disconnected,
    };
    let ended = Mutex::new(None);
    let shutdown = async {
        let why = tokio::select! {
            () = idle_out(request.idle, shared.settings.idle_timeout) => EndReason::IdleTimeout,
            () = refused(gate, session) => EndReason::Revoked,
            () = stopping(shared.stopping.clone()) => EndReason::ServerStopping,
        };
        *ended.lock().unwrap_or_else(|e| e.into_inner()) = Some(why);
    };
    let input = UnboundedReceiverStream::new(request.events);
    let feed = match &shared.feed {
        Some(feed) => ChangeFeed::Shared(feed.subscribe()),
        None => ChangeFeed::Own,
    };
    let result =
        uln_tui::runtime::run_on_feed(&mut terminal, &mut app, &client, feed, input, shutdown)
            .await;
    drop(terminal);
    let why = match ended.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(why) => why,
        None if !app.running => EndReason::Quit,
        None => EndReason::Disconnected,
    };
    if result.is_ok() {
        let _ = crossterm::queue!(screen, LeaveAlternateScreen, Show);
        let _ = screen.write_all(farewell(why, shared.settings.idle_timeout).as_bytes());
        let _ = screen.flush();
    }
    why
}

fn farewell(why: EndReason, idle: Duration) -> String {
    match why {
        EndReason::IdleTimeout => format!(
            "console session ended: no key pressed for {} minutes\r\n",
            idle.as_secs() / 60
        ),
        EndReason::Revoked => "console session ended: your access was revoked\r\n".into(),
        EndReason::ServerStopping => "console session ended: the server is stopping\r\n".into(),
        EndReason::Quit | EndReason::Disconnected => String::new(),
    }
}

/// Resolves once nothing was typed for `limit`.
async fn idle_out(mut last_input: watch::Receiver<Instant>, limit: Duration) {
    loop {
        let deadline = *last_input.borrow_and_update() + limit;
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {
                if *last_input.borrow() + limit <= Instant::now() {
                    return;
                }
            }
            changed = last_input.changed() => if changed.is_err() {
                // The connection is gone; its input ends the console.
                std::future::pending::<()>().await;
            },
        }
    }
}

/// Resolves once the session's key no longer admits its operator.
async fn refused<G: Gate>(gate: &G, session: &G::Session) {
    let mut every = tokio::time::interval(ADMISSION_CHECK);
    loop {
        every.tick().await;
        if !gate.still_admitted(session).await {
            return;
        }
    }
}

async fn stopping(mut stopping: watch::Receiver<bool>) {
    if stopping.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}
