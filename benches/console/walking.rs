//! Bytes written to the terminal per `n` on the record screen: with the next record read ahead
//! (one frame, straight to the next record), and without it (the record stays, marked, then the
//! next one replaces it), each beside the minimum for the cells that changed.

use super::{app_with, bytes_after, ByteCounter, Event};
use crossterm::event::KeyCode;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use uln_api::*;
use uln_tui::message::{Effect, Message};
use uln_tui::quiet::QuietBackend;

/// The record behind queue row `row`, as the backend details it: the names and centre of the
/// row, so each record on screen differs from the last as real ones do.
fn detail(row: &ExceptionSummary) -> ExceptionDetail {
    let supplied = SuppliedDetails {
        uln: row.uln.clone(),
        given_name: row.given_name.clone(),
        family_name: format!("{}e", row.family_name),
        date_of_birth: "2007-02-03".into(),
        gender: Gender::Female,
        postcode: "LS1 4AP".into(),
    };
    ExceptionDetail {
        id: row.id,
        status: RecordStatus::Open,
        version: 1,
        centre: row.centre.clone(),
        registered_at: row.registered_at.clone(),
        deadline: row.deadline.clone(),
        qualification: None,
        anomalies: row.anomalies.clone(),
        reject_reason: None,
        authoritative: Some(AuthoritativeDetails {
            uln: row.uln.clone().unwrap_or_default(),
            given_name: row.given_name.clone(),
            family_name: row.family_name.clone(),
            date_of_birth: "2007-02-03".into(),
            gender: Gender::Female,
            postcode: Some("LS1 4AP".into()),
            preferred_given_name: None,
            middle_names: None,
            previous_family_name: None,
            linked_ulns: vec![],
            ability_to_share: true,
            version: 1,
        }),
        supplied,
        verification: VerificationView {
            code: VerifyCode::SimilarMatch,
            description: "similar match: ULN found, names similar but not exact".into(),
            failure_flags: vec![],
        },
        comparison: Some(ComparisonView {
            given_name: FieldMatch::Match,
            family_name: FieldMatch::Similar,
            date_of_birth: FieldMatch::Match,
            gender: FieldMatch::Match,
            postcode: FieldMatch::Match,
        }),
        suggestions: vec![SuggestionView {
            kind: SuggestionKind::Spelling,
            reason: format!("The family name is one letter away from the LRS spelling \"{}\"; amend to the LRS spelling.", row.family_name),
            confidence: 78,
            action: SuggestedAction::Amend {
                amendment: LearnerFields {
                    family_name: Some(row.family_name.clone()),
                    ..LearnerFields::default()
                },
            },
        }],
        audit: vec![],
        audit_total: 0,
        notes: Vec::new(),
        notes_total: 0,
        snoozed_until: None,
        assigned_to: None,
        assignment: None,
        register_unavailable: None,
        claim: None,
    }
}

/// Answers the record reads among `effects` as the backend would; what the app asks next.
fn answer(
    app: &mut uln_tui::app::App,
    rows: &[ExceptionSummary],
    effects: Vec<Effect>,
) -> Vec<Effect> {
    let row = |id: i64| rows.iter().find(|r| r.id == id).expect("a row");
    let mut next = Vec::new();
    for effect in effects {
        next.extend(match effect {
            Effect::LoadDetail(id) => {
                app.on_message(Message::Detail(Box::new(Ok(detail(row(id))))))
            }
            Effect::ReadAhead { id, ticket } => {
                let result = Box::new(Ok(detail(row(id))));
                app.on_message(Message::ReadAhead { id, ticket, result })
            }
            _ => Vec::new(),
        });
    }
    next
}

pub fn walking_bytes(n: usize) {
    let mut app = app_with(n);
    let first: Vec<i64> = app.queue.visible_ids().take(8).collect();
    let rows: Vec<ExceptionSummary> = super::synthetic::rows(n)
        .into_iter()
        .filter(|r| first.contains(&r.id))
        .collect();
    let counter = ByteCounter::default();
    let backend = QuietBackend::new(CrosstermBackend::new(counter.clone()));
    let area = ratatui::layout::Rect::new(0, 0, 200, 50);
    let viewport = ratatui::Viewport::Fixed(area);
    let mut terminal =
        Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
    let mut previous = ratatui::buffer::Buffer::empty(area);
    let (t, c, p) = (&mut terminal, &counter, &mut previous);
    bytes_after(&mut app, t, c, p, None);
    let opened = app.on_key(crossterm::event::KeyEvent::from(KeyCode::Enter));
    // The record, then its neighbours read ahead.
    let reads = answer(&mut app, &rows, opened);
    answer(&mut app, &rows, reads);
    bytes_after(&mut app, t, c, p, None);
    // The neighbours are read; the next record is shown from memory in one frame.
    let n_pressed = |app: &mut uln_tui::app::App| {
        app.on_key(crossterm::event::KeyEvent::from(KeyCode::Char('n')))
    };
    // The next record's own neighbour is read, and held back for the case below.
    let held_back = n_pressed(&mut app);
    let read_ahead = bytes_after(&mut app, t, c, p, None);
    // Not read yet (its read is held back): the record stays, marked, until the answer comes.
    let marked = bytes_after(&mut app, t, c, p, Some(Event::Key(KeyCode::Char('n'))));
    answer(&mut app, &rows, held_back);
    let arrived = bytes_after(&mut app, t, c, p, None);
    println!("bytes  {n:>9} rows: n, next record read ahead {read_ahead}");
    println!("bytes  {n:>9} rows: n, next record not read yet: the marker {marked}");
    println!("bytes  {n:>9} rows:    then the record once read {arrived}");
}
