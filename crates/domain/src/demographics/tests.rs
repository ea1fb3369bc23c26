use super::*;

#[test]
fn names_are_trimmed_and_bounded() {
    assert_eq!(PersonName::parse("  Ada ").unwrap().as_str(), "Ada");
    let blank = Err(DemographicError::Text(TextError::Blank));
    assert_eq!(PersonName::parse("   "), blank);
    assert_eq!(PersonName::parse(""), blank);
    let long = "a".repeat(36);
    assert_eq!(
        PersonName::parse(&long),
        Err(DemographicError::Text(TextError::TooLong {
            max: 35,
            found: 36
        }))
    );
    assert!(
        PersonName::parse(&"é".repeat(35)).is_ok(),
        "limit counts characters, not bytes"
    );
    assert_eq!(
        PersonName::parse("Ann\u{7}"),
        Err(DemographicError::Text(TextError::Control('\u{7}')))
    );
}

#[test]
fn names_are_held_composed_and_refuse_the_unreadable() {
    assert_eq!(PersonName::parse("Zoe\u{308}").unwrap().as_str(), "Zoë");
    assert!(PersonName::parse("\u{200B}").is_err());
    assert!(PersonName::parse("Owen?").is_err());
    let said = PersonName::parse("\u{200B}\u{200C}")
        .unwrap_err()
        .to_string();
    assert!(said.contains("U+200B"), "{said}");
}

#[test]
fn a_stored_name_is_read_as_stored_even_if_todays_rules_refuse_it() {
    assert_eq!(PersonName::from_stored("Ann2").unwrap().as_str(), "Ann2");
    assert!(PersonName::parse("Ann2").is_err());
    assert_eq!(
        PersonName::from_stored(" "),
        Err(DemographicError::Text(TextError::Blank))
    );
}

#[test]
fn a_learners_date_of_birth_is_from_1900_to_today() {
    let today = jiff::civil::date(2026, 12, 2);
    let parse = |text| parse_learner_date_of_birth(text, today);
    assert_eq!(parse("1900-01-01"), Ok(EARLIEST_DATE_OF_BIRTH));
    assert_eq!(parse("2026-12-02"), Ok(today));
    assert_eq!(
        parse("0000-01-01"),
        Err(DemographicError::BornBefore1900(jiff::civil::date(0, 1, 1)))
    );
    assert!(matches!(
        parse("1899-12-31"),
        Err(DemographicError::BornBefore1900(_))
    ));
    let future = parse("2999-01-01").unwrap_err();
    assert_eq!(
        future,
        DemographicError::BornInFuture(jiff::civil::date(2999, 1, 1))
    );
    assert!(future.to_string().contains("after today"));
    assert!(matches!(
        parse("2026-12-03"),
        Err(DemographicError::BornInFuture(_))
    ));
    assert_eq!(
        parse("2007-02-30"),
        Err(DemographicError::NotARealDate("2007-02-30".into()))
    );
}

#[test]
fn today_is_the_uk_date() {
    // 23:30 UTC in July is already tomorrow in London (BST).
    let late: jiff::Timestamp = "2026-07-01T23:30:00Z".parse().unwrap();
    assert_eq!(uk_date(late), jiff::civil::date(2026, 7, 2));
    let winter: jiff::Timestamp = "2026-12-01T23:30:00Z".parse().unwrap();
    assert_eq!(uk_date(winter), jiff::civil::date(2026, 12, 1));
}

#[test]
fn dates_must_be_real_and_iso_shaped() {
    assert_eq!(
        parse_date_of_birth("2007-02-03").unwrap(),
        jiff::civil::date(2007, 2, 3)
    );
    assert_eq!(
        parse_date_of_birth("2008-02-29").unwrap(),
        jiff::civil::date(2008, 2, 29)
    );
    assert!(matches!(
        parse_date_of_birth("2007-02-29"),
        Err(DemographicError::NotARealDate(_))
    ));
    assert!(matches!(
        parse_date_of_birth("2007-13-01"),
        Err(DemographicError::NotARealDate(_))
    ));
    assert!(matches!(
        parse_date_of_birth("2007-00-10"),
        Err(DemographicError::NotARealDate(_))
    ));
    assert_eq!(
        parse_date_of_birth("03/02/2007"),
        Err(DemographicError::DateFormat)
    );
    assert_eq!(
        parse_date_of_birth("2007-2-3"),
        Err(DemographicError::DateFormat)
    );
    assert_eq!(
        parse_date_of_birth("２００７-02-03"),
        Err(DemographicError::DateFormat)
    );
}

#[test]
fn dates_for_people_are_unambiguous() {
    assert_eq!(
        format_date_for_people(jiff::civil::date(2007, 2, 3)),
        "03 Feb 2007"
    );
}

#[test]
fn gender_codes() {
    assert_eq!(Gender::parse("2"), Ok(Gender::Female));
    assert_eq!(Gender::parse("9").unwrap().code(), "9");
    assert_eq!(Gender::parse("3"), Err(DemographicError::GenderCode));
    assert_eq!(Gender::parse("M"), Err(DemographicError::GenderCode));
    assert_eq!(serde_json::to_string(&Gender::Male).unwrap(), "\"1\"");
}

#[test]
fn postcodes_are_canonicalised() {
    for (input, canonical) in [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        (" m1  1ae ", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("zz99 9zz", "ZZ99 9ZZ"),
        ("bfpo 105", "BFPO 105"),
        ("BFPO1", "BFPO 1"),
    ] {
        assert_eq!(
            Postcode::parse(input).unwrap().as_str(),
            canonical,
            "{input}"
        );
    }
}

#[test]
fn bad_postcodes_are_refused() {
    for input in [
        "",
        "12345",
        "SW1A",
        "SW1A 1A1",
        "1SW 1AA",
        "AAA1 1AA",
        "BFPO",
        "BFPO 12345",
        "SW1A-1AA",
    ] {
        assert!(Postcode::parse(input).is_err(), "{input} should be refused");
    }
}

#[test]
fn placeholder_postcode_is_recognised() {
    assert!(Postcode::parse("ZZ99 9ZZ").unwrap().is_placeholder());
    assert!(!Postcode::parse("SW1A 1AA").unwrap().is_placeholder());
}

#[test]
fn fields_round_trip_their_wire_names() {
    for field in [
        Field::Uln,
        Field::GivenName,
        Field::FamilyName,
        Field::DateOfBirth,
        Field::Gender,
        Field::Postcode,
    ] {
        assert_eq!(Field::from_wire_name(field.wire_name()), Some(field));
    }
    assert_eq!(Field::from_wire_name("middle_name"), None);
}
