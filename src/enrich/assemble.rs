//! Turning the stages' findings into the [`Enrichment`] of the record contract:
//! byte spans of the normalised text become code-point offsets and text of the
//! original strings. Text is borrowed from the article, never copied.

use std::borrow::Cow;

use crate::enrich::document::{Document, Field, Span};
use crate::enrich::output::{self, Enrichment, Mention};
use crate::enrich::quotes::Speaker;
use crate::enrich::{dateline, entities, quotes, ENGINE, SCHEMA_VERSION};

/// Builds the enrichment of `doc` from what the stages found; its text
/// borrows the article's strings, and the entities' names move into it.
pub fn enrichment<'a>(
    doc: &Document<'a>,
    language: String,
    dateline: Option<dateline::Found>,
    entities: Vec<entities::Found>,
    quotes: &[quotes::Found],
) -> Enrichment<'a> {
    // Quotes first: they copy their speakers' names before the entities move.
    let quotes = quotes
        .iter()
        .map(|q| assemble_quote(doc, &entities, q))
        .collect();
    Enrichment {
        schema_version: SCHEMA_VERSION,
        engine: ENGINE.to_owned(),
        language,
        dateline: dateline.map(|d| assemble_dateline(doc, d)),
        entities: entities
            .into_iter()
            .enumerate()
            .map(|(id, e)| assemble_entity(doc, id, e))
            .collect(),
        quotes,
    }
}

/// Code-point offsets and original text of a span.
fn locate<'a>(doc: &Document<'a>, span: Span) -> (usize, usize, Cow<'a, str>) {
    let field = doc.field(span.field);
    let (start, end) = field.code_points(span.start, span.end);
    (start, end, original(doc, span))
}

/// The original text of a span.
fn original<'a>(doc: &Document<'a>, span: Span) -> Cow<'a, str> {
    Cow::Borrowed(doc.field(span.field).original_slice(span.start, span.end))
}

fn assemble_dateline<'a>(doc: &Document<'a>, d: dateline::Found) -> output::Dateline<'a> {
    let (start, end, text) = locate(doc, d.span);
    output::Dateline {
        text,
        start,
        end,
        location: original(doc, d.location),
        canonical: d.canonical,
        country: d.country,
        date: d.date.map(|d| d.format("%Y-%m-%d").to_string()),
        agency: d.agency.map(|a| original(doc, a)),
    }
}

fn assemble_entity<'a>(doc: &Document<'a>, id: usize, e: entities::Found) -> output::Entity<'a> {
    output::Entity {
        id,
        kind: e.kind,
        name: e.name,
        canonical: e.canonical,
        country: e.country,
        mentions: e
            .mentions
            .iter()
            .map(|&m| {
                let (start, end, text) = locate(doc, m);
                Mention {
                    field: m.field,
                    start,
                    end,
                    text,
                }
            })
            .collect(),
    }
}

fn assemble_quote<'a>(
    doc: &Document<'a>,
    entities: &[entities::Found],
    q: &quotes::Found,
) -> output::Quote<'a> {
    debug_assert_eq!(q.span.field, Field::Body);
    let (start, end, text) = locate(doc, q.span);
    let (speaker, speaker_entity) = match &q.speaker {
        Some(Speaker::Entity(i)) => (entities.get(*i).map(|e| e.name.clone()), Some(*i)),
        Some(Speaker::Unresolved(name)) => (Some(name.clone()), None),
        None => (None, None),
    };
    output::Quote {
        text,
        start,
        end,
        kind: q.kind,
        speaker,
        speaker_entity,
        verb: q.verb.map(|v| original(doc, v)),
        attribution: q.attribution,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::enrich::output::{Attribution, EntityKind, QuoteKind};

    #[test]
    fn spans_become_code_points_of_the_original() {
        let body = "Città, 1 mar – «Sì», ha detto Mario Rossi.";
        let doc = Document::new(None, body, &HashSet::new());
        let b = doc.body.as_str();
        let at = |s: &str| {
            let i = b.find(s).unwrap();
            Span::new(Field::Body, i, i + s.len())
        };
        let ents = vec![entities::Found {
            kind: EntityKind::Person,
            name: "Mario Rossi".into(),
            canonical: "Mario Rossi".into(),
            country: None,
            mentions: vec![at("Mario Rossi")],
        }];
        let qs = vec![quotes::Found {
            span: at("Sì"),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker::Entity(0)),
            verb: Some(at("ha detto")),
            attribution: Attribution::Explicit,
        }];
        let e = enrichment(&doc, "it".into(), None, ents, &qs);
        let m = &e.entities[0].mentions[0];
        let chars: Vec<char> = body.chars().collect();
        assert_eq!(
            chars[m.start..m.end].iter().collect::<String>(),
            "Mario Rossi"
        );
        let q = &e.quotes[0];
        assert_eq!((q.start, q.end, &*q.text), (16, 18, "Sì"));
        assert_eq!(q.speaker.as_deref(), Some("Mario Rossi"));
        assert_eq!(q.verb.as_deref(), Some("ha detto"));
    }
}
