//! The console as a whole: starting, the command line, help, quitting, the connection, and
//! what is remembered between runs.

use super::*;

#[test]
fn opening_the_console_loads_queues_and_the_first_page() {
    let mut app = fixtures::app();
    let effects = app.start();
    assert_eq!(
        effects,
        vec![Effect::WhoAmI, Effect::LoadQueues, first_page(1, None)]
    );
}

#[test]
fn the_command_line_completes_queue_names_and_switches_queue() {
    let mut app = loaded_app();
    press(&mut app, ":pos");
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("postcode"));
    let effects = app.on_key(key(KeyCode::Enter));
    assert_eq!(effects, vec![first_page(2, Some("postcode"))]);
    press(&mut app, ":nonsense");
    app.on_key(key(KeyCode::Enter));
    assert!(app.notice.as_ref().unwrap().error);
    assert_eq!(press(&mut app, ":quit").len(), 0);
    assert_eq!(app.on_key(key(KeyCode::Enter)), vec![Effect::Quit]);
    assert!(!app.running);
}

#[test]
fn help_opens_on_question_mark_and_swallows_other_keys() {
    let mut app = loaded_app();
    press(&mut app, "?");
    assert!(matches!(app.top_layer(), Some(Layer::Help(_))));
    assert!(press(&mut app, "j").is_empty());
    assert_eq!(app.queue.selected, Some(1));
    press(&mut app, "?");
    assert_eq!(app.top().title(), "queue");
}

#[test]
fn losing_and_regaining_the_backend_catches_up() {
    let mut app = loaded_app();
    assert!(app.on_message(Message::Connection(false)).is_empty());
    assert!(!app.connection.online);
    assert_eq!(
        app.queue.visible_len(),
        5,
        "the view stays readable while offline"
    );
    let effects = app.on_message(Message::Connection(true));
    assert_eq!(effects, vec![Effect::LoadQueues, first_page(2, None)]);
    assert_eq!(
        app.queue.visible_len(),
        5,
        "old rows stay until the new ones arrive"
    );
}

#[test]
fn an_answer_while_the_stream_is_down_does_not_cancel_the_catch_up() {
    // Another request answered (here, the counts) while the stream was down, by the next
    // server say: the console is online again, but changes sent meanwhile were never heard.
    let mut app = loaded_app();
    app.on_message(Message::Connection(false));
    app.on_message(Message::Queues(Ok(fixtures::queues())));
    let effects = app.on_message(Message::Connection(true));
    assert_eq!(effects, vec![Effect::LoadQueues, first_page(2, None)]);
    assert!(
        app.on_message(Message::Connection(true)).is_empty(),
        "caught up once, not at every reconnect without a drop"
    );
}

#[test]
fn q_quits() {
    let mut app = loaded_app();
    assert_eq!(press(&mut app, "q"), vec![Effect::Quit]);
    assert!(!app.running);
}

#[test]
fn queue_filter_and_sort_survive_a_restart() {
    let mut before = loaded_app();
    press(&mut before, ":postcode");
    before.on_key(key(KeyCode::Enter));
    press(&mut before, "sS/grace");
    before.on_key(key(KeyCode::Enter));
    let saved = before.state();
    assert_eq!(saved.queue.as_deref(), Some("postcode"));

    let mut after = fixtures::app();
    after.restore(&saved);
    let effects = after.start();
    assert_eq!(
        effects[2],
        Effect::LoadPage {
            generation: 1,
            queue: Some("postcode".into()),
            cursor: None,
            sort: SortKey::Registered,
            descending: true,
            records: uln_api::RecordFilter::Open,
            snoozed: uln_api::SnoozeFilter::Awake,
            assigned_to: None,
        },
        "the saved queue loads first"
    );
    after.on_message(Message::Queues(Ok(fixtures::queues())));
    assert_eq!(after.queue.queue_name().as_deref(), Some("postcode"));
    assert_eq!(after.state(), saved);
}

#[test]
fn the_status_bar_names_the_operator_and_role_the_backend_reports() {
    let mut app = fixtures::app();
    app.on_message(Message::Me(Ok(uln_api::Me {
        name: "olu".into(),
        role: Role::Operator,
        snooze_margin_hours: None,
    })));
    assert_eq!(app.connection.operator, "olu (operator)");
}

/// The completions box as drawn (titled with how many there are): its marks and names.
fn completions_box(app: &mut App) -> Vec<String> {
    let rows = screen(app);
    let rows: Vec<&str> = rows.lines().collect();
    let Some(top) = rows.iter().position(|r| {
        r.strip_prefix("┌ ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    }) else {
        return Vec::new();
    };
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.starts_with('└'))
        .filter_map(|row| {
            let inner = row.strip_prefix('│')?;
            Some(inner[..inner.find('│')?].trim_end().to_owned())
        })
        .collect()
}

#[test]
fn the_command_line_lists_every_completion_and_tab_cycles_through_them() {
    let mut app = loaded_app();
    press(&mut app, ":p");
    assert_eq!(completions_box(&mut app), ["  plr", "  postcode"]);
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("plr"));
    assert_eq!(completions_box(&mut app), ["▶ plr", "  postcode"]);
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("postcode"));
    assert_eq!(completions_box(&mut app), ["  plr", "▶ postcode"]);
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("plr"), "round to the first");
    app.on_key(key(KeyCode::BackTab));
    assert_eq!(command_line(&app), Some("postcode"), "shift-tab goes back");
    app.on_key(key(KeyCode::Backspace));
    assert_eq!(command_line(&app), Some("postcod"));
    assert_eq!(
        completions_box(&mut app),
        ["  postcode"],
        "editing starts the completions afresh"
    );
    let effects = app.on_key(key(KeyCode::Tab));
    assert!(effects.is_empty());
    assert_eq!(
        app.on_key(key(KeyCode::Enter)),
        vec![first_page(2, Some("postcode"))]
    );
}

#[test]
fn shift_tab_first_takes_the_last_completion_and_nothing_completes_nothing() {
    let mut app = loaded_app();
    press(&mut app, ":");
    app.on_key(key(KeyCode::BackTab));
    assert_eq!(command_line(&app), Some("linked_uln"), "the last queue");
    press(&mut app, "zz");
    assert!(completions_box(&mut app).is_empty());
    app.on_key(key(KeyCode::Tab));
    assert_eq!(command_line(&app), Some("linked_ulnzz"));
}
