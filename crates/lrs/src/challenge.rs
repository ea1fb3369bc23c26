//! Data challenges on the PLR service: CreateDataChallenge and ListDataChallenge.

use crate::codes::ResponseCode;
use crate::envelope::ns;
use crate::error::WireError;
use crate::plr::{PlrCaller, XSI};
use crate::record::text_record;
use crate::xml::{Element, XmlOut};

text_record! {
    /// What a challenge says, in the service's order: the learner, a contact, the first event
    /// with its "original" values, the second event (a duplicate) or the "supplied" corrections.
    /// Kinds and ids travel as text; the operation's schema types them, the simulator checks them.
    DataChallengeDetails {
        challenge_type = "challengeType",
        uln = "uln",
        given_name = "givenName",
        family_name = "familyName",
        date_of_birth = "dateOfBirth",
        gender = "gender",
        contact_name = "contactName",
        telephone = "telephone",
        email_address = "emailAddress",
        additional_information = "additionalInformation",
        learning_event1_id = "learningEvent1Id",
        source1 = "source1",
        original_accreditation_number = "originalAccreditationNumber",
        original_awarding_body = "originalAwardingBody",
        original_qualification_level = "originalQualificationLevel",
        original_aim_title = "originalAimTitle",
        original_achieved_date = "originalAchievedDate",
        original_achieved_grade = "originalAchievedGrade",
        original_total_credits = "originalTotalCredits",
        original_credit_value = "originalCreditValue",
        original_language_for_assessment = "originalLanguageForAssessment",
        original_provider = "originalProvider",
        original_type = "originalType",
        original_start_date = "originalStartDate",
        original_end_date = "originalEndDate",
        learning_event2_id = "learningEvent2Id",
        source2 = "source2",
        supplied_accreditation_number = "suppliedAccreditationNumber",
        supplied_awarding_body = "suppliedAwardingBody",
        supplied_aim_title = "suppliedAimTitle",
        supplied_achieved_date = "suppliedAchievedDate",
        supplied_achieved_grade = "suppliedAchievedGrade",
        supplied_total_credits = "suppliedTotalCredits",
        supplied_credit_value = "suppliedCreditValue",
        supplied_language_for_assessment = "suppliedLanguageForAssessment",
        supplied_provider = "suppliedProvider",
        supplied_type = "suppliedType",
        supplied_qualification_level = "suppliedQualificationLevel",
        supplied_start_date = "suppliedStartDate",
        supplied_end_date = "suppliedEndDate",
    }
}

/// `CreateDataChallenge`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateDataChallenge {
    pub caller: PlrCaller,
    /// Boxed: forty fields would make every `Request` as large as this one.
    pub details: Box<DataChallengeDetails>,
}

impl CreateDataChallenge {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.caller.write(out, ns::COMMON, "vendorId");
        self.details.write_fields(out, "");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            caller: PlrCaller::read(e, "vendorId")?,
            details: Box::new(DataChallengeDetails::read_fields(e)),
        })
    }
}

/// `CreateDataChallengeResult`: the code, the reference the LRS gave the challenge, and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataChallengeCreated {
    pub response_code: ResponseCode,
    pub data_challenge_reference: Option<String>,
    pub response_description: Option<String>,
}

impl DataChallengeCreated {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        let attrs = [("xmlns:a", ns::MODEL), ("xmlns:i", XSI)];
        out.start("CreateDataChallengeResult", &attrs);
        out.text("a:ResponseCode", self.response_code.as_str());
        out.text_or_nil(
            "a:DataChallengeReference",
            self.data_challenge_reference.as_deref(),
        );
        out.text_or_nil(
            "a:ResponseDescription",
            self.response_description.as_deref(),
        );
        out.end("CreateDataChallengeResult");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let result = e.require("CreateDataChallengeResult")?;
        Ok(Self {
            response_code: ResponseCode::parse(&result.text_of("ResponseCode")?),
            data_challenge_reference: result.opt_text("DataChallengeReference"),
            response_description: result.opt_text("ResponseDescription"),
        })
    }
}

/// `ListDataChallenge`: a learner's challenges created between two dates (either may be nil).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDataChallenge {
    pub caller: PlrCaller,
    pub uln: String,
    pub date_created_start: Option<String>,
    pub date_created_end: Option<String>,
}

impl ListDataChallenge {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.caller.write(out, ns::COMMON, "vendorId");
        out.text("uln", &self.uln);
        out.text_or_nil("dateCreatedStart", self.date_created_start.as_deref());
        out.text_or_nil("dateCreatedEnd", self.date_created_end.as_deref());
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            caller: PlrCaller::read(e, "vendorId")?,
            uln: e.text_of("uln")?,
            date_created_start: e.opt_text("dateCreatedStart"),
            date_created_end: e.opt_text("dateCreatedEnd"),
        })
    }
}

text_record! {
    /// One `ListDataChallengeItem`.
    DataChallengeItem {
        created_date = "CreatedDate",
        reference_no = "ReferenceNo",
        resolved_date = "ResolvedDate",
        status = "Status",
        challenge_type = "Type",
    }
}

/// `ListDataChallengeResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataChallengeList {
    pub response_code: ResponseCode,
    pub data_challenges: Vec<DataChallengeItem>,
}

impl DataChallengeList {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        let attrs = [("xmlns:a", ns::MODEL), ("xmlns:i", XSI)];
        out.start("ListDataChallengeResult", &attrs);
        out.start("a:DataChallenges", &[]);
        for item in &self.data_challenges {
            out.start("a:ListDataChallengeItem", &[]);
            item.write_fields(out, "a:");
            out.end("a:ListDataChallengeItem");
        }
        out.end("a:DataChallenges");
        out.text("a:ResponseCode", self.response_code.as_str());
        out.end("ListDataChallengeResult");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let result = e.require("ListDataChallengeResult")?;
        let data_challenges = result
            .child("DataChallenges")
            .map(|list| {
                list.children_named("ListDataChallengeItem")
                    .map(DataChallengeItem::read_fields)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            response_code: ResponseCode::parse(&result.text_of("ResponseCode")?),
            data_challenges,
        })
    }
}
