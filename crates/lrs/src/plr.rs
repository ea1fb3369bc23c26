//! The PLR: GetLearnerLearningEvents on the PLR service (WCF, `http://tempuri.org/`).

use crate::codes::{ResponseCode, UserType};
use crate::credentials::OrgCredentials;
use crate::envelope::ns;
use crate::error::WireError;
use crate::record::text_record;
use crate::xml::{Element, XmlOut};

/// Who is asking, as every PLR service operation starts: credentials, user type (`LNR`, `ORG`,
/// `SER`), the vendor id LRS issued, and the language (`ENG`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlrCaller {
    pub credentials: OrgCredentials,
    pub user_type: UserType,
    pub vendor_id: u32,
    pub language: String,
}

impl PlrCaller {
    /// `vendor_tag` is `vendorID` or `vendorId`: the service spells it both ways.
    pub(crate) fn write(&self, out: &mut XmlOut, invoking_ns: &str, vendor_tag: &str) {
        self.credentials.write_invoking(out, invoking_ns);
        out.text("userType", self.user_type.as_str());
        out.text(vendor_tag, &self.vendor_id.to_string());
        out.text("language", &self.language);
    }

    pub(crate) fn read(e: &Element, vendor_tag: &str) -> Result<Self, WireError> {
        Ok(Self {
            credentials: OrgCredentials::read_invoking(e)?,
            user_type: UserType::parse(&e.text_of("userType")?),
            vendor_id: e.parse_of(vendor_tag)?,
            language: e.text_of("language")?,
        })
    }
}

/// `GetLearnerLearningEvents`. `get_type` is `FULL` (a brief variant exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetLearnerLearningEvents {
    pub caller: PlrCaller,
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
    pub get_type: String,
}

impl GetLearnerLearningEvents {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.caller.write(out, ns::SERVICE_INTERFACE, "vendorID");
        out.text("uln", &self.uln);
        out.text("givenName", &self.given_name);
        out.text("familyName", &self.family_name);
        out.text_or_nil("dateOfBirth", self.date_of_birth.as_deref());
        out.text_or_nil("gender", self.gender.as_deref());
        out.text("getType", &self.get_type);
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            caller: PlrCaller::read(e, "vendorID")?,
            uln: e.text_of("uln")?,
            given_name: e.text_of("givenName")?,
            family_name: e.text_of("familyName")?,
            date_of_birth: e.opt_text("dateOfBirth"),
            gender: e.opt_text("gender"),
            get_type: e.text_of("getType")?,
        })
    }
}

/// The `GetLearnerLearningEventsResult`: `found_uln` differs from `incoming_uln` when a linked
/// ULN was asked for and the master's record returned (WSRC0022).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerLearningEvents {
    pub response_code: ResponseCode,
    pub found_uln: Option<String>,
    pub incoming_uln: Option<String>,
    pub learning_events: Vec<LearningEvent>,
}

text_record! {
    /// One `LearningEvent` of the PLR, fields in the service's (alphabetical) order.
    LearningEvent {
        achievement_award_date = "AchievementAwardDate",
        achievement_provider_name = "AchievementProviderName",
        achievement_provider_ukprn = "AchievementProviderUkprn",
        awarding_organisation_name = "AwardingOrganisationName",
        awarding_organisation_ukprn = "AwardingOrganisationUkprn",
        collection_type = "CollectionType",
        credits = "Credits",
        date_loaded = "DateLoaded",
        grade = "Grade",
        /// The event id a data challenge names.
        id = "ID",
        language_for_assessment = "LanguageForAssessment",
        level = "Level",
        participation_end_date = "ParticipationEndDate",
        participation_start_date = "ParticipationStartDate",
        qualification_type = "QualificationType",
        restriction = "Restriction",
        return_number = "ReturnNumber",
        /// `ILR`, `NPD` or `AO`.
        source = "Source",
        /// `F` final, `P` provisional.
        status = "Status",
        subject = "Subject",
        /// Qualification code, e.g. `600/1166/X`.
        subject_code = "SubjectCode",
        /// `Y` while a data challenge is open on the event.
        under_data_challenge = "UnderDataChallenge",
    }
}

impl LearnerLearningEvents {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.start(
            "GetLearnerLearningEventsResult",
            &[("xmlns:a", ns::MODEL), ("xmlns:i", XSI)],
        );
        out.text("a:ResponseCode", self.response_code.as_str());
        out.text_or_nil("a:FoundULN", self.found_uln.as_deref());
        out.text_or_nil("a:IncomingULN", self.incoming_uln.as_deref());
        out.start("a:LearnerRecord", &[]);
        for event in &self.learning_events {
            out.start("a:LearningEvent", &[]);
            event.write_fields(out, "a:");
            out.end("a:LearningEvent");
        }
        out.end("a:LearnerRecord");
        out.end("GetLearnerLearningEventsResult");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let result = e.require("GetLearnerLearningEventsResult")?;
        let learning_events = result
            .child("LearnerRecord")
            .map(|record| {
                record
                    .children_named("LearningEvent")
                    .map(LearningEvent::read_fields)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            response_code: ResponseCode::parse(&result.text_of("ResponseCode")?),
            found_uln: result.opt_text("FoundULN"),
            incoming_uln: result.opt_text("IncomingULN"),
            learning_events,
        })
    }
}

pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
