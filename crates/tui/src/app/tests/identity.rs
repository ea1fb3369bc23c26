//! A record whose identity is in doubt: the screen says why no amendment is offered, and no
//! suggestion can be applied as one.

use super::*;
use uln_api::{RejectReason, SuggestionView};

const WHY: &str = "The dates of birth differ with no recognisable slip (19 Nov 2006 supplied, 03 Feb 2007 on the LRS): confirm the learner's identity with the centre.";

/// The fixture record as the backend diagnoses a namesake born on another day: confirm identity,
/// reject, search; no amendment.
fn namesake_detail() -> uln_api::ExceptionDetail {
    let mut detail = fixtures::detail();
    detail.supplied.family_name = "Hughes".into();
    detail.supplied.date_of_birth = "2006-11-19".into();
    let suggestion = |confidence, action, reason: &str| SuggestionView {
        kind: SuggestionKind::DifferentPerson,
        reason: reason.into(),
        confidence,
        action,
    };
    detail.suggestions = vec![
        suggestion(85, SuggestedAction::ConfirmIdentity, WHY),
        suggestion(
            70,
            SuggestedAction::Reject {
                reason: RejectReason::WrongLearner,
            },
            "The LRS learner with this ULN may be a different person: if the centre says so, reject the ULN (wrong learner); never accept the LRS details.",
        ),
    ];
    detail
}

fn on_namesake() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(namesake_detail()))));
    app
}

/// The screen at 80 columns, as one string with the rows' trailing spaces and borders removed.
fn screen_80(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 44)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(buffer.area.width as usize)
        .map(|row| {
            let text: String = row.iter().map(|c| c.symbol()).collect();
            text.trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_record_screen_says_plainly_why_no_amendment_is_offered() {
    let mut app = on_namesake();
    let text = screen_80(&mut app);
    assert!(
        text.contains("No amendment is offered: the dates of birth differ with no recognisable slip (19 Nov 2006 supplied, 03 Feb 2007 on the LRS): confirm the learner's identity with the centre."),
        "{text}"
    );
    assert_eq!(
        text.matches("no recognisable slip").count(),
        1,
        "the reason is said once: {text}"
    );
    assert!(
        text.contains("1. different person (85%) Confirm the learner's identity with the centre"),
        "{text}"
    );
}

#[test]
fn a_record_with_an_amendment_on_offer_does_not_say_one_is_withheld() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    assert!(!screen_80(&mut app).contains("No amendment is offered"));
}

#[test]
fn confirming_identity_is_never_applied_as_an_amendment() {
    let mut app = on_namesake();
    let effects = press(&mut app, "1");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.top().title(), "record");
    assert!(!app.layers().any(|l| matches!(l, Layer::Amend(_))));
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.starts_with("No amendment is offered"), "{notice}");
}
