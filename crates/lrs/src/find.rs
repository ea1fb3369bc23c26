//! LearnerByULN and LearnerByDemographics, both answered by `FindLearnerResponse`.

use crate::codes::{FindType, ResponseCode};
use crate::credentials::OrgCredentials;
use crate::envelope::ns;
use crate::error::WireError;
use crate::xml::{Element, XmlOut};

/// `FindLearnerByULN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindLearnerByUln {
    pub find_type: FindType,
    pub credentials: OrgCredentials,
    pub uln: String,
    pub family_name: String,
    pub given_name: String,
}

impl FindLearnerByUln {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.text("FindType", self.find_type.as_str());
        self.credentials.write_miap(out);
        out.text("ULN", &self.uln);
        out.text("FamilyName", &self.family_name);
        out.text("GivenName", &self.given_name);
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            find_type: FindType::parse(&e.text_of("FindType")?),
            credentials: OrgCredentials::read_miap(e)?,
            uln: e.text_of("ULN")?,
            family_name: e.text_of("FamilyName")?,
            given_name: e.text_of("GivenName")?,
        })
    }
}

/// `FindLearnerByDemographics`: five key fields required, four optional clues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindLearnerByDemographics {
    pub find_type: FindType,
    pub credentials: OrgCredentials,
    pub family_name: String,
    pub given_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub last_known_post_code: String,
    pub previous_family_name: Option<String>,
    pub school_at_age16: Option<String>,
    pub place_of_birth: Option<String>,
    pub email_address: Option<String>,
}

impl FindLearnerByDemographics {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.text("FindType", self.find_type.as_str());
        self.credentials.write_miap(out);
        out.text("FamilyName", &self.family_name);
        out.text("GivenName", &self.given_name);
        out.text("DateOfBirth", &self.date_of_birth);
        out.text("Gender", &self.gender);
        out.text("LastKnownPostCode", &self.last_known_post_code);
        out.opt("PreviousFamilyName", self.previous_family_name.as_deref());
        out.opt("SchoolAtAge16", self.school_at_age16.as_deref());
        out.opt("PlaceOfBirth", self.place_of_birth.as_deref());
        out.opt("EmailAddress", self.email_address.as_deref());
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            find_type: FindType::parse(&e.text_of("FindType")?),
            credentials: OrgCredentials::read_miap(e)?,
            family_name: e.text_of("FamilyName")?,
            given_name: e.text_of("GivenName")?,
            date_of_birth: e.text_of("DateOfBirth")?,
            gender: e.text_of("Gender")?,
            last_known_post_code: e.text_of("LastKnownPostCode")?,
            previous_family_name: e.opt_text("PreviousFamilyName"),
            school_at_age16: e.opt_text("SchoolAtAge16"),
            place_of_birth: e.opt_text("PlaceOfBirth"),
            email_address: e.opt_text("EmailAddress"),
        })
    }
}

/// `FindLearnerResp`: the code, the search echoed back, and 0..n learners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindLearnerResp {
    pub response_code: ResponseCode,
    pub uln: Option<String>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
    pub last_known_post_code: Option<String>,
    pub previous_family_name: Option<String>,
    pub school_at_age16: Option<String>,
    pub place_of_birth: Option<String>,
    pub email_address: Option<String>,
    pub learners: Vec<Learner>,
}

/// The echoed search fields, in schema order after ResponseCode.
const ECHOED: [&str; 10] = [
    "ULN",
    "FamilyName",
    "GivenName",
    "DateOfBirth",
    "Gender",
    "LastKnownPostCode",
    "PreviousFamilyName",
    "SchoolAtAge16",
    "PlaceOfBirth",
    "EmailAddress",
];

impl FindLearnerResp {
    fn echoed(&self) -> [&Option<String>; 10] {
        [
            &self.uln,
            &self.family_name,
            &self.given_name,
            &self.date_of_birth,
            &self.gender,
            &self.last_known_post_code,
            &self.previous_family_name,
            &self.school_at_age16,
            &self.place_of_birth,
            &self.email_address,
        ]
    }

    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.text("ResponseCode", self.response_code.as_str());
        for (tag, value) in ECHOED.iter().zip(self.echoed()) {
            out.opt(tag, value.as_deref());
        }
        for learner in &self.learners {
            learner.write(out);
        }
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let [uln, family_name, given_name, date_of_birth, gender, last_known_post_code, previous_family_name, school_at_age16, place_of_birth, email_address] =
            ECHOED.map(|tag| e.opt_text(tag));
        Ok(Self {
            response_code: ResponseCode::parse(&e.text_of("ResponseCode")?),
            uln,
            family_name,
            given_name,
            date_of_birth,
            gender,
            last_known_post_code,
            previous_family_name,
            school_at_age16,
            place_of_birth,
            email_address,
            learners: e
                .children_named("Learner")
                .map(Learner::read)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The LRS `Learner` record. The five key demographics and the ULN are required; every other
/// field is optional, kept as the text sent (validation belongs to the adapter and simulator).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Learner {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub last_known_post_code: String,
    /// Every optional field by its schema name, in schema order; see [`LEARNER_FIELDS`].
    pub fields: Vec<(LearnerField, String)>,
    /// ULNs merged into this (master) record.
    pub linked_ulns: Vec<String>,
}

use crate::learner_fields::{LearnerField, LearnerTag, LEARNER_FIELDS};

impl Learner {
    /// An optional field's value, if the LRS sent one.
    pub fn field(&self, field: LearnerField) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    fn write(&self, out: &mut XmlOut) {
        out.start("Learner", &[]);
        for tag in LEARNER_FIELDS {
            match tag {
                LearnerTag::Required(name) => out.text(name, self.required(name)),
                LearnerTag::Optional(field) => out.opt(field.tag(), self.field(field)),
                LearnerTag::LinkedUlns => {
                    out.start("LinkedULNs", &[("xmlns", ns::LEARNER)]);
                    for uln in &self.linked_ulns {
                        // Unqualified, as the recorded responses have it.
                        out.start("ULN", &[("xmlns", "")]);
                        out.text_only(uln);
                        out.end("ULN");
                    }
                    out.end("LinkedULNs");
                }
            }
        }
        out.end("Learner");
    }

    fn required(&self, name: &str) -> &str {
        match name {
            "ULN" => &self.uln,
            "GivenName" => &self.given_name,
            "FamilyName" => &self.family_name,
            "DateOfBirth" => &self.date_of_birth,
            "Gender" => &self.gender,
            _ => &self.last_known_post_code,
        }
    }

    fn read(e: &Element) -> Result<Self, WireError> {
        let fields = LEARNER_FIELDS
            .iter()
            .filter_map(|tag| match tag {
                LearnerTag::Optional(field) => e.opt_text(field.tag()).map(|v| (*field, v)),
                _ => None,
            })
            .collect();
        let linked_ulns = e
            .child("LinkedULNs")
            .map(|l| {
                l.children
                    .iter()
                    .map(|u| u.text.trim().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            uln: e.text_of("ULN")?,
            given_name: e.text_of("GivenName")?,
            family_name: e.text_of("FamilyName")?,
            date_of_birth: e.text_of("DateOfBirth")?,
            gender: e.text_of("Gender")?,
            last_known_post_code: e.text_of("LastKnownPostCode")?,
            fields,
            linked_ulns,
        })
    }
}
