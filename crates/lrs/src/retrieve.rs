//! RetrieveULNs (`learnerreport.xsd`): the LRS's own names, date of birth and gender for 1–200
//! ULNs, asked by ULN alone. The adapter uses it to fill the learner's details a data challenge
//! must carry. Element names follow the rest of the learner service (`ULN`, `FamilyName`, …);
//! the list's wrappers (`ULNs`, `RetrievedLearner`) are assumed, the schema was not read.

use crate::codes::ResponseCode;
use crate::credentials::OrgCredentials;
use crate::error::WireError;
use crate::xml::{Element, XmlOut};

/// Most ULNs one RetrieveULNs may ask for.
pub const MAX_RETRIEVE_ULNS: usize = 200;

/// `RetrieveULNs` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrieveUlns {
    pub credentials: OrgCredentials,
    pub ulns: Vec<String>,
}

impl RetrieveUlns {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.credentials.write_miap(out);
        out.start("ULNs", &[]);
        for uln in &self.ulns {
            out.text("ULN", uln);
        }
        out.end("ULNs");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            credentials: OrgCredentials::read_miap(e)?,
            ulns: e
                .require("ULNs")?
                .children_named("ULN")
                .map(|u| u.text.clone())
                .collect(),
        })
    }
}

/// One ULN's answer: WSRC0004 with the learner, WSRC0022 with the master in `master_uln` for a
/// linked ULN, WSRC0001 for a ULN nobody has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrievedLearner {
    pub uln: String,
    pub master_uln: Option<String>,
    pub response_code: ResponseCode,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
}

impl RetrievedLearner {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.start("RetrievedLearner", &[]);
        out.text("ULN", &self.uln);
        out.opt("MasterULN", self.master_uln.as_deref());
        out.text("ResponseCode", self.response_code.as_str());
        out.opt("FamilyName", self.family_name.as_deref());
        out.opt("GivenName", self.given_name.as_deref());
        out.opt("DateOfBirth", self.date_of_birth.as_deref());
        out.opt("Gender", self.gender.as_deref());
        out.end("RetrievedLearner");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            uln: e.text_of("ULN")?,
            master_uln: e.opt_text("MasterULN"),
            response_code: ResponseCode::parse(&e.text_of("ResponseCode")?),
            family_name: e.opt_text("FamilyName"),
            given_name: e.opt_text("GivenName"),
            date_of_birth: e.opt_text("DateOfBirth"),
            gender: e.opt_text("Gender"),
        })
    }
}

/// `RetrieveULNsResponse`: one row per ULN asked, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrievedUlns {
    pub learners: Vec<RetrievedLearner>,
}

impl RetrievedUlns {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        for learner in &self.learners {
            learner.write(out);
        }
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            learners: e
                .children_named("RetrievedLearner")
                .map(RetrievedLearner::read)
                .collect::<Result<_, _>>()?,
        })
    }
}
