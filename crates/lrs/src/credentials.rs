//! Organisation credentials, carried in the body of every request.

use crate::error::WireError;
use crate::xml::{Element, XmlOut};

/// How the organisation is identified: UKPRN (8 characters) or LRS organisation reference (6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganisationId {
    Ukprn(String),
    OrganisationRef(String),
}

/// Organisation credentials. `Debug` leaves the password out, so a logged request never
/// carries it.
#[derive(Clone, PartialEq, Eq)]
pub struct OrgCredentials {
    pub organisation: OrganisationId,
    pub user_name: String,
    pub org_password: String,
}

impl std::fmt::Debug for OrgCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgCredentials")
            .field("organisation", &self.organisation)
            .field("user_name", &self.user_name)
            .field("org_password", &"(redacted)")
            .finish()
    }
}

impl OrgCredentials {
    /// Learner service order: OrganisationRef?, UKPRN?, OrgPassword, UserName.
    pub(crate) fn write_miap(&self, out: &mut XmlOut) {
        match &self.organisation {
            OrganisationId::OrganisationRef(r) => out.text("OrganisationRef", r),
            OrganisationId::Ukprn(u) => out.text("UKPRN", u),
        }
        out.text("OrgPassword", &self.org_password);
        out.text("UserName", &self.user_name);
    }

    pub(crate) fn read_miap(parent: &Element) -> Result<Self, WireError> {
        let organisation = organisation(parent, "UKPRN", "OrganisationRef")?;
        Ok(Self {
            organisation,
            user_name: parent.text_of("UserName")?,
            org_password: parent.text_of("OrgPassword")?,
        })
    }

    /// PLR service `invokingOrganisation`: its fields in data-contract (alphabetical) order,
    /// OrganisationRef?, Password, Ukprn?, Username, each in `namespace` under prefix `o`.
    pub(crate) fn write_invoking(&self, out: &mut XmlOut, namespace: &str) {
        out.start("invokingOrganisation", &[("xmlns:o", namespace)]);
        if let OrganisationId::OrganisationRef(r) = &self.organisation {
            out.text("o:OrganisationRef", r);
        }
        out.text("o:Password", &self.org_password);
        if let OrganisationId::Ukprn(u) = &self.organisation {
            out.text("o:Ukprn", u);
        }
        out.text("o:Username", &self.user_name);
        out.end("invokingOrganisation");
    }

    pub(crate) fn read_invoking(parent: &Element) -> Result<Self, WireError> {
        let invoking = parent.require("invokingOrganisation")?;
        Ok(Self {
            organisation: organisation(invoking, "Ukprn", "OrganisationRef")?,
            user_name: invoking.text_of("Username")?,
            org_password: invoking.text_of("Password")?,
        })
    }
}

fn organisation(
    parent: &Element,
    ukprn: &str,
    reference: &str,
) -> Result<OrganisationId, WireError> {
    if let Some(u) = parent.opt_text(ukprn) {
        Ok(OrganisationId::Ukprn(u))
    } else if let Some(r) = parent.opt_text(reference) {
        Ok(OrganisationId::OrganisationRef(r))
    } else {
        Err(WireError::shape(
            &parent.name,
            format!("missing {ukprn} or {reference}"),
        ))
    }
}
