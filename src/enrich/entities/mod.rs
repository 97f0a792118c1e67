//! People, organisations and places: mentions, coreference, canonical names.
//!
//! ```text
//! Document ─► units (words as names are written) ─► candidates (capitalised
//!   runs, cut at titles and common words) ─► typing (cues, gazetteers, make-up)
//!   ─► + the dateline's place and agency ─► coreference ─► Found, by first mention
//! ```
//!
//! - [`units`]: joins tokens into name-shaped words (`Jong-un`, `U.S.`).
//! - [`candidates`]: capitalised runs with particles, cut into candidates.
//! - [`cues`]: what the words before a name say (a title, `agenzia di stampa`).
//! - [`typing`]: person, organisation or place, and the gazetteer entry.
//! - [`coref`]: which mentions are one entity.
//! - [`landmark`]: places named with a class noun (`río Elqui`, `Furkapass`).
//! - [`lexicon`]: the language's word lists.
//! - [`memo`]: answers about single units, computed once per block.
//! - [`towns`]: lone unknown names that are small towns of the article's countries.
//! - [`classify`]: a trained model's second opinion on each entity's type.
//!
//! The gazetteers are the engine's one [`Gazetteer`], passed in by reference;
//! every folded form here is [`gazetteer::fold`]'s, so a run of units reads as
//! a gazetteer key.
//!
//! All language knowledge is data (`resources/<lang>/entities/`,
//! `resources/shared/entities/`, the gazetteers); the code holds no word of
//! any language. Every pass is linear in the article's length: each unit is
//! looked at a bounded number of times, and lookups are hash probes of
//! slices of one folded buffer per field.

pub mod candidates;
pub mod classify;
pub mod coref;
pub mod cues;
pub mod landmark;
pub mod lexicon;
pub mod memo;
pub mod towns;
pub mod typing;
pub mod units;

use std::collections::HashSet;

use foldhash::fast::FixedState;

use crate::enrich::dateline;
use crate::enrich::document::{Document, Field, FieldText, Span};
use crate::enrich::gazetteer::{self, Gazetteer, Kind};
use crate::enrich::language::Lang;
use crate::enrich::output::EntityKind;
use crate::enrich::resources::ResourceError;
use coref::Mention;
use lexicon::{Lexicon, WordBits};
use memo::Memo;
use typing::Strength;
use units::{UnitKind, Units};

/// One language's entity data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
    lex: Lexicon,
    /// The trained second opinion on types; `None` for the rules alone.
    typer: Option<classify::Typer>,
    /// The classes of listed words, for the typer's features.
    classes: classify::WordClasses,
}

impl Rules {
    /// Loads `lang`'s entity data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        let lex = Lexicon::load(lang)?;
        Ok(Rules {
            lang,
            classes: classify::WordClasses::new(&lex),
            lex,
            typer: Some(classify::Typer::load(lang)?),
        })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Drops the [`classify`] model: every type is then the rules' own.
    pub fn remove_typer(&mut self) {
        self.typer = None;
    }
}

/// One entity and its mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Person, organisation or location.
    pub kind: EntityKind,
    /// The fullest form used in the article.
    pub name: String,
    /// The usual English name, else `name`.
    pub canonical: String,
    /// ISO 3166-1 alpha-2 code, for places.
    pub country: Option<String>,
    /// Mentions in text order (title first); never overlapping.
    pub mentions: Vec<Span>,
}

/// A headline in title case: most of its words capitalised, so capitals
/// tell nothing.
fn title_case(field: &FieldText, lex: &Lexicon) -> bool {
    let text = field.as_str();
    let mut words = 0;
    let mut caps = 0;
    for t in field.tokens.iter().filter(|t| t.is_word()) {
        let s = t.text(text);
        if s.chars().count() <= 3 {
            continue;
        }
        words += 1;
        caps += usize::from(s.chars().next().is_some_and(char::is_uppercase));
    }
    let _ = lex;
    words >= 4 && caps * 4 >= words * 3
}

/// The folded text of units `r`, when it is the fold of their text as
/// written: no unit folds to nothing and each is one space from the next.
/// (`l'Ucraina` is not: its units `l'` `Ucraina` fold to `l' ucraina`.)
fn spaced_fold(units: &Units, text: &str, r: std::ops::Range<usize>) -> Option<String> {
    let u = &units.units[r.clone()];
    let spaced = u.iter().all(|x| !x.folded.is_empty())
        && u.windows(2)
            .all(|w| w[1].start == w[0].end + 1 && text.as_bytes()[w[0].end] == b' ');
    spaced.then(|| units.fold_range(r).to_owned())
}

fn mention_from<'a>(
    doc: &'a Document,
    span: Span,
    folded: Option<String>,
    kind: EntityKind,
    strength: Strength,
    entry: Option<&'a gazetteer::Candidate>,
    acronym: bool,
) -> Mention<'a> {
    let text = doc.text(span);
    let mut folded = folded.unwrap_or_else(|| gazetteer::fold(text));
    // `Lumora Systems, Inc.`: a comma inside a name is no part of its words.
    if folded.contains(',') {
        folded = folded
            .split([' ', ','])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let initial = |p: &str| p.ends_with('.') && p.chars().count() == 2;
    let key = if folded.contains('.')
        && folded.split(' ').any(initial)
        && !folded.split(' ').all(initial)
    {
        let mut key = String::with_capacity(folded.len());
        for p in folded.split(' ').filter(|p| !initial(p)) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(p);
        }
        key
    } else {
        folded
    };
    Mention {
        span,
        text,
        words: key.bytes().filter(|&b| b == b' ').count() + 1,
        key,
        kind,
        strength,
        entry,
        acronym,
        bracketed_after: None,
        after_article: false,
    }
}

/// Finds the entities of `doc`, in order of first mention, typed and named
/// with the help of `gaz`.
pub fn find<'a>(
    doc: &'a Document,
    rules: &Rules,
    gaz: &'a Gazetteer,
    dateline: Option<&dateline::Found>,
) -> Vec<Found> {
    found(doc, rules, gaz, dateline, None)
}

/// An entity as the rules alone typed it, with the features the
/// [`classify`] model reads: what `scripts/entities/train_typer.py` learns
/// from.
#[derive(Debug, Clone)]
pub struct Traced {
    /// The entity, typed by the rules.
    pub found: Found,
    /// Its features, in the order the model reads them.
    pub features: Vec<String>,
    /// The dateline's place or agency, whose type the model never changes.
    pub fixed: bool,
}

/// [`find`] without the model's second opinion, each entity with its
/// features.
pub fn find_traced<'a>(
    doc: &'a Document,
    rules: &Rules,
    gaz: &'a Gazetteer,
    dateline: Option<&dateline::Found>,
) -> Vec<Traced> {
    let mut traced = Vec::new();
    found(doc, rules, gaz, dateline, Some(&mut traced));
    traced
}

fn found<'a>(
    doc: &'a Document,
    rules: &Rules,
    gaz: &'a Gazetteer,
    dateline: Option<&dateline::Found>,
    trace: Option<&mut Vec<Traced>>,
) -> Vec<Found> {
    let lex = &rules.lex;
    let mut reserved: Vec<(Span, EntityKind)> = Vec::new();
    // A two-letter code in the dateline (`Davos GR (Keystone-SDA)`, a
    // canton's) is no name of the article; a region or country written out
    // there is (`DOHA, Qatar`, `SAN JOSE, Calif.`).
    let dateline_span = dateline.map(|d| d.span);
    let code = |text: &str| {
        text.len() == 2
            && text.bytes().all(|b| b.is_ascii_uppercase())
            && gaz.lookup(text).is_empty()
    };
    if let Some(d) = dateline {
        reserved.push((d.location, EntityKind::Location));
        if let Some(a) = d.agency {
            reserved.push((a, EntityKind::Organization));
        }
    }
    let mut mentions: Vec<Mention> = Vec::new();
    let mut things: HashSet<String, FixedState> = HashSet::default();
    for (field, ft, tokens) in blocks(doc) {
        let headline = field == Field::Title && title_case(ft, lex);
        let units = units::units_in(ft, tokens, lex, gaz, headline);
        let memo = Memo::new(units.len());
        let cands = candidates::candidates(&units, &memo, lex, gaz);
        let typed = typing::typed(ft.as_str(), &cands, &units, &memo, lex, gaz);
        let mut prev: Option<(usize, usize)> = None; // (end unit, mention index)
        for t in typed {
            let u = &units.units;
            let span = Span::new(field, u[t.units.start].start, u[t.units.end - 1].end);
            if reserved.iter().any(|(r, _)| r.overlaps(&span))
                || dateline_span.is_some_and(|d| {
                    d.field == span.field
                        && d.start <= span.start
                        && span.end <= d.end
                        && code(doc.text(span))
                })
            {
                continue;
            }
            if t.thing {
                things.insert(units.fold_range(t.units.clone()).to_owned());
                // `Tropical Storm Trami` … `Trami`: the name after the
                // thing noun is the thing's elsewhere too.
                let after_noun = t.units.clone().rev().find(|&k| {
                    units.units[k].is_word() && memo.word(&units, lex, k).is(WordBits::THING_BEFORE)
                });
                if let Some(k) = after_noun.filter(|&k| k + 1 < t.units.end) {
                    things.insert(units.fold_range(k + 1..t.units.end).to_owned());
                }
                // `Plano de Recuperação e Resiliência` … `PRR`: the acronym
                // of the thing's capitalised words is the thing too.
                let initials: String = t
                    .units
                    .clone()
                    .filter(|&k| units.units[k].is_capitalised())
                    .filter_map(|k| units.fold(k).chars().next())
                    .collect();
                if initials.chars().count() >= 2 {
                    things.insert(initials);
                }
                continue;
            }
            let first = &u[t.units.start];
            let acronym = t.units.len() == 1
                && (first.upper
                    || first.dotted
                    || (first.inner_cap && first.end - first.start <= 6));
            let folded = spaced_fold(&units, ft.as_str(), t.units.clone());
            let mut m = mention_from(doc, span, folded, t.kind, t.strength, t.entry, acronym);
            m.bracketed_after = bracketed_after(&units, t.units.start, prev);
            // An elided article (`l'Imoco`) and a preposition joined to
            // its article (`al Gaslini`, `all'Imoco`) count as articles.
            m.after_article = t.units.start > 0 && {
                let k = t.units.start - 1;
                let before = &units.units[k];
                before.kind == UnitKind::Elision
                    || (before.is_word()
                        && (memo.word(&units, lex, k).is(WordBits::ARTICLE)
                            || lex.contracted_prepositions.contains(units.fold(k))))
            };
            prev = Some((t.units.end, mentions.len()));
            mentions.push(m);
        }
    }
    // Only training asks which entities are the dateline's.
    let fixed_spans: Vec<Span> = match trace {
        Some(_) => reserved.iter().map(|(s, _)| *s).collect(),
        None => Vec::new(),
    };
    for (span, kind) in reserved {
        let entry = gazetteer::own_names_first(gaz.lookup(doc.text(span)))
            .find(|e| e.kind.entity_kind() == kind);
        mentions.push(mention_from(
            doc,
            span,
            None,
            kind,
            Strength::Strong,
            entry,
            false,
        ));
    }
    if !things.is_empty() {
        // `un “modello Genova”` … `Genova oggi si rialza`: a country, region
        // or big city named after a thing noun stays a place elsewhere when
        // the article names another place of its country (`Italia`); a
        // rocket named like a city abroad (`lanciatore Angara`) does not.
        let countries: std::collections::BTreeSet<_> = mentions
            .iter()
            .filter(|m| !things.contains(&m.key))
            .filter_map(|m| m.entry)
            .filter(|e| e.kind.is_place())
            .filter_map(|e| e.country)
            .collect();
        let home = |m: &Mention| {
            m.entry.is_some_and(|e| {
                (matches!(e.kind, Kind::Country | Kind::Region)
                    || (e.kind == Kind::City && e.population >= THING_CITY))
                    && e.country.is_some_and(|c| countries.contains(&c))
            })
        };
        mentions.retain(|m| !things.contains(&m.key) || home(m));
    }
    mentions.sort_by_key(|m| m.span);
    // Bracket links were indices before sorting; reserved mentions never
    // carry one, and sorting only moves them, so remap by span.
    relink(&mut mentions);
    let clusters = coref::cluster(&mentions, |w| lex.particles.contains(w));
    let cx = classify::Context {
        doc,
        lex,
        gaz,
        lang: rules.lang.code(),
        classes: &rules.classes,
    };
    if let Some(trace) = trace {
        for c in &clusters {
            let mut features = Vec::new();
            classify::features(&cx, &mentions, c, &mut features);
            trace.push(Traced {
                found: entity(&mentions, c, lex),
                features,
                fixed: c
                    .members
                    .iter()
                    .any(|&m| fixed_spans.contains(&mentions[m].span)),
            });
        }
        return Vec::new();
    }
    let clusters = match &rules.typer {
        Some(typer) => classify::retype(typer, &cx, &mentions, clusters),
        None => clusters,
    };
    clusters
        .into_iter()
        .map(|c| entity(&mentions, &c, lex))
        .collect()
}

/// A city at least this big named after a thing noun may still be the
/// city elsewhere in the article.
const THING_CITY: u64 = 100_000;

/// Text blocks of about this many bytes (whole paragraphs) are cut into
/// units one at a time, so that a long article never holds the units of all
/// its text at once.
const BLOCK_BYTES: usize = 64 * 1024;

/// Each field's tokens, cut into runs of whole paragraphs of about
/// [`BLOCK_BYTES`] (an article shorter than that is one block per field).
fn blocks<'d, 'a>(
    doc: &'d Document<'a>,
) -> impl Iterator<Item = (Field, &'d FieldText<'a>, std::ops::Range<usize>)> {
    doc.fields().into_iter().flat_map(|(field, ft)| {
        let mut cuts = vec![0];
        let mut from = 0;
        for p in &ft.paragraphs {
            if p.end - from >= BLOCK_BYTES {
                let t = ft.token_at_or_after(p.end);
                if t > *cuts.last().unwrap_or(&0) && t < ft.tokens.len() {
                    cuts.push(t);
                }
                from = p.end;
            }
        }
        cuts.push(ft.tokens.len());
        let ranges: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
        ranges.into_iter().map(move |r| (field, ft, r))
    })
}

/// The mention that a candidate starting at unit `s` stands in brackets
/// after: `Name (X`.
fn bracketed_after(units: &Units, s: usize, prev: Option<(usize, usize)>) -> Option<usize> {
    let (end, idx) = prev?;
    (s >= 1 && end == s - 1 && {
        let b = &units.units[s - 1];
        b.kind == UnitKind::Punct && units.fold(s - 1) == "("
    })
    .then_some(idx)
}

fn relink(mentions: &mut [Mention]) {
    // Links point at the mention just before in the same field, which
    // sorting by span keeps just before: recompute them as "previous index".
    for (i, m) in mentions.iter_mut().enumerate() {
        if m.bracketed_after.is_some() {
            m.bracketed_after = i.checked_sub(1);
        }
    }
}

/// The member of `c` with the fullest name: the most words, then the most
/// characters, then the first.
fn fullest(mentions: &[Mention], c: &coref::Cluster) -> usize {
    c.members
        .iter()
        .copied()
        .max_by_key(|&m| {
            (
                mentions[m].words,
                mentions[m].text.chars().count(),
                std::cmp::Reverse(m),
            )
        })
        .unwrap_or(c.members[0])
}

fn entity(mentions: &[Mention], c: &coref::Cluster, lex: &Lexicon) -> Found {
    let fullest = fullest(mentions, c);
    // An acronym spelling out the fullest name's initials is named by it,
    // not by what the gazetteer knows under those letters (`Confederação do
    // Comércio e Serviços de Portugal (CCP)` is no Chinese Communist Party).
    let spelled = |m: usize| {
        mentions[m].acronym
            && m != fullest
            && coref::is_initials_of(&mentions[m].key, &mentions[fullest].key)
    };
    let entry = std::iter::once(fullest)
        .chain(c.members.iter().copied())
        .filter(|&m| !spelled(m))
        .find_map(|m| {
            mentions[m].entry.filter(|e| {
                // A person's surname known of someone else names them only
                // when that someone's name holds the fullest one.
                e.kind.entity_kind() == c.kind
                    && (c.kind != EntityKind::Person
                        || m == fullest
                        || gazetteer::fold(e.canonical).contains(&mentions[fullest].key))
            })
        });
    let name = mentions[fullest].text.to_owned();
    Found {
        kind: c.kind,
        canonical: entry.map_or_else(
            || landmark_name(&name, c.kind, lex).unwrap_or_else(|| name.clone()),
            |e| e.canonical.to_owned(),
        ),
        country: entry
            .filter(|_| c.kind == EntityKind::Location)
            .and_then(|e| e.country.map(|c| c.as_str().to_owned())),
        name,
        mentions: c.members.iter().map(|&m| mentions[m].span).collect(),
    }
}

/// The English name a place's class noun makes (`río Elqui` → `Elqui River`).
fn landmark_name(name: &str, kind: EntityKind, lex: &Lexicon) -> Option<String> {
    (kind == EntityKind::Location).then(|| {
        lex.landmarks.canonical(
            name,
            |w| lex.particles.contains(w) || lex.elisions.contains(w),
            |w| lex.common.contains(w),
        )
    })?
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn spaced_fold_is_the_fold_of_the_text() {
        let lex = Lexicon::load(Lang::It).unwrap();
        let body = "Ieri l'Ucraina e Kim Jong-un, po' di CITTA' - Lumora Systems, Inc. e V. Putin a Forlì.";
        let doc = Document::new(None, body, &HashSet::new());
        let units = units::units(&doc.body, &lex, gazetteer::tests::shared(), false);
        let text = doc.body.as_str();
        let mut spaced = 0;
        for b in 0..units.len() {
            for e in b + 1..=units.len() {
                let span = &text[units.units[b].start..units.units[e - 1].end];
                if let Some(f) = spaced_fold(&units, text, b..e) {
                    assert_eq!(f, gazetteer::fold(span), "{span:?}");
                    spaced += 1;
                }
            }
        }
        assert!(spaced > 20);
        assert_eq!(spaced_fold(&units, text, 1..3), None, "l'Ucraina");
    }
}
