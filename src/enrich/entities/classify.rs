//! A learned second opinion on each entity's type.
//!
//! The rules type a name by its cues, the gazetteers and its make-up, and
//! fall back to a default when nothing speaks (a lone unknown name is an
//! organisation). A linear model (multinomial logistic regression), trained
//! on the project's gold sets by `scripts/entities/train_typer.py`, scores
//! each entity the rules only guessed as a person, an organisation, a place
//! or no entity at all, from features of its make-up, the words around its
//! mentions and what the rules said. When it prefers another label to the
//! rules' by more than the model's margin, the entity is retyped, or
//! dropped. A type the rules took from a cue, a gazetteer entry or the
//! dateline is never judged (see [`retype`]).
//!
//! The features hold none of the entity's own name words, only common words
//! of the language (`museo`, `di`), endings and shapes, so the model learns
//! cues that carry over to names it never saw, not the names of its
//! training articles.
//!
//! The weights are data: `resources/shared/entities/typer.tsv`, one feature
//! per line with its four weights (person, organisation, location, none).
//! Lexical features start with a language code (`it:p1:a`); each language
//! keeps only its own and the shared ones.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::coref::{Cluster, Mention};
use super::lexicon::{Lexicon, PhraseSet};
use super::typing::Strength;
use crate::enrich::affix;
use crate::enrich::document::{Document, Field, FieldText, TokenKind};
use crate::enrich::gazetteer::{self, Gazetteer, Kind};
use crate::enrich::language::Lang;
use crate::enrich::output::EntityKind;
use crate::enrich::resources::{self, ResourceError};

/// The model's weights file.
const PATH: &str = "shared/entities/typer.tsv";

/// Mentions of one entity whose context is read: the first few say what
/// the rest would.
const MENTIONS_READ: usize = 4;

/// What the model may say an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// One of the three entity types.
    Kind(EntityKind),
    /// No entity: a thing, a common word, a piece of a name.
    None,
}

impl Label {
    /// Column order of the weights file.
    const ALL: [Label; 4] = [
        Label::Kind(EntityKind::Person),
        Label::Kind(EntityKind::Organization),
        Label::Kind(EntityKind::Location),
        Label::None,
    ];

    fn index(self) -> usize {
        Label::ALL.iter().position(|l| *l == self).unwrap_or(3)
    }
}

/// One language's share of the trained model.
#[derive(Debug, Clone)]
pub struct Typer {
    /// By [`key`] of the feature.
    weights: HashMap<u64, [f32; 4], FixedState>,
    /// How much more another label must score than the rules' to win.
    margin: f32,
}

impl Typer {
    /// Loads the weights `lang` reads: its own lexical features and the
    /// shared ones.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        Typer::parse(resources::lines(PATH)?, lang)
    }

    fn parse(lines: Vec<resources::Line>, lang: Lang) -> Result<Self, ResourceError> {
        let own = format!("{}:", lang.code());
        let mut weights = HashMap::default();
        let mut margin = None;
        for line in lines {
            let cols = line.columns(5)?;
            let mut w = [0f32; 4];
            for (k, c) in cols[1..].iter().enumerate() {
                w[k] = c
                    .parse()
                    .map_err(|_| line.error(format!("weight {c:?} is no number")))?;
            }
            let name = cols[0];
            match name {
                "=margin" => margin = Some(w[0]),
                _ if name.starts_with('=') => {
                    return Err(line.error(format!("unknown setting {name:?}")))
                }
                _ => {
                    let lexical = Lang::ALL.iter().any(|g| {
                        name.strip_prefix(g.code())
                            .is_some_and(|rest| rest.starts_with(':'))
                    });
                    if !lexical || name.starts_with(&own) {
                        weights.insert(key(&[name]), w);
                    }
                }
            }
        }
        let margin = margin.ok_or_else(|| ResourceError::Malformed {
            path: PATH.to_owned(),
            line: 0,
            message: "no =margin line".to_owned(),
        })?;
        Ok(Typer { weights, margin })
    }

    /// What the model makes of an entity the rules typed `rules`: `None`
    /// to keep it, else the label that beats the rules' by the margin.
    pub fn decide(&self, rules: EntityKind, features: impl FnOnce(&mut dyn Sink)) -> Option<Label> {
        let mut scores = Scores {
            typer: self,
            sum: [0.0; 4],
        };
        features(&mut scores);
        let s = scores.sum;
        let own = s[Label::Kind(rules).index()];
        let (best, top) = Label::ALL.iter().map(|l| (*l, s[l.index()])).fold(
            (Label::Kind(rules), own),
            |a, b| if b.1 > a.1 { b } else { a },
        );
        (best != Label::Kind(rules) && top - own > self.margin).then_some(best)
    }
}

/// What the features of one entity are read from.
pub struct Context<'d, 'a> {
    /// The article.
    pub doc: &'d Document<'a>,
    /// The language's word lists.
    pub lex: &'d Lexicon,
    /// The gazetteers.
    pub gaz: &'a Gazetteer,
    /// The language's code, the prefix of lexical features.
    pub lang: &'static str,
    /// The classes of the language's listed words.
    pub classes: &'d WordClasses,
}

/// Where features go: each is the concatenation of its parts, so that a
/// feature can be looked up without being written out.
pub trait Sink {
    /// Takes one feature.
    fn feature(&mut self, parts: &[&str]);
}

/// Features written out, for training.
impl Sink for Vec<String> {
    fn feature(&mut self, parts: &[&str]) {
        self.push(parts.concat());
    }
}

/// The scores of each label: the sum of the features' weights.
struct Scores<'t> {
    typer: &'t Typer,
    sum: [f32; 4],
}

impl Sink for Scores<'_> {
    fn feature(&mut self, parts: &[&str]) {
        if let Some(w) = self.typer.weights.get(&key(parts)) {
            for (s, w) in self.sum.iter_mut().zip(w) {
                *s += w;
            }
        }
    }
}

/// A feature's key: the 64-bit FNV-1a hash of its bytes, which reads the
/// parts in turn as one string. Among a few thousand features a collision
/// is vanishingly unlikely.
fn key(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Sends the features of cluster `c` (see the module's doc) to `sink`, in a
/// fixed order.
pub fn features(cx: &Context, mentions: &[Mention], c: &Cluster, sink: &mut dyn Sink) {
    let members = &c.members;
    let full = &mentions[super::fullest(mentions, c)];
    let l = cx.lang;
    let kind = kind_name(c.kind);
    let strength = strength_name(
        members
            .iter()
            .map(|&m| mentions[m].strength)
            .max()
            .unwrap_or(Strength::Weak),
    );
    let words = full.words.min(4);
    let digit = |n: usize| DIGITS[n.min(9)];

    sink.feature(&["bias"]);
    sink.feature(&["r:", kind]);
    sink.feature(&["rs:", kind, ":", strength]);
    match members.iter().find_map(|&m| mentions[m].entry) {
        Some(e) => sink.feature(&["e:", gazetteer_kind_name(e.kind)]),
        None => sink.feature(&["e:none"]),
    }
    // What else the gazetteers know under the fullest name.
    let mut kinds: Vec<Kind> = cx
        .gaz
        .lookup_folded(&full.key)
        .iter()
        .map(|e| e.kind)
        .collect();
    kinds.sort_by_key(|k| *k as u8);
    kinds.dedup();
    for k in kinds {
        sink.feature(&["g:", gazetteer_kind_name(k)]);
    }
    if full.words == 1 && !cx.gaz.towns().entries_folded(&full.key).is_empty() {
        sink.feature(&["town"]);
    }

    // Make-up of the fullest name.
    sink.feature(&["nw:", digit(words)]);
    sink.feature(&["nm:", digit(members.len().min(3))]);
    if members.iter().any(|&m| mentions[m].acronym) {
        sink.feature(&["acr"]);
    }
    let text = full.text;
    if text.bytes().any(|b| b.is_ascii_digit()) {
        sink.feature(&["digit"]);
    }
    if text.contains('-') {
        sink.feature(&["hyphen"]);
    }
    if text.contains(['\'', '’']) {
        sink.feature(&["apos"]);
    }
    if text.contains('&') {
        sink.feature(&["amp"]);
    }
    let name: Vec<(&str, u32)> = full
        .key
        .split(' ')
        .map(|w| (w, cx.classes.of(cx.lex, w)))
        .collect();
    if name.len() >= 2 && name[0].1 & GIVEN != 0 {
        sink.feature(&["given"]);
    }
    let last = name[name.len() - 1].0;
    let chars = last.chars().count();
    for (n, at) in [(3, ":s3:"), (4, ":s4:")] {
        if chars > n {
            let cut = last.char_indices().nth(chars - n).map_or(0, |(i, _)| i);
            sink.feature(&[l, at, &last[cut..]]);
        }
    }
    for &(_, bits) in &name {
        each_class(bits, "wc:", sink);
    }
    let plain = name.iter().all(|&(_, bits)| bits == 0);
    // Conjunctions a linear model cannot make itself: how long a name is,
    // with what the rules said and whether any of its words is known.
    sink.feature(&["rsn:", kind, ":", strength, ":", digit(words)]);
    let known = members.iter().any(|&m| mentions[m].entry.is_some());
    sink.feature(&[
        if plain { "plain:true:" } else { "plain:false:" },
        digit(words),
        if known { ":true" } else { ":false" },
    ]);
    sink.feature(&[l, ":lang"]);
    if cx
        .lex
        .surname_endings
        .iter()
        .any(|e| affix::ends_with(last, e))
    {
        sink.feature(&["surname_end"]);
    }
    for (i, &(w, bits)) in name.iter().enumerate() {
        if bits & (COMMON | PARTICLE) != 0 {
            let at = if i == 0 {
                ":w0:"
            } else if i + 1 == name.len() {
                ":wl:"
            } else {
                ":wi:"
            };
            sink.feature(&[l, at, w]);
        }
    }

    // The words around the first few mentions.
    let (mut before, mut before2, mut next) = (String::new(), String::new(), String::new());
    for &m in members.iter().take(MENTIONS_READ) {
        let m = &mentions[m];
        let ft = cx.doc.field(m.span.field);
        let first = ft.token_at_or_after(m.span.start);
        let after = ft.token_at_or_after(m.span.end);
        if m.after_article {
            sink.feature(&["art"]);
        }
        if m.span.field == Field::Title {
            sink.feature(&["title"]);
        }
        let sentence_start = ft
            .sentence_of(m.span.start)
            .is_some_and(|s| ft.sentences[s].tokens.start == first);
        if sentence_start {
            sink.feature(&["ss"]);
        }
        if first >= 1 {
            let bits = context_word(cx, ft, first - 1, &mut before);
            each_class(bits, "p1c:", sink);
            sink.feature(&[l, ":p1:", &before]);
            if first >= 2 {
                context_word(cx, ft, first - 2, &mut before2);
                sink.feature(&[l, ":p2:", &before2, "_", &before]);
            }
        } else {
            sink.feature(&["p1:^"]);
        }
        if after < ft.tokens.len() {
            let bits = context_word(cx, ft, after, &mut next);
            each_class(bits, "n1c:", sink);
            sink.feature(&[l, ":n1:", &next]);
        } else {
            sink.feature(&["n1:$"]);
        }
    }
}

/// Writes into `out` how a context feature spells token `i` of `ft`: a
/// number as `#`, punctuation as itself, a lowercase or listed word folded,
/// any other word as `Cap` (a name's own words are never features). Returns
/// the word's classes (0 for no word).
fn context_word(cx: &Context, ft: &FieldText, i: usize, out: &mut String) -> u32 {
    out.clear();
    let t = ft.tokens[i];
    let s = t.text(ft.as_str());
    match t.kind {
        TokenKind::Number => {
            out.push('#');
            0
        }
        TokenKind::Punct => {
            out.push_str(s);
            0
        }
        TokenKind::Word => {
            gazetteer::fold_into(s, out);
            let bits = cx.classes.of(cx.lex, out);
            let lower = s.chars().next().is_some_and(char::is_lowercase);
            if !lower && bits & (COMMON | PARTICLE) == 0 {
                out.clear();
                out.push_str("Cap");
            }
            bits
        }
    }
}

/// Sends `prefix` + the name of each class in `bits`, in [`CLASSES`] order.
fn each_class(bits: u32, prefix: &str, sink: &mut dyn Sink) {
    for (k, name) in CLASSES.iter().enumerate() {
        if bits & (1 << k) != 0 {
            sink.feature(&[prefix, name]);
        }
    }
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn gazetteer_kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Country => "Country",
        Kind::Region => "Region",
        Kind::City => "City",
        Kind::Continent => "Continent",
        Kind::Feature => "Feature",
        Kind::Organization => "Organization",
        Kind::Person => "Person",
        Kind::Location => "Location",
    }
}

fn kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organization",
        EntityKind::Location => "Location",
    }
}

fn strength_name(s: Strength) -> &'static str {
    match s {
        Strength::Weak => "Weak",
        Strength::Context => "Context",
        Strength::MakeUp => "MakeUp",
        Strength::Strong => "Strong",
    }
}

/// The word lists a feature may name a word by, shared by every language
/// so that what a class of words says carries over between languages: a
/// word's classes are a bit set over this list.
const CLASSES: [&str; 20] = [
    "place_prep",
    "inside_prep",
    "article_prep",
    "contracted_prep",
    "origin",
    "article",
    "particle",
    "title",
    "org_word",
    "place_word",
    "event_word",
    "thing",
    "institution",
    "demonym",
    "agent_verb",
    "auxiliary",
    "clause",
    "given",
    "org_suffix",
    "common",
];
const PARTICLE: u32 = 1 << 6;
const GIVEN: u32 = 1 << 17;
const COMMON: u32 = 1 << 19;

/// Which of the [`CLASSES`] each listed word is in, read once per language
/// from the lexicon, so that a word's classes cost one lookup (and one in
/// the common words, too many to copy).
#[derive(Debug, Clone, Default)]
pub struct WordClasses {
    listed: HashMap<Box<str>, u32, FixedState>,
}

impl WordClasses {
    /// Gathers the classes of every word on `lex`'s lists.
    pub fn new(lex: &Lexicon) -> Self {
        let lists: [&PhraseSet; 19] = [
            &lex.place_prepositions,
            &lex.inside_prepositions,
            &lex.article_prepositions,
            &lex.contracted_prepositions,
            &lex.origin_particles,
            &lex.articles,
            &lex.particles,
            &lex.titles,
            &lex.org_words,
            &lex.place_words,
            &lex.event_words,
            &lex.thing_before,
            &lex.institutions,
            &lex.demonyms,
            &lex.agent_verbs,
            &lex.auxiliaries,
            &lex.clause_openers,
            &lex.given_names,
            &lex.org_suffixes,
        ];
        let mut listed: HashMap<Box<str>, u32, FixedState> = HashMap::default();
        for (k, list) in lists.into_iter().enumerate() {
            for w in list.iter() {
                *listed.entry(w.into()).or_default() |= 1 << k;
            }
        }
        WordClasses { listed }
    }

    /// The classes of folded word `w`.
    fn of(&self, lex: &Lexicon, w: &str) -> u32 {
        let listed = self.listed.get(w).copied().unwrap_or(0);
        if lex.common.contains(w) {
            listed | COMMON
        } else {
            listed
        }
    }
}

/// Retypes or drops the clusters the model disagrees with (see [`Typer`]).
/// Only guesses are judged: a cluster the rules typed from a cue, a
/// gazetteer entry or a type word ([`Strength::Strong`]) keeps its type, and
/// so does the dateline's place and agency, whose mentions are strong.
pub fn retype(
    typer: &Typer,
    cx: &Context,
    mentions: &[Mention],
    clusters: Vec<Cluster>,
) -> Vec<Cluster> {
    clusters
        .into_iter()
        .filter_map(|mut c| {
            let sure = c
                .members
                .iter()
                .any(|&m| mentions[m].strength == Strength::Strong);
            if sure {
                return Some(c);
            }
            match typer.decide(c.kind, |sink| features(cx, mentions, &c, sink)) {
                None => Some(c),
                Some(Label::None) => None,
                Some(Label::Kind(k)) => {
                    c.kind = k;
                    Some(c)
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::document::Document;
    use crate::enrich::{dateline, entities, Engine};

    fn lines(text: &'static str) -> Vec<resources::Line<'static>> {
        text.lines()
            .enumerate()
            .map(|(i, l)| resources::Line {
                path: PATH,
                number: i + 1,
                text: l,
            })
            .collect()
    }

    const FILE: &str = "=margin\t0.5\t0\t0\t0
bias\t0\t0\t0\t0.25
rs:Person:Strong\t1\t0\t0\t0
to_place\t0\t0\t1.5\t0
it:p1:a\t0\t0\t1\t0
de:p1:in\t0\t0\t1\t0";

    #[test]
    fn a_language_keeps_the_shared_features_and_its_own() {
        let it = Typer::parse(lines(FILE), Lang::It).unwrap();
        // `rs:` looks like a language code but is none: it is shared.
        for kept in ["bias", "rs:Person:Strong", "to_place", "it:p1:a"] {
            assert!(it.weights.contains_key(&key(&[kept])), "{kept}");
        }
        assert!(!it.weights.contains_key(&key(&["de:p1:in"])));
        let de = Typer::parse(lines(FILE), Lang::De).unwrap();
        assert!(de.weights.contains_key(&key(&["de:p1:in"])));
        assert!(!de.weights.contains_key(&key(&["it:p1:a"])));
    }

    #[test]
    fn a_key_reads_the_parts_as_one_string() {
        assert_eq!(key(&["it:", "p1:", "a"]), key(&["it:p1:a"]));
        assert_ne!(key(&["it:p1:a"]), key(&["it:p1:b"]));
    }

    #[test]
    fn a_file_without_its_margins_is_refused() {
        let err = Typer::parse(lines("bias\t0\t0\t0\t0"), Lang::It).unwrap_err();
        assert!(err.to_string().contains("=margin"), "{err}");
        let err = Typer::parse(lines("bias\t0\tx\t0\t0"), Lang::It).unwrap_err();
        assert!(err.to_string().contains("no number"), "{err}");
    }

    #[test]
    fn another_label_wins_only_by_more_than_the_margin() {
        let t = Typer::parse(lines(FILE), Lang::It).unwrap();
        let feed = |fs: &'static [&'static str]| {
            move |sink: &mut dyn Sink| fs.iter().for_each(|f| sink.feature(&[f]))
        };
        let person = EntityKind::Person;
        let place = Label::Kind(EntityKind::Location);
        // 1.5 over 0 beats the margin (0.5); 1 against 1, or 1.5 against 1,
        // does not.
        assert_eq!(t.decide(person, feed(&["to_place"])), Some(place));
        assert_eq!(
            t.decide(person, feed(&["it:p1:a", "rs:Person:Strong"])),
            None
        );
        assert_eq!(
            t.decide(person, feed(&["to_place", "rs:Person:Strong"])),
            None
        );
        // The rules' own label never "wins": it is kept as it is.
        assert_eq!(t.decide(EntityKind::Location, feed(&["to_place"])), None);
        // `none` is a label like the others: 0.25 over 0 is within 0.5.
        assert_eq!(t.decide(person, feed(&["bias"])), None);
        assert_eq!(
            t.decide(person, feed(&["bias", "bias", "bias"])),
            Some(Label::None)
        );
        // Unknown features weigh nothing.
        assert_eq!(t.decide(person, feed(&["de:p1:in", "zzz"])), None);
    }

    #[test]
    fn features_hold_no_unknown_name_word() {
        let engine = Engine::new().unwrap();
        let s = engine.stages(Lang::It);
        let body =
            "Il sindaco Zorbatelli ha incontrato a Frusolone i vertici di Brivastoli Trasporti.";
        let doc = Document::new(None, body, s.abbreviations);
        let d = dateline::find(&doc, s.dateline, s.gazetteer, None);
        let traced = entities::find_traced(&doc, s.entities, s.gazetteer, d.as_ref());
        assert!(traced.len() >= 3, "{traced:#?}");
        for t in &traced {
            for f in &t.features {
                for name in ["zorbatelli", "frusolone", "brivastoli"] {
                    assert!(!f.contains(name), "{f} of {}", t.found.name);
                }
            }
        }
        let mayor = traced
            .iter()
            .find(|t| t.found.name == "Zorbatelli")
            .unwrap();
        // The words around it, as words and by the lists they are on.
        for f in ["it:p1:sindaco", "p1c:title", "it:n1:ha", "bias"] {
            assert!(
                mayor.features.iter().any(|x| x == f),
                "{f}: {:?}",
                mayor.features
            );
        }
        let firm = traced
            .iter()
            .find(|t| t.found.name == "Brivastoli Trasporti")
            .unwrap();
        assert!(
            firm.features.iter().any(|x| x == "it:wl:trasporti"),
            "{:?}",
            firm.features
        );
    }
}
