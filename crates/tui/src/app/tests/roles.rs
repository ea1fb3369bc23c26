//! Screens by role (issue 13, defect 5): keys a role cannot use are not offered, in the footer or
//! in `?`, and pressing one says why at once instead of after a form is filled.

use super::*;
use crate::screens::help::HelpOverlay;
use uln_api::Me;

fn on_record_as(role: Role) -> App {
    let mut app = loaded_app();
    app.on_message(Message::Me(Ok(Me {
        name: "vera".into(),
        role,
        snooze_margin_hours: None,
    })));
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn help_text(app: &App) -> String {
    HelpOverlay::lines(
        app.top().keys(),
        app.top().meanings(),
        app.top().help_topics(),
        &app.keymap,
        &app.theme,
    )
    .iter()
    .map(|l| l.to_string() + "\n")
    .collect()
}

#[test]
fn a_viewer_is_not_offered_amend_reject_or_verify_and_is_told_why_on_pressing_them() {
    let mut app = on_record_as(Role::Viewer);
    let footer = app.top().footer(&app.keymap);
    for hidden in [
        "amend the registration",
        "reject the ULN",
        "re-verify",
        "reopen a resolved",
        "apply that suggestion",
    ] {
        assert!(!footer.contains(hidden), "{hidden} in the footer: {footer}");
        assert!(
            !help_text(&app).contains(hidden),
            "{hidden} in ?: {}",
            help_text(&app)
        );
    }
    assert!(
        footer.contains("next record"),
        "looking is offered: {footer}"
    );
    let effects = press(&mut app, "a");
    assert!(effects.is_empty());
    assert_eq!(app.top().title(), "record", "no form opened for nothing");
    assert!(notice(&app).contains("a viewer cannot"), "{}", notice(&app));
}

#[test]
fn a_viewer_pressing_a_suggestions_number_is_told_and_nothing_opens() {
    let mut app = on_record_as(Role::Viewer);
    assert!(screen(&mut app).contains("an operator or supervisor applies them"));
    press(&mut app, "1");
    assert_eq!(app.top().title(), "record");
    assert!(notice(&app).contains("a viewer cannot"), "{}", notice(&app));
}

#[test]
fn an_operator_is_offered_amend_but_not_reopen_and_a_supervisor_both() {
    let app = on_record_as(Role::Operator);
    let footer = app.top().footer(&app.keymap);
    assert!(footer.contains("amend"), "{footer}");
    assert!(
        !help_text(&app).contains("reopen a resolved"),
        "{}",
        help_text(&app)
    );
    let app = on_record_as(Role::Supervisor);
    assert!(
        help_text(&app).contains("reopen a resolved"),
        "{}",
        help_text(&app)
    );
    let mut app = on_record_as(Role::Operator);
    press(&mut app, "1");
    assert_eq!(
        app.top().title(),
        "amend",
        "an operator applies a suggestion"
    );
}
