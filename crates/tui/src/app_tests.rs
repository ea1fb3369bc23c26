use super::*;
use crate::fixtures::{self, loaded_app};
use crate::screens::queue::SortColumn;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uln_api::{
    ChallengeKind, ChangeAction, ChangeEvent, ErrorCode, ExceptionPage, Gender, RecordStatus,
    RegisterCode, Role, SuggestedAction, SuggestionKind, VerifyCode,
};

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
    })
}

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| app.on_key(key(KeyCode::Char(c))))
        .collect()
}

#[test]
fn opening_the_console_loads_queues_and_the_first_page() {
    let mut app = fixtures::app();
    let effects = app.start();
    assert_eq!(
        effects,
        vec![
            Effect::WhoAmI,
            Effect::LoadQueues,
            Effect::LoadPage {
                generation: 1,
                queue: None,
                cursor: None,
                sort: SortColumn::Deadline,
                descending: false
            }
        ]
    );
}

#[test]
fn pages_keep_loading_until_the_last_and_stale_pages_are_dropped() {
    let mut app = fixtures::app();
    app.start();
    let first = ExceptionPage {
        items: fixtures::rows()[..2].to_vec(),
        next_cursor: Some("c1".into()),
    };
    let effects = app.on_message(Message::Page {
        generation: 1,
        result: Ok(first),
    });
    assert_eq!(
        effects,
        vec![Effect::LoadPage {
            generation: 1,
            queue: None,
            cursor: Some("c1".into()),
            sort: SortColumn::Deadline,
            descending: false
        }]
    );
    let stale = ExceptionPage {
        items: fixtures::rows(),
        next_cursor: None,
    };
    assert!(app
        .on_message(Message::Page {
            generation: 0,
            result: Ok(stale)
        })
        .is_empty());
    assert_eq!(app.queue.visible_len(), 2);
    assert!(app.queue.loading);
}

#[test]
fn enter_opens_the_record_and_n_p_walk_the_queue() {
    let mut app = loaded_app();
    press(&mut app, "j");
    assert_eq!(app.on_key(key(KeyCode::Enter)), vec![Effect::LoadDetail(2)]);
    assert_eq!(app.screen, Screen::Record);
    assert_eq!(press(&mut app, "n"), vec![Effect::LoadDetail(3)]);
    assert_eq!(
        press(&mut app, "pp"),
        vec![Effect::LoadDetail(2), Effect::LoadDetail(1)]
    );
    assert!(
        press(&mut app, "p").is_empty(),
        "no record before the first"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("first record"));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.screen, Screen::Queue);
    assert_eq!(
        app.queue.selected,
        Some(1),
        "back on the list, the cursor is on the record last shown"
    );
}

#[test]
fn a_record_resolved_elsewhere_leaves_the_queue_and_the_cursor_stays_on_its_record() {
    let mut app = loaded_app();
    press(&mut app, "jj");
    assert_eq!(app.queue.selected, Some(3));
    let effects = app.on_message(resolved_by(1, 2, "sam"));
    assert_eq!(effects, vec![Effect::LoadQueues]);
    assert_eq!(app.queue.visible_len(), 4);
    assert_eq!(
        app.queue.selected_row().map(|r| r.id),
        Some(3),
        "anchored by id, not row number"
    );
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("#1 resolved by sam"));
}

#[test]
fn a_record_resolved_elsewhere_leaves_a_filtered_queue_without_refiltering_it() {
    let mut app = loaded_app();
    press(&mut app, "/cal");
    app.on_key(key(KeyCode::Enter));
    let before: Vec<i64> = app.queue.visible_ids().collect();
    assert!(
        before.len() >= 2 && before.len() < 5,
        "a filter that hides some rows"
    );
    let hidden = (1..=5).find(|id| !before.contains(id)).unwrap();
    for (id, version) in [(before[0], 2), (hidden, 2)] {
        app.on_message(resolved_by(id, version, "sam"));
    }
    let after: Vec<i64> = app.queue.visible_ids().collect();
    assert_eq!(after, before[1..], "the rest still shown, in order");
    // The same as filtering the remaining rows afresh.
    press(&mut app, "/");
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, "l");
    assert_eq!(app.queue.visible_ids().collect::<Vec<_>>(), after);
}

#[test]
fn a_change_to_the_open_record_reloads_it() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let change = ChangeEvent {
        record_id: 1,
        status: RecordStatus::Open,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Verified,
    };
    assert_eq!(
        app.on_message(Message::Change(change)),
        vec![Effect::LoadQueues, Effect::LoadDetail(1)]
    );
}

#[test]
fn slash_filters_fuzzily_in_queue_order_and_esc_clears() {
    let mut app = loaded_app();
    press(&mut app, "/");
    assert!(app.queue.filtering);
    press(&mut app, "calder");
    assert_eq!(app.queue.visible_len(), 2);
    assert_eq!(
        app.queue.selected_row().map(|r| r.id),
        Some(1),
        "matches keep the deadline order"
    );
    press(&mut app, "q");
    assert!(app.running, "q while filtering is text, not quit");
    app.on_key(key(KeyCode::Backspace));
    app.on_key(key(KeyCode::Enter));
    assert!(!app.queue.filtering);
    assert_eq!(app.queue.filter, "calder");
    press(&mut app, "/");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.queue.visible_len(), 5);
}

/// The screen as text, one string per row.
fn screen(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 16)).unwrap();
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

/// The "input never waits" rule: on a queue big enough to filter in the background, each key
/// is echoed in the very next frame without waiting for the filter, a filter overtaken by a later
/// key stops and answers nothing, and only the newest result is shown.
#[test]
fn typing_a_filter_on_a_big_queue_never_waits_for_it_and_stale_filters_are_dropped() {
    let mut app = loaded_app();
    app.queue.inline_filter_below = 0; // as if the queue held a million rows
    press(&mut app, "/");
    let mut jobs = Vec::new();
    for (typed, c) in ["c", "ca", "cal"].into_iter().zip("cal".chars()) {
        let found = filter_jobs(app.on_key(key(KeyCode::Char(c))));
        assert_eq!(found.len(), 1, "the key hands the filter to the background");
        jobs.extend(found);
        let text = screen(&mut app);
        assert!(
            text.contains(&format!("/{typed}█  filtering…")),
            "the key shows in the next frame, before any filter answers:\n{text}"
        );
    }
    assert_eq!(
        app.queue.visible_len(),
        5,
        "the old rows stay until the filter answers"
    );
    assert_eq!(
        jobs[0].run(),
        None,
        "a filter overtaken by later keys gives up"
    );
    assert_eq!(jobs[1].run(), None);
    let newest = jobs[2].run().expect("the newest filter runs to the end");
    // A stale answer that slipped through is ignored.
    let mut stale = newest.clone();
    stale.generation -= 1;
    stale.visible = vec![4];
    app.on_message(Message::Filtered(stale));
    assert_eq!(app.queue.visible_len(), 5);
    app.on_message(Message::Filtered(newest));
    let mut inline = loaded_app();
    press(&mut inline, "/cal");
    assert_eq!(app.queue.visible_len(), inline.queue.visible_len());
    assert_eq!(app.queue.visible_len(), 3);
    assert!(!screen(&mut app).contains("filtering…"));
    // Typing on narrows the matches in the background, among the last result only.
    let narrowing = filter_jobs(press(&mut app, "der"));
    assert_eq!(narrowing.len(), 3);
    assert!(format!("{:?}", narrowing[0]).contains("narrowing: Some(3)"));
    app.on_message(Message::Filtered(narrowing[2].run().unwrap()));
    assert_eq!(app.queue.visible_len(), 2, "calder: the two Calders");
}

#[test]
fn sorting_cycles_columns_and_reverses() {
    let mut app = loaded_app();
    press(&mut app, "ss");
    assert_eq!(app.queue.sort.name(), "centre");
    assert_eq!(
        app.queue.selected,
        Some(1),
        "sorting keeps the cursor on its record"
    );
    press(&mut app, "g");
    assert_eq!(
        app.queue.selected_row().unwrap().centre,
        "Abbey Mead Academy"
    );
    press(&mut app, "S");
    assert!(app.queue.descending);
}

#[test]
fn tab_moves_to_the_next_queue_and_reloads_it() {
    let mut app = loaded_app();
    let effects = app.on_key(key(KeyCode::Tab));
    assert_eq!(
        effects,
        vec![Effect::LoadPage {
            generation: 2,
            queue: Some("spelling".into()),
            cursor: None,
            sort: SortColumn::Deadline,
            descending: false
        }]
    );
}

#[test]
fn the_command_line_completes_queue_names_and_switches_queue() {
    let mut app = loaded_app();
    press(&mut app, ":pos");
    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.command.as_deref(), Some("postcode"));
    let effects = app.on_key(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::LoadPage {
            generation: 2,
            queue: Some("postcode".into()),
            cursor: None,
            sort: SortColumn::Deadline,
            descending: false
        }]
    );
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
    assert!(app.help);
    assert!(press(&mut app, "j").is_empty());
    assert_eq!(app.queue.selected, Some(1));
    press(&mut app, "?");
    assert!(!app.help);
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
    assert_eq!(
        effects,
        vec![
            Effect::LoadQueues,
            Effect::LoadPage {
                generation: 2,
                queue: None,
                cursor: None,
                sort: SortColumn::Deadline,
                descending: false
            }
        ]
    );
    assert_eq!(
        app.queue.visible_len(),
        5,
        "old rows stay until the new ones arrive"
    );
}

#[test]
fn q_quits() {
    let mut app = loaded_app();
    assert_eq!(press(&mut app, "q"), vec![Effect::Quit]);
    assert!(!app.running);
}

mod editing {
    use super::*;
    use crate::message::Write;
    use uln_api::{ClientError, ErrorBody, LearnerFields};
    use uln_domain::RejectReason;

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

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
        assert_eq!(app.screen, Screen::Amend);
        assert!(app.matches.is_none());
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
        assert!(app.matches.is_none());
        assert_eq!(
            app.screen,
            Screen::Record,
            "esc closes the dialog, not the record"
        );
        app.on_message(Message::LearnerSearch {
            id: 1,
            result: Box::new(Ok(found(&["1234567899"]))),
        });
        assert!(
            app.matches.is_none(),
            "an answer for a closed dialog is dropped"
        );
        press(&mut app, "1");
        app.on_message(Message::LearnerSearch {
            id: 1,
            result: Box::new(Err(ClientError::Unreachable("connection refused".into()))),
        });
        assert!(app.matches.is_none());
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
            app.screen,
            Screen::Record,
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
        assert_eq!(effects, vec![Effect::LoadQueues], "nothing new to load");
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
        assert_eq!(app.screen, Screen::Amend);
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
        assert_eq!(app.drafts[&1].values[1], "Amelie q", "q is text in a form");
        assert!(app.running);
    }

    #[test]
    fn a_draft_survives_stepping_away_and_an_unreachable_backend() {
        let mut app = on_record();
        press(&mut app, "1");
        app.on_key(key(KeyCode::Esc));
        assert_eq!(app.screen, Screen::Record);
        press(&mut app, "a");
        assert_eq!(app.drafts[&1].amendment(), hughes(), "the draft is back");
        app.on_key(ctrl('s'));
        app.on_message(Message::Written {
            write: Write::Amend,
            result: Box::new(Err(ClientError::Unreachable("refused".into()))),
        });
        assert_eq!(app.screen, Screen::Amend);
        assert_eq!(app.drafts[&1].amendment(), hughes());
        assert!(!app.connection.online);
        assert_eq!(app.on_key(ctrl('s')).len(), 1, "it can be sent again");
    }

    #[test]
    fn a_version_conflict_shows_their_change_and_resubmits_mine_on_the_new_version() {
        let mut app = on_record();
        press(&mut app, "1");
        app.on_key(ctrl('s'));
        let mut theirs = fixtures::detail();
        theirs.version = 4;
        theirs.supplied.postcode = "M1 1AE".into();
        let conflict = ClientError::Api {
            status: 412,
            body: ErrorBody {
                code: ErrorCode::VersionConflict,
                message: "changed".into(),
                fields: None,
                current: Some(Box::new(theirs)),
            },
        };
        app.on_message(Message::Written {
            write: Write::Amend,
            result: Box::new(Err(conflict)),
        });
        assert_eq!(app.screen, Screen::Amend);
        assert!(app.drafts[&1].conflict.is_some());
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
        assert_eq!(app.screen, Screen::Record);
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
        assert!(app.reject.is_some());
        app.on_key(key(KeyCode::Down));
        press(&mut app, "centre said so");
        app.on_key(key(KeyCode::Enter));
        assert!(app.reject.as_ref().unwrap().confirming);
        assert!(
            press(&mut app, "x").is_empty(),
            "pressing x again does not reject"
        );
        assert!(!app.reject.as_ref().unwrap().confirming);
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
        assert_eq!(app.reject.as_ref().unwrap().reason(), RejectReason::Other);
        app.on_key(key(KeyCode::Enter));
        assert!(!app.reject.as_ref().unwrap().confirming);
        assert!(app.reject.as_ref().unwrap().error.is_some());
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
}

mod lookup {
    use super::*;
    use crate::screens::plr::PlrMode;

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn the_lookup_opens_from_anywhere_and_checks_the_uln_as_typed() {
        let mut app = loaded_app();
        press(&mut app, "jL");
        assert_eq!(app.screen, Screen::Plr);
        press(&mut app, "9276308687");
        app.on_key(key(KeyCode::Tab));
        press(&mut app, "Hughes");
        app.on_key(key(KeyCode::Tab));
        press(&mut app, "2007-02-03");
        assert!(
            app.on_key(ctrl('s')).is_empty(),
            "a ULN with a wrong check digit is not sent"
        );
        assert!(app.plr.error.as_ref().unwrap().contains("check digit"));
        app.on_key(key(KeyCode::BackTab));
        app.on_key(key(KeyCode::BackTab));
        app.on_key(key(KeyCode::Backspace));
        press(&mut app, "6");
        let effects = app.on_key(ctrl('s'));
        assert_eq!(
            effects,
            vec![Effect::LookupPlr {
                uln: "9276308686".into(),
                family_name: "Hughes".into(),
                date_of_birth: "2007-02-03".into(),
                given_name: None
            }]
        );
        app.on_key(key(KeyCode::Esc));
        app.on_key(key(KeyCode::Esc));
        assert_eq!(
            app.screen,
            Screen::Queue,
            "esc goes back where the operator came from"
        );
    }

    #[test]
    fn colon_plr_prefills_the_uln() {
        let mut app = loaded_app();
        press(&mut app, ":plr 9276308686");
        app.on_key(key(KeyCode::Enter));
        assert_eq!(app.screen, Screen::Plr);
        assert_eq!(app.plr.query[0], "9276308686");
        assert_eq!(app.plr.focus, 1, "the caller's family name is next");
    }

    #[test]
    fn a_challenge_on_the_selected_event_is_sent_with_its_corrected_value() {
        let mut app = loaded_app();
        press(&mut app, ":plr 9276308686");
        app.on_key(key(KeyCode::Enter));
        app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
        assert_eq!(app.plr.mode, PlrMode::Results);
        press(&mut app, "jc");
        assert_eq!(app.plr.mode, PlrMode::Challenge);
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
        assert_eq!(app.command.as_deref(), Some("challenges"));
        assert_eq!(
            app.on_key(key(KeyCode::Enter)),
            vec![Effect::LoadChallenges]
        );
        assert_eq!(app.screen, Screen::Challenges);
    }
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
            sort: SortColumn::Registered,
            descending: true
        },
        "the saved queue loads first"
    );
    after.on_message(Message::Queues(Ok(fixtures::queues())));
    assert_eq!(after.queue.queue_name().as_deref(), Some("postcode"));
    assert_eq!(after.state(), saved);
}

#[test]
fn a_new_exception_elsewhere_reloads_the_queue_keeping_the_cursor() {
    let mut app = loaded_app();
    press(&mut app, "jj");
    let created = ChangeEvent {
        record_id: 99,
        status: RecordStatus::Open,
        version: 1,
        operator: "centre-feed".into(),
        action: ChangeAction::Created,
    };
    let effects = app.on_message(Message::Change(created));
    assert_eq!(
        effects,
        vec![
            Effect::LoadQueues,
            Effect::LoadPage {
                generation: 2,
                queue: None,
                cursor: None,
                sort: SortColumn::Deadline,
                descending: false
            }
        ]
    );
    let mut rows = fixtures::rows();
    rows.insert(
        0,
        fixtures::summary(
            99,
            "Zara",
            "Khan",
            "Abbey Mead Academy",
            "2026-11-24T11:00:00Z",
            "spelling",
        ),
    );
    app.on_message(Message::Page {
        generation: 2,
        result: Ok(ExceptionPage {
            items: rows,
            next_cursor: None,
        }),
    });
    assert_eq!(app.queue.visible_len(), 6, "the new record appears");
    assert_eq!(
        app.queue.selected_row().map(|r| r.id),
        Some(3),
        "the cursor stayed on its record"
    );
}

#[test]
fn the_status_bar_names_the_operator_and_role_the_backend_reports() {
    let mut app = fixtures::app();
    app.on_message(Message::Me(Ok(uln_api::Me {
        name: "olu".into(),
        role: Role::Operator,
    })));
    assert_eq!(app.connection.operator, "olu (operator)");
}
