use super::*;
use crate::screens::plr::{PlrMode, PlrQuery, QueryField};

#[test]
fn the_lookup_opens_from_anywhere_and_checks_the_uln_as_typed() {
    let mut app = loaded_app();
    press(&mut app, "jL");
    assert_eq!(app.top().title(), "PLR lookup");
    press(&mut app, "9276308687");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "Hughes");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "2007-02-03");
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "a ULN with a wrong check digit is not sent"
    );
    assert!(plr(&app).error.as_ref().unwrap().contains("check digit"));
    app.on_key(key(KeyCode::BackTab));
    app.on_key(key(KeyCode::BackTab));
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, "6");
    let effects = app.on_key(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::LookupPlr(PlrQuery {
            uln: "9276308686".into(),
            family_name: "Hughes".into(),
            date_of_birth: "2007-02-03".into(),
            given_name: None
        })]
    );
    app.on_key(key(KeyCode::Esc));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(
        app.top().title(),
        "queue",
        "esc goes back where the operator came from"
    );
}

#[test]
fn colon_plr_prefills_the_uln() {
    let mut app = loaded_app();
    press(&mut app, ":plr 9276308686");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.top().title(), "PLR lookup");
    assert_eq!(plr(&app).query.value(QueryField::Uln), "9276308686");
    assert_eq!(
        plr(&app).query.focus,
        QueryField::FamilyName,
        "the caller's family name is next"
    );
}

#[test]
fn a_challenge_on_the_selected_event_is_sent_with_its_corrected_value() {
    let mut app = loaded_app();
    press(&mut app, ":plr 9276308686");
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    assert_eq!(plr(&app).mode, PlrMode::Results);
    press(&mut app, "jc");
    assert_eq!(plr(&app).mode, PlrMode::Challenge);
    assert!(app.on_key(ctrl('s')).is_empty(), "a note is required");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "grade");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "4");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "certificate says 4");
    let effects = app.on_key(ctrl('s'));
    let [Effect::RaiseChallenge { uln, request }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(uln, "9276308686");
    assert_eq!(request.kind, ChallengeKind::IncorrectInformation);
    assert_eq!(request.event_ids, vec![12]);
    assert_eq!(request.corrected.as_ref().unwrap()["grade"], "4");
}

#[test]
fn a_duplicate_challenge_names_both_events() {
    let mut app = loaded_app();
    press(&mut app, "L");
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    press(&mut app, "c");
    press(&mut app, "3");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "12");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "listed twice");
    let effects = app.on_key(ctrl('s'));
    let [Effect::RaiseChallenge { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (request.kind, request.event_ids.clone()),
        (ChallengeKind::Duplicate, vec![11, 12])
    );
}

#[test]
fn colon_challenges_lists_them() {
    let mut app = loaded_app();
    press(&mut app, ":chal");
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("challenges"));
    assert_eq!(
        app.on_key(key(KeyCode::Enter)),
        vec![Effect::LoadChallenges]
    );
    assert_eq!(app.top().title(), "challenges");
}

/// The lookup of the fixture learner, typed and answered with their events.
fn looked_up(app: &mut App) {
    press(app, "L9276308686");
    app.on_key(key(KeyCode::Tab));
    press(app, "Hughes");
    app.on_key(key(KeyCode::Tab));
    press(app, "2007-02-03");
    app.on_key(ctrl('s'));
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    assert_eq!(plr(app).mode, PlrMode::Results);
}

#[test]
fn after_a_lookup_esc_leaves_the_screen() {
    let mut app = loaded_app();
    looked_up(&mut app);
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue", "one esc, as the footer says");
}

#[test]
fn l_on_the_events_starts_the_next_callers_lookup_empty() {
    let mut app = loaded_app();
    looked_up(&mut app);
    press(&mut app, "L");
    let next = plr(&app);
    assert_eq!(next.mode, PlrMode::Query);
    assert!(next.result.is_none(), "the previous learner is not shown");
    for field in QueryField::ALL {
        assert_eq!(next.query.value(field), "", "{field:?} starts empty");
    }
    assert_eq!(app.layers().count(), 1, "one lookup open, not two");
}

#[test]
fn colon_in_the_lookup_form_opens_the_command_line() {
    let mut app = loaded_app();
    press(&mut app, "L");
    app.on_key(key(KeyCode::Tab));
    app.on_key(key(KeyCode::Tab));
    press(&mut app, ":all");
    assert_eq!(command_line(&app), Some("all"));
    assert_eq!(
        app.layers().next().and_then(|l| match l {
            Layer::Plr(p) => Some(p.query.value(QueryField::DateOfBirth).to_owned()),
            _ => None,
        }),
        Some(String::new()),
        "nothing lands in the date of birth"
    );
}

#[test]
fn colon_in_a_note_is_typed() {
    let mut app = loaded_app();
    press(&mut app, "L");
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    press(&mut app, "c");
    for _ in 0..3 {
        app.on_key(key(KeyCode::Tab));
    }
    press(&mut app, "ref: 12");
    assert_eq!(plr(&app).challenge.note, "ref: 12");
}
