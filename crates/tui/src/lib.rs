//! The operator console: a ratatui app that talks to the backend only through `api::ApiClient`.

pub mod app;
pub mod claims;
pub mod clipboard;
pub mod columns;
pub mod config;
pub mod export;
pub mod feed;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod keymap;
pub mod layer;
pub mod mask;
pub mod message;
pub mod mouse;
pub mod quiet;
pub mod read_ahead;
#[cfg(test)]
mod render_assign;
#[cfg(test)]
mod render_bulk;
#[cfg(test)]
mod render_dashboard;
#[cfg(test)]
mod render_masked;
#[cfg(test)]
mod render_notes;
#[cfg(test)]
mod render_screens;
#[cfg(test)]
mod render_sizes;
#[cfg(test)]
mod render_tests;
#[cfg(test)]
mod render_undo;
pub mod runtime;
pub mod saved_state;
pub mod screens;
pub mod search;
pub mod tasks;
pub mod text_line;
pub mod theme;
pub mod view;

use crate::saved_state::ConsoleState;
use app::{App, Connection};
use futures_util::StreamExt;
use keymap::Keymap;
use std::future::Future;
use theme::Theme;
use uln_api::ApiClient;

/// How the console behaves, from the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Capture clicks and the wheel (`mouse = true`).
    pub mouse: bool,
    /// Mask personal data after this long without a key (`mask_after_idle`); None: never.
    pub mask_after_idle: Option<jiff::SignedDuration>,
}

/// Takes over the terminal, runs the console and restores the terminal on every way out:
/// quit, error, panic (ratatui's hook), and signals (the caller's `shutdown`). Returns where the
/// operator left off, to be restored next time. The mouse is captured only if `options.mouse` (the
/// config's `mouse = true`), so by default the terminal's text selection keeps working.
pub async fn run_in_terminal(
    client: ApiClient,
    connection: Connection,
    keymap: Keymap,
    theme: Theme,
    state: ConsoleState,
    options: Options,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<ConsoleState> {
    // ratatui::init sets up the terminal (raw mode, alternate screen, a panic hook that restores
    // it); the frames go through a backend that sends nothing when nothing changed.
    let mouse = options.mouse;
    drop(ratatui::init());
    if mouse {
        mouse::restore_on_panic();
    }
    // Dropped before `ratatui::restore` below, and on an early return too.
    let capture = match mouse::MouseCapture::start(mouse, std::io::stdout()) {
        Ok(capture) => capture,
        Err(e) => {
            ratatui::restore();
            return Err(e.into());
        }
    };
    let backend =
        quiet::QuietBackend::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()));
    let mut terminal = ratatui::Terminal::new(backend)?;
    let mut app = App::new(keymap, theme, connection, jiff::Timestamp::now());
    // Copies go to the terminal the frames go to, between frames, so a sequence never lands in
    // the middle of one.
    app.clipboard = clipboard::Clipboard::new(Box::new(std::io::stdout()));
    app.restore(&state);
    app.masking.idle_after = options.mask_after_idle;
    // A read error means the terminal is gone (e.g. the SSH session dropped): end the input stream.
    let input = crossterm::event::EventStream::new()
        .take_while(|e| std::future::ready(e.is_ok()))
        .filter_map(|e| std::future::ready(e.ok()));
    let result = runtime::run(&mut terminal, &mut app, &client, input, shutdown).await;
    drop(capture);
    ratatui::restore();
    result?;
    Ok(app.state())
}
