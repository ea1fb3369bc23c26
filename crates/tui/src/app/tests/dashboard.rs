use super::*;
use uln_api::{AnomalyKind, Queue};

/// The queue the dashboard on top shows.
fn dashboard_queue(app: &App) -> Queue {
    match app.top_layer() {
        Some(Layer::Dashboard(d)) => d.queue,
        other => panic!("the dashboard is not on top: {other:?}"),
    }
}

fn answered(app: &mut App) {
    app.on_message(Message::Dashboard(Ok(fixtures::dashboard(false))));
}

#[test]
fn d_opens_the_dashboard_loading_it_and_esc_goes_back_to_the_queue() {
    let mut app = loaded_app();
    assert_eq!(press(&mut app, "D"), vec![Effect::LoadDashboard]);
    assert_eq!(app.top().title(), "dashboard");
    answered(&mut app);
    assert_eq!(dashboard_queue(&app), Queue::All);
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue");
}

#[test]
fn colon_dashboard_opens_it() {
    let mut app = loaded_app();
    press(&mut app, ":dash");
    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.on_key(key(KeyCode::Enter)), vec![Effect::LoadDashboard]);
    assert_eq!(app.top().title(), "dashboard");
}

#[test]
fn the_dashboard_opens_on_the_queue_the_operator_is_on_and_tab_steps_round() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "D");
    answered(&mut app);
    assert_eq!(dashboard_queue(&app), Queue::Kind(AnomalyKind::Spelling));
    app.on_key(key(KeyCode::Tab));
    assert_eq!(dashboard_queue(&app), Queue::Kind(AnomalyKind::Postcode));
    app.on_key(key(KeyCode::BackTab));
    app.on_key(key(KeyCode::BackTab));
    app.on_key(key(KeyCode::BackTab));
    assert_eq!(
        dashboard_queue(&app),
        Queue::Kind(AnomalyKind::LinkedUln),
        "shift-tab from the first queue goes round to the last"
    );
}

#[test]
fn r_on_the_dashboard_loads_it_again_keeping_the_queue() {
    let mut app = loaded_app();
    press(&mut app, "D");
    answered(&mut app);
    app.on_key(key(KeyCode::Tab));
    assert_eq!(press(&mut app, "r"), vec![Effect::LoadDashboard]);
    answered(&mut app);
    assert_eq!(dashboard_queue(&app), Queue::Kind(AnomalyKind::Spelling));
}
