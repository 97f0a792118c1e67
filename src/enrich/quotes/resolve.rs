//! From a speaker phrase to a speaker: names to entities, and pronouns, role
//! nouns and implicit subjects to someone named before.
//!
//! A name found next to a quote is a mention of an entity (the speaker is
//! that entity) or, with no entity behind it, the name as written. A phrase
//! that only points back — `he said`, `ha affermato.`, `the minister said` —
//! resolves in context, in this order:
//! 1. for a role noun: the organisation whose name holds the noun (`the court`
//!    → `Supreme Court`), or the person last introduced with it (`il leader
//!    nordcoreano Kim Jong-un`), or the organisation whose name ends in it
//!    (`der Verband` → `Bundesverband der …`); a person's role right after
//!    a person's quote, no one else named between, is that person (`"…", a
//!    déclaré M. Saddi. Le ministre table sur …`);
//! 2. the person opening the latest sentence of the paragraph since its
//!    previous quote (`Y was harsher. "…", he admitted.` → Y), or no one when
//!    that sentence is about a source kept anonymous ([`recent`]);
//! 3. the speaker of the previous quote in the same paragraph;
//! 4. the first suitable name of the paragraph before the quote (the person
//!    the paragraph is about);
//! 5. the speaker of a quote in one of the two paragraphs before;
//! 6. the last suitable name before the quote.
//!
//! Names inside prepositional phrases (`con Putin`) and places never count.
//!
//! [`recent`]: super::recent

use super::layout::Layout;
use super::lexicon::{Class, Kind};
use super::mentions::{MentionKind, Mentions};
use super::recent::{self, Latest};
use super::subject::Reader;
use super::Speaker;
use crate::enrich::entities;

/// How many names back a search looks at most (keeps every quote O(1)).
const LOOKBACK: usize = 64;

/// A resolved speaker and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Who.
    pub speaker: Speaker,
    /// Person, organisation, or a name of unknown kind.
    pub kind: MentionKind,
    /// The mention it was found by.
    pub mention: Option<usize>,
}

/// An accepted quote, as later quotes see it.
#[derive(Debug, Clone)]
pub struct Said {
    /// The quote's paragraph.
    pub paragraph: usize,
    /// Its speaker, if known.
    pub speaker: Option<Resolved>,
    /// Attributed to someone left unnamed (`a resident said`).
    pub anonymous: bool,
    /// The token after its closing mark.
    pub after: usize,
}

/// Resolves speaker phrases against the names of one body.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    /// The phrase reader (layout, rules, names).
    pub reader: Reader<'a>,
    /// The entity stage's results.
    pub entities: &'a [entities::Found],
}

fn fits(kind: MentionKind, want: Kind) -> bool {
    match (kind, want) {
        (MentionKind::Location, _) => false,
        (MentionKind::Unknown, _) | (_, Kind::Any) => true,
        (MentionKind::Person, Kind::Person) => true,
        (MentionKind::Organization, Kind::Organization) => true,
        _ => false,
    }
}

impl Resolver<'_> {
    fn layout(&self) -> &Layout<'_> {
        self.reader.layout
    }

    fn mentions(&self) -> &Mentions {
        self.reader.mentions
    }

    /// The speaker named by mention `m`.
    pub fn named(&self, m: usize) -> Resolved {
        let mention = &self.mentions().list[m];
        let speaker = match mention.entity {
            Some(e) => Speaker::Entity(e),
            None => {
                let l = self.layout();
                let tokens = &l.field.tokens;
                let name = mention.full.as_ref().unwrap_or(&mention.tokens);
                let a = tokens[name.start].start;
                let b = tokens[name.end - 1].end;
                Speaker::Unresolved(l.text[a..b].to_owned())
            }
        };
        Resolved {
            speaker,
            kind: mention.kind,
            mention: Some(m),
        }
    }

    /// The speaker a pronoun or an implicit subject of kind `want` points to,
    /// for the quote opening at token `open`.
    pub fn from_context(
        &self,
        open: usize,
        paragraph: usize,
        want: Kind,
        said: &[Said],
    ) -> Option<Resolved> {
        let since = said
            .last()
            .filter(|s| s.paragraph == paragraph)
            .map_or(0, |s| s.after);
        // The latest sentence's subject, or no one when it is about a
        // source kept anonymous.
        match recent::latest(&self.reader, open, since) {
            Latest::Anonymous => return None,
            Latest::Named(m)
                if fits(self.mentions().list[m].kind, want) && self.mentions().in_context(m) =>
            {
                return Some(self.named(m));
            }
            _ => {}
        }
        if let Some(s) = said.last().filter(|s| s.paragraph == paragraph) {
            // `"…", said a butcher. "…", he added.`: still the unnamed one,
            // unless someone was named since.
            if s.anonymous && !self.named_between(s.after, open) {
                return None;
            }
            if let Some(r) = s.speaker.as_ref().filter(|r| fits(r.kind, want)) {
                return Some(r.clone());
            }
        }
        if let Some(m) = self.first_in_paragraph(open, paragraph, want) {
            return Some(self.named(m));
        }
        let recent = said
            .iter()
            .rev()
            .take_while(|s| s.paragraph + 2 >= paragraph)
            .find_map(|s| s.speaker.as_ref().filter(|r| fits(r.kind, want)));
        if let Some(r) = recent {
            return Some(r.clone());
        }
        self.last_before(open, want, true, |_| true)
            .map(|m| self.named(m))
    }

    /// The speaker a role noun (token `noun`) of kind `kind` points to.
    pub fn from_role(
        &self,
        noun: usize,
        kind: Kind,
        open: usize,
        paragraph: usize,
        said: &[Said],
    ) -> Option<Resolved> {
        let l = self.layout();
        let word = l.lower(noun);
        let list = &self.mentions().list;
        if kind != Kind::Person {
            // The organisation whose name holds the noun (`the court` →
            // `Supreme Court`, `i giudici` → `Corte d'appello`), also a name
            // the entity stage missed (`die Feuerwehr` → `Berliner
            // Feuerwehr`): the noun vouches for it.
            let rules = self.reader.rules;
            let holds = |m: usize| {
                let text = match list[m].entity {
                    Some(e) => self.entities[e].name.to_lowercase(),
                    None => list[m]
                        .tokens
                        .clone()
                        .map(|t| l.lower(t))
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                rules
                    .role_names(word)
                    .any(|n| contains_words(&text, n) || ends_a_word(&text, n))
            };
            // Of several, the one the article names most (the nearest on a
            // tie): `the company` after its rival's name is still the company
            // the story is about.
            let end = self.mentions().first_from(open);
            let mentioned = |m: usize| {
                list[m]
                    .entity
                    .map_or(1, |e| self.entities[e].mentions.len())
            };
            let mut named: Option<(usize, usize)> = None;
            for m in (0..end).rev().take(LOOKBACK) {
                if fits(list[m].kind, Kind::Organization)
                    && named.is_none_or(|(_, c)| mentioned(m) > c)
                    && holds(m)
                {
                    named = Some((m, mentioned(m)));
                }
            }
            if let Some((m, _)) = named {
                return Some(self.named(m));
            }
            if kind == Kind::Organization {
                // `It said …` after the company's quote; else the company
                // the article is about.
                let last = said
                    .last()
                    .filter(|s| s.paragraph == paragraph)
                    .and_then(|s| s.speaker.as_ref())
                    .filter(|r| r.kind == MentionKind::Organization);
                if let Some(r) = last {
                    return Some(r.clone());
                }
                if let Some(m) = self.salient_organization(open) {
                    return Some(self.named(m));
                }
            }
        }
        if kind == Kind::Person {
            // `"…", a déclaré M. Saddi. Le ministre table sur …`: a person's
            // role right after their quote, no one else named between,
            // names them again.
            let last = said.last().filter(|s| s.paragraph == paragraph);
            if let Some((s, r)) = last.and_then(|s| {
                s.speaker
                    .as_ref()
                    .filter(|r| r.kind == MentionKind::Person)
                    .map(|r| (s, r))
            }) {
                if s.after <= noun && !self.other_named_between(s.after, noun, &r.speaker) {
                    return Some(r.clone());
                }
            }
        }
        if kind != Kind::Organization {
            let introduced = self.last_before(open, Kind::Person, false, |m| {
                self.role_before(m) == Some(word)
            });
            if let Some(m) = introduced {
                return Some(self.named(m));
            }
            // A new role after a named speaker points to someone else named
            // since (`l'avvocato X, difensore di Becciu. "…", ha affermato il
            // porporato` → Becciu).
            let last = said
                .last()
                .filter(|s| s.paragraph == paragraph)
                .and_then(|s| s.speaker.as_ref());
            if let Some(prev) = last.and_then(|r| r.mention) {
                if self.role_before(prev).is_some_and(|r| r != word) {
                    let before = self.named(prev).speaker;
                    let other = self.last_before(open, Kind::Person, false, |m| {
                        m > prev && self.named(m).speaker != before
                    });
                    if let Some(m) = other {
                        return Some(self.named(m));
                    }
                }
            }
        }
        self.from_context(open, paragraph, kind, said)
    }

    /// True when a person or organisation is named between tokens `from`
    /// and `to`, outside prepositional phrases (`relató a EFE` names no
    /// speaker).
    fn named_between(&self, from: usize, to: usize) -> bool {
        let list = &self.mentions().list;
        self.speakers_between(from, to)
            .any(|m| !self.reader.in_phrase(list[m].tokens.start))
    }

    /// The mentions that may speak, in context, between tokens `from` and
    /// `to` (at most [`LOOKBACK`] mentions looked at).
    fn speakers_between(&self, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
        let list = &self.mentions().list;
        (self.mentions().first_from(from)..list.len())
            .take(LOOKBACK)
            .take_while(move |&m| list[m].tokens.start < to)
            .filter(|&m| list[m].can_speak() && self.mentions().in_context(m))
    }

    /// True when someone other than `speaker` is named between tokens
    /// `from` and `to`: a person anywhere (`difensore di Becciu`), an
    /// organisation outside prepositional phrases (`a déclaré à Reuters`
    /// names no one new).
    fn other_named_between(&self, from: usize, to: usize, speaker: &Speaker) -> bool {
        let list = &self.mentions().list;
        self.speakers_between(from, to).any(|m| {
            (list[m].kind == MentionKind::Person || !self.reader.in_phrase(list[m].tokens.start))
                && self.named(m).speaker != *speaker
        })
    }

    /// The organisation most often named in the article among those named
    /// before token `open` (the nearest on a tie): the one `the company`
    /// means when no name holds the noun.
    fn salient_organization(&self, open: usize) -> Option<usize> {
        let list = &self.mentions().list;
        let end = self.mentions().first_from(open);
        let mut best: Option<(usize, usize)> = None;
        for m in (0..end).rev().take(LOOKBACK) {
            let Some(e) = list[m]
                .entity
                .filter(|_| list[m].kind == MentionKind::Organization)
            else {
                continue;
            };
            let count = self.entities[e].mentions.len();
            if best.is_none_or(|(_, c)| count > c) {
                best = Some((m, count));
            }
        }
        best.map(|(m, _)| m)
    }

    /// The role noun written just before mention `m` (`il ministro X`, `the
    /// new coach X`), articles and lowercase modifiers allowed between.
    fn role_before(&self, m: usize) -> Option<&str> {
        let l = self.layout();
        let start = self.mentions().list[m].tokens.start;
        for t in (start.saturating_sub(4)..start).rev() {
            let w = l.lower(t);
            if !l.is_word(t) {
                return None;
            }
            if l.class(t).role().is_some() {
                return Some(w);
            }
            if l.is_capitalised(t) && !l.class(t).is(Class::DETERMINER) {
                return None;
            }
        }
        None
    }

    /// The first name of `paragraph` before token `open` that fits `want`
    /// (a person first when either would do).
    fn first_in_paragraph(&self, open: usize, paragraph: usize, want: Kind) -> Option<usize> {
        let l = self.layout();
        let para = l.field.paragraphs.get(paragraph)?;
        let from = l.field.token_at_or_after(para.start);
        let list = &self.mentions().list;
        let candidates = (self.mentions().first_from(from)..list.len())
            .take(LOOKBACK)
            .take_while(|&m| list[m].tokens.start < open)
            .filter(|&m| {
                fits(list[m].kind, want) && self.mentions().in_context(m) && !self.in_phrase(m)
            });
        let mut org = None;
        for m in candidates {
            if want != Kind::Any || list[m].kind != MentionKind::Organization {
                return Some(m);
            }
            org.get_or_insert(m);
        }
        org
    }

    /// The last name before token `open` that fits `want` and `test`; with
    /// `pp`, names of unknown kind inside prepositional phrases are skipped.
    fn last_before(
        &self,
        open: usize,
        want: Kind,
        pp: bool,
        test: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let list = &self.mentions().list;
        let end = self.mentions().first_from(open);
        (0..end).rev().take(LOOKBACK).find(|&m| {
            fits(list[m].kind, want)
                && self.mentions().in_context(m)
                && !(pp && self.in_phrase(m))
                && test(m)
        })
    }

    /// True when mention `m` is a name of unknown kind inside a
    /// prepositional phrase (entity kinds are trusted instead).
    fn in_phrase(&self, m: usize) -> bool {
        let mention = &self.mentions().list[m];
        mention.kind == MentionKind::Unknown && self.reader.in_phrase(mention.tokens.start)
    }
}

/// True when `hay` holds `needle` as whole words (both lowercase).
pub fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// How long a noun must be to be found at the end of a compound.
const COMPOUND_TAIL: usize = 5;

/// True when a word of `hay` is a compound ending in `noun` (both
/// lowercase): `bundesverband` holds `verband`, so `der Verband` is the
/// `Bundesverband der Organtransplantierten`. Short nouns never match.
pub fn ends_a_word(hay: &str, noun: &str) -> bool {
    noun.chars().count() >= COMPOUND_TAIL
        && hay
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.len() > noun.len() && w.ends_with(noun))
}

#[cfg(test)]
mod tests {
    use super::{contains_words, ends_a_word};

    #[test]
    fn whole_words_only() {
        assert!(contains_words(
            "supreme court of the united states",
            "court"
        ));
        assert!(!contains_words("courtney love", "court"));
        assert!(contains_words("kim jong-un", "kim"));
    }

    #[test]
    fn compounds_end_in_the_noun() {
        assert!(ends_a_word(
            "bundesverband der organtransplantierten",
            "verband"
        ));
        assert!(ends_a_word("schweizerischer hebammenverband", "verband"));
        // The noun alone is a whole word, not a compound's end.
        assert!(!ends_a_word("verband der köche", "verband"));
        // Short nouns never match inside a word.
        assert!(!ends_a_word("hospitalamt", "amt"));
        assert!(!ends_a_word("supreme court", "verband"));
    }
}
