use super::*;
use crate::fixtures::{self, loaded_app};
use crate::layer::Layer;
use crate::screens::amend::{AmendField, AmendForm};
use crate::screens::plr::PlrScreen;
use crate::screens::reject::RejectDialog;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uln_api::{
    ChallengeKind, ChangeAction, ChangeEvent, ErrorCode, ExceptionPage, ExceptionSummary, Gender,
    RecordStatus, RegisterCode, Role, SuggestedAction, SuggestionKind, VerifyCode,
};
use uln_api::{ExceptionDetail, SortKey};

mod all_records;
mod assign;
mod audit;
mod bulk;
mod call;
mod call_ending;
mod changes;
mod claims;
mod clipboard;
mod closed_meanwhile;
mod console;
mod dashboard;
mod editing;
mod export;
mod filter_rank;
mod grouped_live;
mod half_page;
mod handover;
mod identity;
mod identity_confirm;
mod import;
mod layers;
mod lookup;
mod masking;
mod mouse;
mod notes;
mod order;
mod queue;
mod register_search;
mod register_state;
mod roles;
mod several_causes;
mod shared_queue;
mod snooze;
mod status;
mod undo;
mod walking;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The event stream saying `operator` amended record `id` to resolved at `version`.
fn resolved_by(id: i64, version: i64, operator: &str) -> Message {
    Message::Change(ChangeEvent {
        record_id: id,
        status: RecordStatus::Resolved,
        version,
        operator: operator.into(),
        action: ChangeAction::Amended,
        row: None,
    })
}

/// The event stream saying `row` is open at its version after `action`.
fn changed(row: ExceptionSummary, action: ChangeAction) -> Message {
    Message::Change(ChangeEvent {
        record_id: row.id,
        status: RecordStatus::Open,
        version: row.version,
        operator: "sam".into(),
        action,
        row: Some(row),
    })
}

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| app.on_key(key(KeyCode::Char(c))))
        .collect()
}

/// The screen as text, one string per row.
fn screen(app: &mut App) -> String {
    screen_at(app, 120, 16)
}

/// The screen as text at `width`×`height`, one string per row.
fn screen_at(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(buffer.area.width as usize)
        .map(|line| line.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

fn filter_jobs(effects: Vec<Effect>) -> Vec<crate::search::FilterJob> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Filter(job) => Some(job),
            _ => None,
        })
        .collect()
}

/// The first page of `queue` in deadline order, as a fresh load asks for it.
fn first_page(generation: u64, queue: Option<&str>) -> Effect {
    Effect::LoadPage {
        generation,
        queue: queue.map(str::to_owned),
        cursor: None,
        sort: SortKey::Deadline,
        descending: false,
        records: uln_api::RecordFilter::Open,
        snoozed: uln_api::SnoozeFilter::Awake,
        assigned_to: None,
    }
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// What is typed on the command line, if it is open.
fn command_line(app: &App) -> Option<&str> {
    match app.top_layer() {
        Some(Layer::CommandLine(line)) => Some(&line.line),
        _ => None,
    }
}

/// Record 1's amendment: the open form, else its draft.
fn form(app: &App) -> &AmendForm {
    app.layers()
        .rev()
        .find_map(|l| match l {
            Layer::Amend(form) => Some(form.as_ref()),
            _ => None,
        })
        .or_else(|| app.drafts.get(&1))
        .expect("an amendment of #1")
}

fn reject(app: &App) -> &RejectDialog {
    match app.top_layer() {
        Some(Layer::Reject(dialog)) => dialog,
        other => panic!("the reject dialog is not on top: {other:?}"),
    }
}

fn plr(app: &App) -> &PlrScreen {
    match app.top_layer() {
        Some(Layer::Plr(plr)) => plr,
        other => panic!("the PLR lookup is not on top: {other:?}"),
    }
}

/// Record `id` at `version`: the fixed record under another id.
fn record(id: i64, version: i64) -> ExceptionDetail {
    ExceptionDetail {
        id,
        version,
        ..fixtures::detail()
    }
}

/// Answers the reads ahead among `effects` with `version` of each record; what the app asks next.
fn answer_reads(app: &mut App, effects: &[Effect], version: i64) -> Vec<Effect> {
    let reads: Vec<(i64, u64)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReadAhead { id, ticket } => Some((*id, *ticket)),
            _ => None,
        })
        .collect();
    reads
        .into_iter()
        .flat_map(|(id, ticket)| {
            app.on_message(Message::ReadAhead {
                id,
                ticket,
                result: Box::new(Ok(record(id, version))),
            })
        })
        .collect()
}

/// The id and version of the record on the record screen on top.
fn shown_record(app: &App) -> Option<(i64, i64)> {
    match app.top_layer() {
        Some(Layer::Record(r)) => r.detail.as_ref().map(|d| (d.id, d.version)),
        _ => None,
    }
}
