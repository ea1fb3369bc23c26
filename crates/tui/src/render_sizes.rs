//! The main screens at the classic SSH size, 80×24, and on a big monitor, 200×50: snapshots to
//! read, and checks that what decides the work (band, countdown, ULN, counts, event ids, award
//! years) is always there whole.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::{PlrResponse, QueueCounts, QueueList};

const CLASSIC: (u16, u16) = (80, 24);
const BIG: (u16, u16) = (200, 50);

fn draw(app: &mut App, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

/// The screen as text, one string per row.
fn rows(app: &mut App, size: (u16, u16)) -> Vec<String> {
    let terminal = draw(app, size);
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|line| line.iter().map(|c| c.symbol()).collect())
        .collect()
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn on_record() -> App {
    let mut app = loaded_app();
    press(&mut app, "\n");
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

/// A learner with five events of one qualification, the kind of PLR where a duplicate challenge
/// names the second event by its id.
fn plr_with_five_events() -> PlrResponse {
    let mut plr = fixtures::plr_found();
    plr.events = (24171..=24175)
        .map(|id| fixtures::event(id, "GCSE (9-1) in English Language", "7", id == 24172))
        .collect();
    plr
}

fn on_plr_results() -> App {
    let mut app = loaded_app();
    press(&mut app, "L9276308686\tHughes\t2007-02-03");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    app.on_message(Message::Plr(Box::new(Ok(plr_with_five_events()))));
    app
}

#[test]
fn queue_at_80x24() {
    insta::assert_snapshot!(draw(&mut loaded_app(), CLASSIC).backend());
}

#[test]
fn queue_at_200x50() {
    insta::assert_snapshot!(draw(&mut loaded_app(), BIG).backend());
}

#[test]
fn record_at_80x24() {
    insta::assert_snapshot!(draw(&mut on_record(), CLASSIC).backend());
}

#[test]
fn record_at_200x50() {
    insta::assert_snapshot!(draw(&mut on_record(), BIG).backend());
}

#[test]
fn plr_lookup_at_80x24() {
    insta::assert_snapshot!(draw(&mut on_plr_results(), CLASSIC).backend());
}

#[test]
fn plr_lookup_at_200x50() {
    insta::assert_snapshot!(draw(&mut on_plr_results(), BIG).backend());
}

#[test]
fn at_80x24_each_row_of_the_queue_shows_its_band_countdown_and_uln() {
    let screen = rows(&mut loaded_app(), CLASSIC);
    for (band, uln, countdown) in [
        ("!!", "9276308687", "overdue"),
        ("! ", "9276308688", "21h 30m"),
        ("▲ ", "9276308689", "4d 04h"),
    ] {
        let row = screen.iter().find(|r| r.contains(uln));
        let row = row.unwrap_or_else(|| panic!("{uln} shown whole:\n{}", screen.join("\n")));
        assert!(row.contains(band) && row.contains(countdown), "{row}");
    }
}

#[test]
fn counts_in_the_queue_list_are_never_cut() {
    let mut app = loaded_app();
    let counts = |open, overdue, due_within_48h| QueueCounts {
        queue: uln_api::Queue::All,
        open,
        overdue,
        due_within_48h,
        due_within_7d: 0,
        snoozed: 0,
    };
    let mut spelling = counts(266, 200, 66);
    spelling.queue = uln_api::Queue::from_wire("different_person").unwrap();
    app.on_message(Message::Queues(Ok(QueueList {
        queues: vec![counts(123_456, 12_345, 0), spelling],
    })));
    for size in [CLASSIC, BIG, (100, 30)] {
        let screen = rows(&mut app, size).join("\n");
        for count in ["123k", "!12.3k", "different person", "266 !266"] {
            assert!(screen.contains(count), "{count} at {size:?}:\n{screen}");
        }
    }
}

#[test]
fn plr_event_ids_and_award_years_are_shown_whole_at_any_size() {
    let mut app = on_plr_results();
    for size in [(60, 24), CLASSIC, BIG] {
        let screen = rows(&mut app, size);
        for id in 24171..=24175 {
            let row = screen.iter().find(|r| r.contains(&id.to_string()));
            let row = row.unwrap_or_else(|| panic!("{id} at {size:?}:\n{}", screen.join("\n")));
            assert!(row.contains("24 Aug 2023"), "its award date whole: {row}");
        }
    }
}

#[test]
fn at_80x24_the_record_keeps_its_countdown_and_the_status_line_its_time_whole() {
    let screen = rows(&mut on_record(), CLASSIC);
    assert!(screen[1].contains("removal in !! overdue"), "{}", screen[1]);
    assert!(
        screen[23].contains("updated 24 Nov 2026 12:00"),
        "{}",
        screen[23]
    );
}
#[test]
fn at_80x24_a_lookup_field_says_what_is_wrong_in_whole_words_and_in_full_below() {
    let mut app = loaded_app();
    press(&mut app, "L9276308686\tHughes\t2999-02-31");
    let screen = rows(&mut app, CLASSIC);
    assert!(
        screen[3]
            .trim_end()
            .ends_with("✗ 2999-02-31 is not a real…  │"),
        "{}",
        screen[3]
    );
    assert!(
        screen[7].contains("Date of birth: 2999-02-31 is not a real calendar date"),
        "{}",
        screen.join("\n")
    );
}

#[test]
fn help_wraps_a_long_description_by_words_instead_of_cutting_it() {
    let mut app = on_record();
    press(&mut app, "?");
    let keys = app.layers().next().map(|l| l.component().keys()).unwrap();
    // Tall enough for every key: a help taller than the terminal scrolls (tested on its own).
    for size in [(44, 70), (80, 60)] {
        let screen = rows(&mut app, size);
        let text = inside_the_box(&screen, "┌ Keys:");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for action in keys {
            assert!(
                text.contains(action.describe()),
                "{:?} at {size:?}:\n{}",
                action.describe(),
                screen.join("\n")
            );
        }
    }
}

/// The text inside the box whose top left corner starts `corner`, its lines joined by spaces.
fn inside_the_box(screen: &[String], corner: &str) -> String {
    let chars: Vec<Vec<char>> = screen.iter().map(|r| r.chars().collect()).collect();
    let top = screen.iter().position(|r| r.contains(corner)).unwrap();
    let left = screen[top][..screen[top].find(corner).unwrap()]
        .chars()
        .count();
    let right = (left + 1..chars[top].len())
        .find(|&x| chars[top][x] == '┐')
        .unwrap();
    chars[top + 1..]
        .iter()
        .take_while(|r| r[left] != '└')
        .map(|r| r[left + 1..right].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn at_80x24_a_long_notice_keeps_its_first_words_and_says_whether_online() {
    let mut app = loaded_app();
    app.connection.online = false;
    app.on_message(Message::Queues(Err(uln_api::ClientError::Unreachable(
        "could not reach the backend at http://127.0.0.1:9/api/v1: connection refused, retrying"
            .repeat(2),
    ))));
    let screen = rows(&mut app, CLASSIC);
    let status = &screen[23];
    assert!(status.contains("○ OFFLINE, retrying"), "{status}");
    assert!(
        status.contains("could not reach") && status.contains('…'),
        "{status}"
    );
}

#[test]
fn at_80_columns_a_long_name_and_several_linked_ulns_wrap_on_the_record_instead_of_being_cut() {
    let mut detail = fixtures::detail();
    let lrs = detail.authoritative.as_mut().unwrap();
    lrs.family_name = "Featherstonehaugh-Montgomery Smythe".into();
    lrs.linked_ulns = vec![
        "1174112637".into(),
        "2234567890".into(),
        "3345678901".into(),
    ];
    let mut app = loaded_app();
    press(&mut app, "\n");
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    // Tall enough for the two extra lines the wrapping takes.
    let screen = rows(&mut app, (80, 30)).join("\n");
    for whole in [
        "Featherstonehaugh-Montgomery",
        "Smythe",
        "1174112637",
        "2234567890",
        "3345678901",
    ] {
        assert!(screen.contains(whole), "{whole}:\n{screen}");
    }
}
