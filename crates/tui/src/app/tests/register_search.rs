//! The register searched from anywhere by a learner's details: checked as typed, sent as typed,
//! and a learner found leads to their PLR or, from a record, to its amend form.

use super::*;
use crate::screens::register::{RegisterSearch, SearchField, SearchMode};
use uln_api::LearnerSearchQuery;

fn search(app: &App) -> &RegisterSearch {
    match app.top_layer() {
        Some(Layer::Register(search)) => search,
        other => panic!("the register search is not on top: {other:?}"),
    }
}

fn type_fields(app: &mut App, values: &[&str]) {
    for value in values {
        press(app, value);
        app.on_key(key(KeyCode::Tab));
    }
}

fn found(app: &mut App) {
    app.on_message(Message::RegisterSearch(Box::new(Ok(
        fixtures::learners_found(),
    ))));
}

#[test]
fn the_search_opens_from_the_queue_and_refuses_details_the_register_would() {
    let mut app = loaded_app();
    press(&mut app, "F");
    assert_eq!(app.top().title(), "search the register");
    type_fields(&mut app, &["Amelia", "Hughes", "2007-02-30"]);
    assert!(app.on_key(ctrl('s')).is_empty(), "30 February is not sent");
    assert!(search(&app)
        .error
        .as_ref()
        .unwrap()
        .contains("Date of birth"));
    assert!(screen(&mut app).contains("Date of birth"));
    app.on_key(key(KeyCode::BackTab));
    app.on_key(key(KeyCode::Backspace));
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, "01");
    app.on_key(key(KeyCode::Tab));
    type_fields(&mut app, &["2", "ls1 4ap"]);
    assert_eq!(
        app.on_key(ctrl('s')),
        vec![Effect::SearchRegister(LearnerSearchQuery {
            given_name: "Amelia".into(),
            family_name: "Hughes".into(),
            date_of_birth: "2007-02-01".into(),
            gender: Some(Gender::Female),
            postcode: Some("ls1 4ap".into()),
        })]
    );
}

#[test]
fn colon_search_opens_it_and_a_learner_found_opens_their_plr_with_the_uln() {
    let mut app = loaded_app();
    press(&mut app, ":search");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.top().title(), "search the register");
    type_fields(&mut app, &["Amelia", "Hughes", "2007-02-03"]);
    assert_eq!(app.on_key(ctrl('s')).len(), 1);
    found(&mut app);
    assert_eq!(search(&app).mode, SearchMode::Results);
    let shown = screen(&mut app);
    assert!(shown.contains("1174112637  Amelie Hughes"), "{shown}");
    assert!(
        !app.top().keys().contains(&crate::keymap::Action::Amend),
        "not opened from a record: nothing to amend"
    );
    press(&mut app, "j");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(
        plr(&app).query.value(crate::screens::plr::QueryField::Uln),
        "1174112637"
    );
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue", "the search closed behind it");
}

#[test]
fn from_a_record_it_is_filled_in_and_a_learner_goes_to_the_amend_form() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    press(&mut app, "F");
    let form = &search(&app).form;
    assert_eq!(form.value(SearchField::FamilyName), "Hughs");
    assert_eq!(form.value(SearchField::DateOfBirth), "2007-02-03");
    assert_eq!(form.value(SearchField::Postcode), "");
    let effects = app.on_key(ctrl('s'));
    let [Effect::SearchRegister(query)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(query.given_name, "Amelia");
    found(&mut app);
    press(&mut app, "ja");
    assert_eq!(app.top().title(), "amend");
    assert_eq!(form_uln(&app), "1174112637", "for review, not sent");
}

fn form_uln(app: &App) -> String {
    form(app).value(AmendField::Uln).to_owned()
}

#[test]
fn an_answer_for_a_search_closed_meanwhile_is_dropped() {
    let mut app = loaded_app();
    press(&mut app, "F");
    app.on_key(key(KeyCode::Esc));
    found(&mut app);
    assert_eq!(app.top().title(), "queue");
}
