use super::*;
use crate::message::Write;
use uln_api::{ClientError, LearnerFields};
use uln_domain::RejectReason;

/// The record screen showing the fixture record (a one-letter family name slip).
fn on_record() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

/// The fixture record, its first suggestion a search of the register (ULN not found).
fn on_record_needing_a_search() -> App {
    let mut detail = fixtures::detail();
    detail.suggestions.insert(
        0,
        uln_api::SuggestionView {
            kind: SuggestionKind::UlnNotFound,
            reason: "The LRS has no learner with this ULN.".into(),
            confidence: 90,
            action: SuggestedAction::SearchByDemographics,
        },
    );
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    app
}

fn found(ulns: &[&str]) -> uln_api::LearnerSearchResponse {
    uln_api::LearnerSearchResponse {
        code: RegisterCode::PossibleMatches,
        message: "possible matches".into(),
        learners: ulns
            .iter()
            .map(|uln| uln_api::LearnerView {
                uln: (*uln).into(),
                given_name: "Amelia".into(),
                family_name: "Hughes".into(),
                date_of_birth: "2007-02-03".into(),
                gender: Gender::Female,
                postcode: Some("LS1 4AP".into()),
            })
            .collect(),
    }
}

#[test]
fn a_search_suggestion_asks_the_register_and_the_chosen_learners_uln_goes_into_the_form() {
    let mut app = on_record_needing_a_search();
    let effects = press(&mut app, "1");
    let supplied = fixtures::detail().supplied;
    assert_eq!(
        effects,
        vec![Effect::SearchLearners {
            id: 1,
            supplied: supplied.clone()
        }]
    );
    assert!(screen(&mut app).contains("Searching the register…"));
    app.on_message(Message::LearnerSearch {
        id: 1,
        result: Box::new(Ok(found(&["9276308686", "1234567899"]))),
    });
    let text = screen(&mut app);
    assert!(text.contains("WSRC0003 possible matches"), "{text}");
    assert!(text.contains("▶ 9276308686"));
    press(&mut app, "j");
    assert!(screen(&mut app).contains("▶ 1234567899"));
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.top().title(), "amend");
    assert!(!app.layers().any(|l| matches!(l, Layer::Matches(_))));
    let sent = app.on_key(ctrl('s'));
    assert!(
        matches!(&sent[..], [Effect::Amend { fields, .. }] if fields.uln.as_deref() == Some("1234567899")),
        "the chosen ULN is sent once reviewed: {sent:?}"
    );
}

#[test]
fn esc_closes_the_search_and_a_late_answer_or_an_error_is_handled() {
    let mut app = on_record_needing_a_search();
    press(&mut app, "1");
    app.on_key(key(KeyCode::Esc));
    assert!(!app.layers().any(|l| matches!(l, Layer::Matches(_))));
    assert_eq!(
        app.top().title(),
        "record",
        "esc closes the dialog, not the record"
    );
    app.on_message(Message::LearnerSearch {
        id: 1,
        result: Box::new(Ok(found(&["1234567899"]))),
    });
    assert!(
        !app.layers().any(|l| matches!(l, Layer::Matches(_))),
        "an answer for a closed dialog is dropped"
    );
    press(&mut app, "1");
    app.on_message(Message::LearnerSearch {
        id: 1,
        result: Box::new(Err(ClientError::Unreachable("connection refused".into()))),
    });
    assert!(!app.layers().any(|l| matches!(l, Layer::Matches(_))));
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("register search"));
}

#[test]
fn o_reopens_a_closed_record_only_after_y_and_refuses_an_open_one() {
    let mut app = on_record();
    assert!(press(&mut app, "o").is_empty());
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("only resolved or rejected"));
    let mut resolved = fixtures::detail();
    resolved.status = RecordStatus::Resolved;
    let version = resolved.version;
    app.on_message(Message::Detail(Box::new(Ok(resolved))));
    assert!(press(&mut app, "o").is_empty(), "asks first");
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("Reopen #1 (resolved)? y reopens"));
    assert!(press(&mut app, "n").is_empty());
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("#1 not reopened"));
    assert_eq!(
        app.top().title(),
        "record",
        "the cancelling key did nothing else"
    );
    press(&mut app, "o");
    assert_eq!(
        press(&mut app, "y"),
        vec![Effect::Reopen { id: 1, version }]
    );
    let mut reopened = fixtures::detail();
    reopened.version = version + 1;
    app.on_message(Message::Written {
        write: Write::Reopen,
        result: Box::new(Ok(reopened)),
    });
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .starts_with("#1 reopened: WSVRC003"));
}

#[test]
fn the_echo_of_our_own_write_keeps_its_outcome_notice() {
    let mut app = on_record();
    let mut resolved = fixtures::detail();
    resolved.status = RecordStatus::Resolved;
    resolved.version += 1;
    resolved.verification.code = VerifyCode::Match;
    let version = resolved.version;
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Ok(resolved)),
    });
    let effects = app.on_message(resolved_by(1, version, "olu"));
    assert!(effects.is_empty(), "nothing new to load");
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .starts_with("#1 resolved ✓"));
    assert!(
        !app.queue.visible_ids().any(|id| id == 1),
        "it still leaves the queue"
    );
}

fn hughes() -> LearnerFields {
    LearnerFields {
        family_name: Some("Hughes".into()),
        ..LearnerFields::default()
    }
}

#[test]
fn a_suggestion_opens_the_form_with_its_change_and_ctrl_s_sends_it_with_the_version() {
    let mut app = on_record();
    press(&mut app, "1");
    assert_eq!(app.top().title(), "amend");
    let effects = app.on_key(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Amend {
            id: 1,
            version: 3,
            fields: hughes(),
            note: None
        }]
    );
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "no second send while the first is in flight"
    );
}

#[test]
fn typing_edits_the_focused_field_and_invalid_values_are_not_sent() {
    let mut app = on_record();
    press(&mut app, "a");
    for _ in 0.."Amelia".len() {
        app.on_key(key(KeyCode::Backspace));
    }
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "a blank given name is not sent"
    );
    assert!(app.notice.as_ref().unwrap().error);
    press(&mut app, "Amelie q");
    assert_eq!(
        form(&app).value(AmendField::GivenName),
        "Amelie q",
        "q is text in a form"
    );
    assert!(app.running);
}

#[test]
fn a_draft_survives_stepping_away_and_an_unreachable_backend() {
    let mut app = on_record();
    press(&mut app, "1");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "record");
    press(&mut app, "a");
    assert_eq!(form(&app).amendment(), hughes(), "the draft is back");
    app.on_key(ctrl('s'));
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(ClientError::Unreachable("refused".into()))),
    });
    assert_eq!(app.top().title(), "amend");
    assert_eq!(form(&app).amendment(), hughes());
    assert!(!app.connection.online);
    assert_eq!(app.on_key(ctrl('s')).len(), 1, "it can be sent again");
}

#[test]
fn a_write_that_got_no_answer_says_it_may_have_been_saved_and_keeps_the_draft() {
    let mut app = on_record();
    press(&mut app, "1");
    app.on_key(ctrl('s'));
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(ClientError::NoAnswer("connection reset".into()))),
    });
    assert_eq!(app.top().title(), "amend");
    assert_eq!(form(&app).amendment(), hughes());
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("it may have been saved"), "{notice}");
}

#[test]
fn a_version_conflict_shows_their_change_and_resubmits_mine_on_the_new_version() {
    let mut app = on_record();
    press(&mut app, "1");
    app.on_key(ctrl('s'));
    let mut theirs = fixtures::detail();
    theirs.version = 4;
    theirs.supplied.postcode = "M1 1AE".into();
    let conflict = fixtures::version_conflict(theirs);
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(conflict)),
    });
    assert_eq!(app.top().title(), "amend");
    assert!(form(&app).conflict.is_some());
    let effects = app.on_key(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Amend {
            id: 1,
            version: 4,
            fields: hughes(),
            note: None
        }],
        "re-applied without retyping"
    );
}

#[test]
fn a_successful_amendment_shows_the_result_and_clears_the_draft() {
    let mut app = on_record();
    press(&mut app, "1");
    app.on_key(ctrl('s'));
    let mut resolved = fixtures::detail();
    resolved.status = RecordStatus::Resolved;
    resolved.version = 4;
    resolved.verification.code = VerifyCode::Match;
    let effects = app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Ok(resolved)),
    });
    assert_eq!(effects, vec![Effect::LoadQueues]);
    assert_eq!(app.top().title(), "record");
    assert!(app.drafts.is_empty());
    assert_eq!(
        app.notice.as_ref().unwrap().text,
        "#1 resolved ✓ (WSVRC001)"
    );
}

#[test]
fn rejecting_needs_a_confirm_key_other_than_the_one_that_opened_it() {
    let mut app = on_record();
    press(&mut app, "x");
    assert_eq!(app.top().title(), "reject");
    app.on_key(key(KeyCode::Down));
    press(&mut app, "centre said so");
    app.on_key(key(KeyCode::Enter));
    assert!(reject(&app).confirming);
    assert!(
        press(&mut app, "x").is_empty(),
        "pressing x again does not reject"
    );
    assert!(!reject(&app).confirming);
    app.on_key(key(KeyCode::Enter));
    let effects = press(&mut app, "y");
    assert_eq!(
        effects,
        vec![Effect::Reject {
            id: 1,
            version: 3,
            reason: RejectReason::NoUlnObtainable,
            note: Some("centre said so".into())
        }]
    );
}

#[test]
fn other_needs_a_note_before_confirming() {
    let mut app = on_record();
    press(&mut app, "x");
    app.on_key(key(KeyCode::Up));
    assert_eq!(reject(&app).reason, RejectReason::Other);
    app.on_key(key(KeyCode::Enter));
    assert!(!reject(&app).confirming);
    assert!(reject(&app).error.is_some());
}

#[test]
fn quitting_with_an_unsent_amendment_asks_twice() {
    let mut app = on_record();
    press(&mut app, "1");
    app.on_key(key(KeyCode::Esc));
    assert!(press(&mut app, "q").is_empty());
    assert!(app.running);
    assert_eq!(press(&mut app, "q"), vec![Effect::Quit]);
}

#[test]
fn v_reverifies_the_record() {
    let mut app = on_record();
    assert_eq!(press(&mut app, "v"), vec![Effect::Verify(1)]);
}
