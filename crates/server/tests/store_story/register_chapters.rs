//! The chapters told through `LearnerRegister` and `Seeder`: loading the register, looking
//! learners up, and a data challenge on a PLR.

use crate::fixtures::{event, learner, name, uln};
use uln_server::database::Storage;
use uln_server::register::*;

pub async fn the_register_is_loaded(s: &Storage) {
    assert_eq!(s.seeder.learners_in_register().await.unwrap(), 0);
    let mut master = learner("9276308686", "Amelia", "Khan", "2008-03-01");
    master.linked_ulns.push(uln("4444599390"));
    let learners = [
        master,
        learner("1174112637", "Noah", "Lee", "2007-11-30"),
        learner("6936002314", "Isla", "Lee", "2007-11-30"),
    ];
    let links = [(uln("4444599390"), uln("9276308686"))];
    let events = [
        event("9276308686", "GCSE Maths"),
        event("9276308686", "GCSE Art"),
    ];
    s.seeder
        .load_register(&learners, &links, &events)
        .await
        .expect("the register loads");
    assert_eq!(s.seeder.learners_in_register().await.unwrap(), 3);
    // As a centre supplies them: a linked ULN with the master's names, an unknown ULN, and a
    // learner's own ULN under a misspelt given name (the record comes back whatever the match).
    let asked = [
        (uln("4444599390"), supplied("Amelia", "Khan")),
        (uln("1026893096"), supplied("Ann", "Smith")),
        (uln("1174112637"), supplied("Noa", "Lee")),
    ];
    let answers = s.register.lookup_many(&asked).await.unwrap();
    assert!(matches!(&answers[0], RegisterLookup::Linked(l) if l == &learners[0]));
    assert_eq!(answers[1], RegisterLookup::NotFound);
    assert_eq!(answers[2], RegisterLookup::Direct(learners[1].clone()));
    for ((one, details), many) in asked.iter().zip(&answers) {
        assert_eq!(&s.register.lookup(one, details).await.unwrap(), many);
    }
    let query = DemographicQuery {
        given_name: "Noah".into(),
        family_name: "Lee".into(),
        date_of_birth: Some("2007-11-30".parse().unwrap()),
        ..DemographicQuery::default()
    };
    let found = s.register.find_by_demographics(&query).await.unwrap();
    assert_eq!(found.code, SearchCode::Exact);
    assert_eq!(found.learners, [learners[1].clone()]);
}

fn supplied(given: &str, family: &str) -> Supplied {
    Supplied::names(name(given), name(family))
}

pub async fn a_data_challenge_is_raised(s: &Storage) {
    let master = uln("9276308686");
    let identity = IdentityCheck {
        given_name: Some("Amelia".into()),
        family_name: "Khan".into(),
        date_of_birth: "2008-03-01".parse().unwrap(),
    };
    let plr = s
        .register
        .fetch_plr(&uln("4444599390"), &identity)
        .await
        .unwrap();
    assert_eq!(plr.code, PlrCode::MasterSubstituted);
    assert_eq!(plr.events.len(), 2);
    let stranger = IdentityCheck {
        date_of_birth: "2001-01-01".parse().unwrap(),
        ..identity.clone()
    };
    let refused = s.register.fetch_plr(&master, &stranger).await.unwrap();
    assert_eq!(
        (refused.code, refused.events.len()),
        (PlrCode::IdentityNotVerified, 0)
    );
    let challenge = NewChallenge {
        uln: master.clone(),
        kind: ChallengeKind::NotLearners,
        event_ids: vec![plr.events[0].id],
        corrected: None,
        note: "the learner never sat this".into(),
        contact: None,
        raised_by: "olu".into(),
    };
    let created = s.register.create_challenge(&challenge).await.unwrap();
    assert_eq!(created.status, ChallengeStatus::Open);
    // As the route does once the register confirms: the LRS adapter lists from this row.
    s.store
        .append_audit(&raised::audit_record(&created))
        .await
        .unwrap();
    let open = s
        .register
        .challenges(Some(ChallengeStatus::Open))
        .await
        .unwrap();
    assert_eq!(open, [created]);
    let flagged = s.register.fetch_plr(&master, &identity).await.unwrap();
    assert!(flagged
        .events
        .iter()
        .any(|e| e.id == plr.events[0].id && e.under_challenge));
    let blank = NewChallenge {
        note: " ".into(),
        ..challenge
    };
    assert!(matches!(
        s.register.create_challenge(&blank).await,
        Err(RegisterError::Refused { .. })
    ));
}
