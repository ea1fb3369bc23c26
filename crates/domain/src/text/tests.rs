use super::*;

#[test]
fn hostile_text_is_refused_with_the_code_point_named() {
    let cases: [(&str, TextError, &str); 12] = [
        (
            "\u{200B}\u{200B}",
            TextError::OnlyInvisible('\u{200B}'),
            "U+200B zero width space",
        ),
        ("\u{FEFF}", TextError::OnlyInvisible('\u{FEFF}'), "U+FEFF"),
        (
            "\u{00AD}\u{2060}",
            TextError::OnlyInvisible('\u{00AD}'),
            "U+00AD soft hyphen",
        ),
        ("\u{3164}", TextError::OnlyInvisible('\u{3164}'), "U+3164"),
        (
            "Smith\u{202E}htims",
            TextError::Bidi('\u{202E}'),
            "U+202E right-to-left override",
        ),
        (
            "a\u{2066}b\u{2069}",
            TextError::Bidi('\u{2066}'),
            "reorders text",
        ),
        ("Ann\u{0}", TextError::Control('\0'), "U+0000 null"),
        ("one\ntwo", TextError::Control('\n'), "line break"),
        ("Ann\u{E000}", TextError::PrivateUse('\u{E000}'), "U+E000"),
        (
            "x\u{10FFFD}",
            TextError::PrivateUse('\u{10FFFD}'),
            "U+10FFFD",
        ),
        (
            "tag\u{E0041}\u{E007F}",
            TextError::Tag('\u{E0041}'),
            "U+E0041",
        ),
        ("no\u{FFFE}", TextError::Noncharacter('\u{FFFE}'), "U+FFFE"),
    ];
    for (input, error, message) in cases {
        for kind in [TextKind::Note, TextKind::PersonName, TextKind::Centre] {
            let refused = clean(input, kind);
            assert_eq!(refused, Err(error.clone()), "{input:?} as {kind:?}");
            let said = error.to_string();
            assert!(said.contains(message), "{said:?} should say {message:?}");
        }
    }
    assert_eq!(
        clean("a\u{FDD0}", TextKind::Note),
        Err(TextError::Noncharacter('\u{FDD0}'))
    );
    assert_eq!(clean(" \t ", TextKind::Note), Err(TextError::Blank));
}

#[test]
fn each_kind_is_capped_in_characters_after_normalising() {
    let huge = "a".repeat(901 * 1024);
    assert_eq!(
        clean(&huge, TextKind::Note),
        Err(TextError::TooLong {
            max: 1000,
            found: 901 * 1024
        })
    );
    assert!(clean(&"é".repeat(1000), TextKind::Note).is_ok());
    assert!(clean(&"e\u{301}".repeat(35), TextKind::PersonName).is_ok());
    assert_eq!(
        clean(&"a".repeat(36), TextKind::PersonName),
        Err(TextError::TooLong { max: 35, found: 36 })
    );
    assert!(clean(&"C".repeat(101), TextKind::Centre).is_err());
    assert!(clean(&"1".repeat(21), TextKind::SuppliedUln).is_err());
}

#[test]
fn text_is_stored_composed_and_trimmed_and_otherwise_as_typed() {
    assert_eq!(
        clean("  Zoe\u{0308} ", TextKind::PersonName).unwrap(),
        "Zoë"
    );
    assert_eq!(
        clean("Nguye\u{0302}\u{0303}n", TextKind::PersonName).unwrap(),
        "Nguyễn"
    );
    assert_eq!(
        clean("Rang  \u{1F600} ok", TextKind::Note).unwrap(),
        "Rang  \u{1F600} ok"
    );
    // A ZWSP inside readable free text is not hidden by anyone but its sender; kept as sent.
    assert_eq!(clean("a\u{200B}b", TextKind::Note).unwrap(), "a\u{200B}b");
    assert_eq!(clean_optional(Some("  "), TextKind::Note), Ok(None));
    assert_eq!(clean_optional(None, TextKind::Note), Ok(None));
    assert_eq!(
        clean_optional(Some("\u{200B}"), TextKind::Note),
        Err(TextError::OnlyInvisible('\u{200B}')),
        "an invisible note is refused, not taken as no note"
    );
}

#[test]
fn the_names_people_have_are_accepted() {
    for name in [
        "O'Neill",
        "O’Neill",
        "Anne-Marie",
        "Nguyễn",
        "José",
        "Mary Jane",
        "St. John",
        "Ørsted",
        "Łukasz",
        "Ðorđe",
        "Siân",
        "ʻOkalani",
        "Marcel·lí",
        "ג׳ורג׳",
        "ジョン・スミス",
        "محمد",
        "عبد الله",
        "王小明",
        "田中",
        "Ἀλέξανδρος",
        "Чайковский",
        "नेहा",
        "क्\u{200D}ष",
        "نیک\u{200C}نام",
        "葛\u{E0100}城",
    ] {
        assert_eq!(
            clean(name, TextKind::PersonName).as_deref(),
            Ok(name),
            "{name}"
        );
    }
}

#[test]
fn names_refuse_what_names_never_hold() {
    for (name, refused) in [
        ("Owen?", '?'),
        ("Owen2", '2'),
        ("Ann@home", '@'),
        ("Ann\u{1F600}", '\u{1F600}'),
        ("Jo, Ann", ','),
    ] {
        let error = clean(name, TextKind::PersonName).unwrap_err();
        assert_eq!(error, TextError::NotInNames(refused), "{name}");
        assert!(error.to_string().contains("hyphens, apostrophes"));
    }
    for (name, hidden) in [
        ("Ow\u{200B}en", '\u{200B}'),
        ("\u{200D}Ann", '\u{200D}'),
        ("Ann\u{FE0F}x y\u{00A0}z", '\u{00A0}'),
        ("Ann\u{00AD}e", '\u{00AD}'),
    ] {
        assert_eq!(
            clean(name, TextKind::PersonName),
            Err(TextError::Invisible(hidden)),
            "{name:?}"
        );
    }
    assert!(
        clean("Owen?", TextKind::Note).is_ok(),
        "free text may hold any readable character"
    );
}
