//! What the tagger finds: the Safe Harbor categories, and spans of text tagged with one.

use serde::Serialize;

/// The Safe Harbor identifier categories, with stable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Category {
    Name,
    /// Geographic units smaller than a state: street, city, county, ZIP, facility names.
    Location,
    /// Every date element except the year, and ages over 89.
    Date,
    Phone,
    Fax,
    Email,
    Ssn,
    Mrn,
    HealthPlan,
    Account,
    License,
    Vehicle,
    Device,
    Url,
    Ip,
    Biometric,
    Photo,
    OtherId,
}

impl Category {
    /// All 18 categories.
    pub const ALL: [Category; 18] = [
        Self::Name,
        Self::Location,
        Self::Date,
        Self::Phone,
        Self::Fax,
        Self::Email,
        Self::Ssn,
        Self::Mrn,
        Self::HealthPlan,
        Self::Account,
        Self::License,
        Self::Vehicle,
        Self::Device,
        Self::Url,
        Self::Ip,
        Self::Biometric,
        Self::Photo,
        Self::OtherId,
    ];

    /// The stable name (`NAME`, `HEALTH_PLAN` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "NAME",
            Self::Location => "LOCATION",
            Self::Date => "DATE",
            Self::Phone => "PHONE",
            Self::Fax => "FAX",
            Self::Email => "EMAIL",
            Self::Ssn => "SSN",
            Self::Mrn => "MRN",
            Self::HealthPlan => "HEALTH_PLAN",
            Self::Account => "ACCOUNT",
            Self::License => "LICENSE",
            Self::Vehicle => "VEHICLE",
            Self::Device => "DEVICE",
            Self::Url => "URL",
            Self::Ip => "IP",
            Self::Biometric => "BIOMETRIC",
            Self::Photo => "PHOTO",
            Self::OtherId => "OTHER_ID",
        }
    }
}

/// One tagged identifier. Offsets count Unicode scalar values; `end` is exclusive. `Debug`
/// shows where and what kind, never the identifier itself.
#[derive(Clone, PartialEq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub text: String,
    pub score: f32,
    /// Which recognizer found it.
    pub rule: &'static str,
    /// Why, in words a reviewer understands (mostly a rule's fixed text, borrowed).
    pub why: std::borrow::Cow<'static, str>,
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Span({}..{} {} by {})", self.start, self.end, self.category.as_str(), self.rule)
    }
}

/// A finding in byte offsets, before merging.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub score: f32,
    pub rule: &'static str,
    /// Mostly a rule's fixed text: borrowed, so a hit allocates nothing.
    pub why: std::borrow::Cow<'static, str>,
}
