//! A record with several causes: its first suggestion is one combined amendment, and its number
//! opens the amend form with every field it fixes filled in, for review before anything is sent.

use super::*;
use uln_api::{LearnerFields, SuggestionView};

/// Every field the combined fix sets, as the register holds it.
fn everything() -> LearnerFields {
    LearnerFields {
        uln: Some("9276308686".into()),
        given_name: Some("Amelia".into()),
        family_name: Some("Hughes".into()),
        date_of_birth: Some("2007-02-03".into()),
        gender: None,
        postcode: Some("LS1 4AP".into()),
    }
}

/// The fixture record supplied on a linked ULN with a family name typo, day and month swapped and
/// an old postcode, diagnosed as the backend does: the combined fix first, the single ones below.
fn several_causes_detail() -> ExceptionDetail {
    let mut detail = fixtures::detail();
    detail.supplied.uln = Some("1174112637".into());
    detail.supplied.given_name = "AMELIA".into();
    detail.supplied.date_of_birth = "2007-03-02".into();
    detail.supplied.postcode = "M1 1AA".into();
    let single = detail.suggestions[0].clone();
    detail.suggestions = vec![
        SuggestionView {
            kind: SuggestionKind::SeveralCauses,
            reason: "Fix all: ULN (merged into the master ULN: 1174112637 → 9276308686); given name (capitals: AMELIA → Amelia); family name (spelling: Hughs → Hughes); date of birth (day and month swapped: 02 Mar 2007 → 03 Feb 2007); postcode (moved: M1 1AA → LS1 4AP).".into(),
            confidence: 62,
            action: SuggestedAction::Amend {
                amendment: everything(),
            },
        },
        single,
    ];
    detail
}

/// The screen at 120 by 30, tall enough for every field of the form.
fn tall_screen(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(buffer.area.width as usize)
        .map(|line| line.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_combined_suggestions_number_opens_the_form_with_every_field_filled_for_review() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(several_causes_detail()))));
    assert!(
        screen(&mut app).contains("1. several causes (62%)"),
        "{}",
        screen(&mut app)
    );

    assert!(
        press(&mut app, "1").is_empty(),
        "nothing is sent on the key"
    );
    assert_eq!(app.top().title(), "amend");
    let f = form(&app);
    assert_eq!(f.value(AmendField::Uln), "9276308686");
    assert_eq!(f.value(AmendField::GivenName), "Amelia");
    assert_eq!(f.value(AmendField::FamilyName), "Hughes");
    assert_eq!(f.value(AmendField::DateOfBirth), "2007-02-03");
    assert_eq!(f.value(AmendField::Postcode), "LS1 4AP");
    let drawn = tall_screen(&mut app);
    for value in ["9276308686", "Amelia", "Hughes", "2007-02-03", "LS1 4AP"] {
        assert!(drawn.contains(value), "{value} not shown:\n{drawn}");
    }

    // Reviewed, then sent as one amendment with every field.
    let effects = app.on_key(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Amend {
            id: 1,
            version: 3,
            fields: everything(),
            note: None
        }]
    );
}
