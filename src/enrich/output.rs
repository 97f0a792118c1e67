//! The `enrichment` object: what newswire adds to every article.
//!
//! These types are the record contract of `DESIGN.md`, serialised field by
//! field in declaration order. Offsets are Unicode code points of the original
//! `title` or `body` string, end exclusive. Nothing here depends on a clock,
//! randomness or hash-map order: the same article and engine version always
//! serialise to the same bytes.
//!
//! Text taken from the article (mentions, quotes, verbs, the dateline) is
//! borrowed from it (`'a`): assembly copies no text, and serialisation
//! writes it straight from the article. Deserialised values own their text.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::enrich::document::Field;

/// The version of this contract; it changes only when a field changes meaning
/// or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything newswire found in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Enrichment<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `newswire/<crate version>`: which engine produced the record.
    pub engine: String,
    /// ISO 639-1 code of the article's language (`und` when unknown).
    pub language: String,
    /// The dateline the body opens with, if any.
    pub dateline: Option<Dateline<'a>>,
    /// People, organisations and places, in order of first mention.
    pub entities: Vec<Entity<'a>>,
    /// Direct and partial quotations in the body, in text order.
    pub quotes: Vec<Quote<'a>>,
}

/// Where (and when, and for whom) a story was filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dateline<'a> {
    /// The dateline as written, up to and including its closing dash.
    pub text: Cow<'a, str>,
    /// Code-point offset of `text` in the body.
    pub start: usize,
    /// Code-point offset just past `text` in the body.
    pub end: usize,
    /// The place as written (`Mosca`, `NEW YORK`).
    pub location: Cow<'a, str>,
    /// The place's usual English name (`Moscow`), or `location` when unknown.
    pub canonical: String,
    /// ISO 3166-1 alpha-2 country code of the place, when known.
    pub country: Option<String>,
    /// ISO 8601 date (`2023-09-13`), when the dateline carries one.
    pub date: Option<String>,
    /// The credited agency as written (`Reuters`, `askanews`), if any.
    pub agency: Option<Cow<'a, str>>,
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
pub struct Entity<'a> {
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
    pub mentions: Vec<Mention<'a>>,
}

/// Where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mention<'a> {
    /// `title` or `body`.
    pub field: Field,
    /// Code-point offset of the mention in its field.
    pub start: usize,
    /// Code-point offset just past the mention.
    pub end: usize,
    /// The mention as written.
    pub text: Cow<'a, str>,
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
pub struct Quote<'a> {
    /// The words between the quotation marks (marks excluded).
    pub text: Cow<'a, str>,
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
    pub verb: Option<Cow<'a, str>>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

impl Enrichment<'_> {
    /// The same enrichment owning all its text, free of the article it was
    /// made from.
    pub fn into_owned(self) -> Enrichment<'static> {
        Enrichment {
            schema_version: self.schema_version,
            engine: self.engine,
            language: self.language,
            dateline: self.dateline.map(Dateline::into_owned),
            entities: self.entities.into_iter().map(Entity::into_owned).collect(),
            quotes: self.quotes.into_iter().map(Quote::into_owned).collect(),
        }
    }
}

impl Dateline<'_> {
    /// The same dateline owning its text.
    pub fn into_owned(self) -> Dateline<'static> {
        Dateline {
            text: owned(self.text),
            start: self.start,
            end: self.end,
            location: owned(self.location),
            canonical: self.canonical,
            country: self.country,
            date: self.date,
            agency: self.agency.map(owned),
        }
    }
}

impl Entity<'_> {
    /// The same entity owning its mentions' text.
    pub fn into_owned(self) -> Entity<'static> {
        Entity {
            id: self.id,
            kind: self.kind,
            name: self.name,
            canonical: self.canonical,
            country: self.country,
            mentions: self.mentions.into_iter().map(Mention::into_owned).collect(),
        }
    }
}

impl Mention<'_> {
    /// The same mention owning its text.
    pub fn into_owned(self) -> Mention<'static> {
        Mention {
            field: self.field,
            start: self.start,
            end: self.end,
            text: owned(self.text),
        }
    }
}

impl Quote<'_> {
    /// The same quote owning its text.
    pub fn into_owned(self) -> Quote<'static> {
        Quote {
            text: owned(self.text),
            start: self.start,
            end: self.end,
            kind: self.kind,
            speaker: self.speaker,
            speaker_entity: self.speaker_entity,
            verb: self.verb.map(owned),
            attribution: self.attribution,
        }
    }
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn borrowed(text: &str) -> Enrichment<'_> {
        let at = |s: &str| {
            let i = text.find(s).expect("in the text");
            (i, i + s.len(), Cow::Borrowed(&text[i..i + s.len()]))
        };
        let (ds, de, dt) = at("Roma, 3 mag –");
        let (ms, me, mt) = at("Mario Rossi");
        let (qs, qe, qt) = at("Andremo avanti");
        Enrichment {
            schema_version: SCHEMA_VERSION,
            engine: "newswire/test".into(),
            language: "it".into(),
            dateline: Some(Dateline {
                text: dt,
                start: ds,
                end: de,
                location: at("Roma").2,
                canonical: "Rome".into(),
                country: Some("IT".into()),
                date: None,
                agency: None,
            }),
            entities: vec![Entity {
                id: 0,
                kind: EntityKind::Person,
                name: "Mario Rossi".into(),
                canonical: "Mario Rossi".into(),
                country: None,
                mentions: vec![Mention {
                    field: Field::Body,
                    start: ms,
                    end: me,
                    text: mt,
                }],
            }],
            quotes: vec![Quote {
                text: qt,
                start: qs,
                end: qe,
                kind: QuoteKind::Direct,
                speaker: Some("Mario Rossi".into()),
                speaker_entity: Some(0),
                verb: Some(at("ha detto").2),
                attribution: Attribution::Explicit,
            }],
        }
    }

    #[test]
    fn an_owned_copy_outlives_the_article_and_serialises_the_same() {
        let (owned, json) = {
            let body = String::from("Roma, 3 mag – «Andremo avanti», ha detto Mario Rossi.");
            let e = borrowed(&body);
            let json = serde_json::to_string(&e).unwrap();
            let owned = e.clone().into_owned();
            assert_eq!(owned, e);
            (owned, json)
        };
        assert!(matches!(owned.entities[0].mentions[0].text, Cow::Owned(_)));
        assert_eq!(owned.quotes[0].verb.as_deref(), Some("ha detto"));
        assert_eq!(serde_json::to_string(&owned).unwrap(), json);
    }

    #[test]
    fn deserialised_values_own_their_text() {
        let body = "Roma, 3 mag – «Andremo avanti», ha detto Mario Rossi.";
        let json = serde_json::to_string(&borrowed(body)).unwrap();
        let back: Enrichment<'static> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, borrowed(body));
    }
}
