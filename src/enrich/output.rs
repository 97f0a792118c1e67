//! The `enrichment` object: what newswire adds to every article.
//!
//! These types are the record contract of `DESIGN.md`, serialised field by
//! field in declaration order. Offsets are Unicode code points of the original
//! `title` or `body` string, end exclusive. Nothing here depends on a clock,
//! randomness or hash-map order: the same article and engine version always
//! serialise to the same bytes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::enrich::document::Field;

/// The version of this contract; it changes only when a field changes meaning
/// or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything newswire found in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enrichment {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `newswire/<crate version>`: which engine produced the record.
    pub engine: String,
    /// ISO 639-1 code of the article's language (`und` when unknown).
    pub language: String,
    /// The dateline the body opens with, if any.
    pub dateline: Option<Dateline>,
    /// People, organisations and places, in order of first mention.
    pub entities: Vec<Entity>,
    /// Direct and partial quotations in the body, in text order.
    pub quotes: Vec<Quote>,
}

/// Where (and when, and for whom) a story was filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dateline {
    /// The dateline as written, up to and including its closing dash.
    pub text: String,
    /// Code-point offset of `text` in the body.
    pub start: usize,
    /// Code-point offset just past `text` in the body.
    pub end: usize,
    /// The place as written (`Mosca`, `NEW YORK`).
    pub location: String,
    /// The place's usual English name (`Moscow`), or `location` when unknown.
    pub canonical: String,
    /// ISO 3166-1 alpha-2 country code of the place, when known.
    pub country: Option<String>,
    /// ISO 8601 date (`2023-09-13`), when the dateline carries one.
    pub date: Option<String>,
    /// The credited agency as written (`Reuters`, `askanews`), if any.
    pub agency: Option<String>,
}

/// What kind of thing an entity is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, institution, party, team, agency, or a government named by
    /// its seat (`the Kremlin`).
    Organization,
    /// A country, region, city, site or geographic feature.
    Location,
}

/// One real-world person, organisation or place and every mention of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    /// Position in [`Enrichment::entities`]; quotes refer to it.
    pub id: usize,
    /// Person, organisation or location.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The fullest form the article uses (`Vladimir Putin`).
    pub name: String,
    /// The usual English name where data knows it (`Mosca` → `Moscow`), else `name`.
    pub canonical: String,
    /// ISO 3166-1 alpha-2 country code, for places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Every mention, in text order (title first).
    pub mentions: Vec<Mention>,
}

/// Where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    /// `title` or `body`.
    pub field: Field,
    /// Code-point offset of the mention in its field.
    pub start: usize,
    /// Code-point offset just past the mention.
    pub end: usize,
    /// The mention as written.
    pub text: String,
}

/// Whether a quotation is a whole utterance or a fragment of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A clause or sentence quoted in full.
    Direct,
    /// A fragment embedded in reported speech.
    Partial,
}

/// How a quotation's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    /// A speech verb or colon next to the quote names the speaker.
    Explicit,
    /// Carried from a previous quote, a pronoun, a role noun or an implicit subject.
    Context,
    /// No speaker found.
    None,
}

/// A quotation in the body and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    /// The words between the quotation marks (marks excluded).
    pub text: String,
    /// Code-point offset of `text` in the body.
    pub start: usize,
    /// Code-point offset just past `text` in the body.
    pub end: usize,
    /// Direct or partial.
    pub kind: QuoteKind,
    /// The speaker's entity `name`, or the speaker as written when it is no entity.
    pub speaker: Option<String>,
    /// The speaker's entity `id`.
    pub speaker_entity: Option<usize>,
    /// The speech verb as written (`ha detto`, `said`), if any.
    pub verb: Option<String>,
    /// How the speaker was found.
    pub attribution: Attribution,
}
