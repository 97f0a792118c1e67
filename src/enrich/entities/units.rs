//! Word units: the tokens a name is made of, with their shape.
//!
//! The tokenizer cuts `Jong-un` into `Jong` `-` `un`, `U.S.` into four tokens
//! and `l'Ucraina` into `l` `'` `Ucraina`. A [`Unit`] joins them back the way
//! names are written: hyphenated words (`Jong-un`, `Soyuz-2`), dotted acronyms
//! and initials (`U.S.`, `S.p.A.`, `V.`), apostrophe names (`O'Brien`), while an
//! elided article or preposition (`l'`, `dell'`, `d'`, from `elisions.txt`) and
//! an English possessive (`Russia’s`) become units of their own. Every unit
//! records its shape (capitalised, all capitals, inner capitals), whether its
//! capital is weak evidence (first word of a sentence, of a quotation, of a
//! headline in title case) and its folded form, kept in one buffer per field
//! so that any run of units reads as one folded phrase.

use std::ops::Range;

use super::lexicon::{Lexicon, WordBits};
use crate::enrich::document::{FieldText, TokenKind};
use crate::enrich::gazetteer::{fold_into, fold_plain_into, folds_to_lowercase, Gazetteer};

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Letters, possibly joined by hyphens or dots.
    Word,
    /// Digits only.
    Number,
    /// An elided article or preposition (`l'`, `dell'`).
    Elision,
    /// Any other single character.
    Punct,
}

/// One unit of a field.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// What the unit is.
    pub kind: UnitKind,
    /// First letter is a capital.
    pub cap: bool,
    /// Two or more letters, all capitals (`NATO`, `U.S.`).
    pub upper: bool,
    /// A capital after the first letter in a word that is not all capitals
    /// (`TikTok`, `EnBW`, `McDonald`).
    pub inner_cap: bool,
    /// Holds a dot (`U.S.`, `V.`).
    pub dotted: bool,
    /// Its capital may only mark the start of a sentence, quotation or
    /// title-case headline.
    pub weak: bool,
    /// Index of the sentence holding the unit.
    pub sentence: usize,
    /// Range of the folded form in [`Units::folded`].
    pub folded: Range<usize>,
}

impl Unit {
    /// True for a word of letters.
    #[inline]
    pub fn is_word(&self) -> bool {
        self.kind == UnitKind::Word
    }

    /// True for a word written with a capital.
    #[inline]
    pub fn is_capitalised(&self) -> bool {
        self.is_word() && (self.cap || self.upper)
    }
}

/// The units of one field and their folded forms.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// Units in text order.
    pub units: Vec<Unit>,
    /// Folded forms of all units, separated by single spaces.
    pub folded: String,
}

impl Units {
    /// The folded form of unit `i`.
    #[inline]
    pub fn fold(&self, i: usize) -> &str {
        &self.folded[self.units[i].folded.clone()]
    }

    /// The folded form of units `r` (joined by spaces), `""` when empty.
    #[inline]
    pub fn fold_range(&self, r: Range<usize>) -> &str {
        if r.is_empty() {
            return "";
        }
        &self.folded[self.units[r.start].folded.start..self.units[r.end - 1].folded.end]
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// True when the field has no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

fn is_apostrophe(s: &str) -> bool {
    matches!(s, "'" | "’" | "ʼ")
}

/// True when `s` is one character (cheaper than counting them all).
fn one_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "‐" | "‑")
}

/// True when tokens `a..=b` touch no token outside them.
fn spaced_run(toks: &[crate::enrich::document::Token], a: usize, b: usize) -> bool {
    (a == 0 || !toks[a - 1].touches(&toks[a]))
        && toks.get(b + 1).is_none_or(|n| !toks[b].touches(n))
}

/// True when token `i` opens a quotation or an aside, after which a capital
/// is weak: a dash, colon or bracket, or a quotation mark that touches the
/// next token but not the previous one (`«Basta»`, `»Wir«`).
fn opens(text: &str, toks: &[crate::enrich::document::Token], i: usize) -> bool {
    let s = toks[i].text(text);
    if matches!(
        s,
        "–" | "—" | ":" | "(" | "[" | "¿" | "¡" | "." | "!" | "?" | "…"
    ) {
        return true;
    }
    let spaced = |j: usize| {
        (j == 0 || !toks[j - 1].touches(&toks[j]))
            && toks.get(j + 1).is_none_or(|n| !toks[j].touches(n))
    };
    if s == "-" && spaced(i) {
        return true;
    }
    // `/PRNewswire/ -- A Embraer`: hyphens that touch only each other,
    // spaced as one dash.
    if s == "-" {
        let hyphen = |j: usize| toks[j].text(text) == "-";
        let mut a = i;
        while a > 0 && a + 2 > i && hyphen(a - 1) && toks[a - 1].touches(&toks[a]) {
            a -= 1;
        }
        let mut b = i;
        while b < i + 1 && toks.get(b + 1).is_some_and(|n| toks[b].touches(n)) && hyphen(b + 1) {
            b += 1;
        }
        if b > a && spaced_run(toks, a, b) {
            return true;
        }
    }
    let quote = matches!(
        s,
        "\"" | "“" | "”" | "«" | "»" | "„" | "‘" | "’" | "'" | "‹" | "›"
    );
    quote
        && toks.get(i + 1).is_some_and(|n| toks[i].touches(n))
        && (i == 0 || !toks[i - 1].touches(&toks[i]))
}

/// Cuts `field` into units. `title_case` says the field is a headline with
/// most words capitalised, where capitals are weak evidence.
pub fn units(field: &FieldText, lex: &Lexicon, gaz: &Gazetteer, title_case: bool) -> Units {
    units_in(field, 0..field.tokens.len(), lex, gaz, title_case)
}

/// [`units`] of the tokens `range` of `field` only, which must start a
/// paragraph and end one (no unit joins tokens across a line break).
pub fn units_in(
    field: &FieldText,
    range: Range<usize>,
    lex: &Lexicon,
    gaz: &Gazetteer,
    title_case: bool,
) -> Units {
    let text = field.as_str();
    let toks = &field.tokens[range];
    let bytes = toks.last().map_or(0, |t| t.end) - toks.first().map_or(0, |t| t.start);
    let mut out = Units {
        units: Vec::with_capacity(toks.len()),
        folded: String::with_capacity(bytes + bytes / 8 + 16),
    };
    let mut sentence = toks
        .first()
        .map_or(0, |t| field.sentences.partition_point(|s| s.end <= t.start));
    let mut i = 0;
    let mut after_opener = true;
    let mut scratch = String::new();
    // Where the current sentence ends, when another follows it.
    let sentence_end = |s: usize| {
        field
            .sentences
            .get(s + 1)
            .map_or(usize::MAX, |_| field.sentences[s].end)
    };
    let mut next_sentence_at = sentence_end(sentence);
    while i < toks.len() {
        while next_sentence_at <= toks[i].start {
            sentence += 1;
            after_opener = true;
            next_sentence_at = sentence_end(sentence);
        }
        let t = toks[i];
        let (end_tok, kind) = match t.kind {
            TokenKind::Punct => (i + 1, UnitKind::Punct),
            TokenKind::Number | TokenKind::Word => {
                let (e, k) = extend(text, toks, i, lex, gaz, &mut scratch);
                (e, k)
            }
        };
        let start = t.start;
        let end = toks[end_tok - 1].end;
        let utext = &text[start..end];
        let is_word = kind == UnitKind::Word;
        let folded_start = out.folded.len() + usize::from(!out.folded.is_empty());
        if !out.folded.is_empty() {
            out.folded.push(' ');
        }
        // The shape as bits (see [`ShapeBits`]): one small value out of
        // the three ways of reading it.
        let shape = if !is_word {
            fold_mark(utext, &mut out.folded);
            ShapeBits(0)
        } else if let Some((shape, capitals)) = plain_shape(text.as_bytes(), start, end) {
            if capitals {
                fold_plain_into(utext, &mut out.folded);
            } else {
                // No capital to lower: the word is its own fold.
                out.folded.push_str(utext);
            }
            shape
        } else {
            fold_into(utext, &mut out.folded);
            ShapeBits::of(word_shape(utext))
        };
        let ((cap, upper, inner_cap), dotted) = shape.shape();
        if out.folded.len() < folded_start {
            // A unit that folds to nothing keeps an empty range.
            out.folded.push(' ');
        }
        let weak = is_word && (after_opener || title_case);
        out.units.push(Unit {
            start,
            end,
            kind,
            cap,
            upper,
            inner_cap,
            dotted,
            weak,
            sentence,
            folded: folded_start..out.folded.len(),
        });
        // `L'Istituto superiore`: after a capitalised elision opening the
        // sentence, the capital of the next word is the writer's own (the
        // sentence's capital went to `L'`).
        let capital_elision =
            kind == UnitKind::Elision && utext.chars().next().is_some_and(char::is_uppercase);
        if is_word || kind == UnitKind::Number || capital_elision {
            after_opener = false;
        } else if kind == UnitKind::Punct && opens(text, toks, i) {
            after_opener = true;
        }
        i = end_tok;
    }
    out
}

/// [`fold_into`] of a unit that is no word, a lone ASCII mark or digit
/// pushed as it is (the most of them).
fn fold_mark(s: &str, out: &mut String) {
    match *s.as_bytes() {
        [b] if folds_to_lowercase(b) => out.push(char::from(b.to_ascii_lowercase())),
        _ => fold_into(s, out),
    }
}

/// Extends the word or number starting at token `i`; returns the index past
/// its last token and its kind.
fn extend(
    text: &str,
    toks: &[crate::enrich::document::Token],
    i: usize,
    lex: &Lexicon,
    gaz: &Gazetteer,
    scratch: &mut String,
) -> (usize, UnitKind) {
    let first = toks[i];
    let kind = if first.kind == TokenKind::Number {
        UnitKind::Number
    } else {
        UnitKind::Word
    };
    let word_at = |j: usize| toks.get(j).filter(|t| t.kind != TokenKind::Punct);
    let touching = |a: usize, b: usize| toks[a].touches(&toks[b]);
    // Elision: `l'`, `dell'`, `d’` before a word. (Adjacency first: it
    // rules out most words without reading any text.)
    if kind == UnitKind::Word
        && toks
            .get(i + 1)
            .is_some_and(|p| first.touches(p) && is_apostrophe(p.text(text)))
        && word_at(i + 2).is_some()
        && touching(i + 1, i + 2)
    {
        scratch.clear();
        fold_into(&text[first.start..toks[i + 1].end], scratch);
        if lex.elisions.contains(scratch) {
            return (i + 2, UnitKind::Elision);
        }
        let next = toks[i + 2].text(text);
        // `McDonald's`, `Christie's` in copy whose language has no
        // possessive `'s`: the name's own ending.
        let own_s = !lex.possessive_s
            && next == "s"
            && first
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !(word_at(i + 3).is_some() && touching(i + 2, i + 3));
        if own_s {
            return (i + 3, kind);
        }
        if next.chars().next().is_some_and(char::is_lowercase) {
            // `Russia’s`, `don't`: the word stands alone.
            return (i + 1, kind);
        }
        // `O'Brien`: fall through and join below.
    }
    // Dotted acronyms and initials: `U.S.`, `S.p.A.`, `V.`
    // (A word of two bytes or more that opens with an ASCII one is longer
    // than one character.)
    if kind == UnitKind::Word
        && (first.end - first.start == 1
            || (first.end - first.start <= char::MAX.len_utf8()
                && !text.as_bytes()[first.start].is_ascii()
                && one_char(first.text(text))))
    {
        let mut j = i;
        while word_at(j).is_some_and(|t| one_char(t.text(text)))
            && toks.get(j + 1).is_some_and(|p| p.text(text) == ".")
            && touching(j, j + 1)
        {
            j += 2;
            if !(word_at(j).is_some() && touching(j - 1, j)) {
                break;
            }
        }
        if j > i {
            return (j, kind);
        }
    }
    let mut j = i + 1;
    loop {
        let joinable = toks.get(j).is_some_and(|p| {
            toks[j - 1].touches(p) && {
                let s = p.text(text);
                is_hyphen(s) || (is_apostrophe(s) && kind == UnitKind::Word)
            }
        }) && word_at(j + 1).is_some()
            && touching(j, j + 1);
        if !joinable {
            break;
        }
        // `California-based`, `Soviet-era`: a common lowercase word after
        // the hyphen makes a compound adjective, not a longer name; unless
        // another hyphen and a capital follow (`Chambray-lès-Tours`,
        // `Boulogne-sur-Mer`).
        let next = toks[j + 1].text(text);
        let links_names = toks.get(j + 2).is_some_and(|p| is_hyphen(p.text(text)))
            && touching(j + 1, j + 2)
            && word_at(j + 3).is_some()
            && touching(j + 2, j + 3)
            && toks[j + 3]
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
        if next.chars().next().is_some_and(char::is_lowercase)
            && next.chars().count() >= 3
            && !links_names
        {
            scratch.clear();
            fold_into(next, scratch);
            if lex.is_common(scratch) {
                // `porte-parole`, `primeiro-ministro`: a compound the word
                // lists hold stays one word.
                scratch.clear();
                fold_into(&text[first.start..toks[j + 1].end], scratch);
                if !listed_compound(lex, scratch) {
                    break;
                }
            }
        }
        // `Italia-Africa`: two places joined, not one place.
        // (`José Ramos-Horta`: after a given name, one surname.)
        if j == i + 1
            && kind == UnitKind::Word
            && two_places(text, toks, i, gaz, scratch)
            && !after_given_name(text, toks, i, lex, scratch)
        {
            break;
        }
        j += 2;
    }
    (j, kind)
}

/// True when the folded hyphenated compound is a phrase of the entity word
/// lists (a title, a thing, an organisation or place word, no name).
fn listed_compound(lex: &Lexicon, folded: &str) -> bool {
    [
        &lex.titles,
        &lex.portfolio_titles,
        &lex.thing_before,
        &lex.org_before,
        &lex.org_words,
        &lex.place_words,
        &lex.event_words,
        &lex.not_names,
    ]
    .iter()
    .any(|set| set.contains(folded))
}

/// True when token `i` follows a capitalised given name (`José` before
/// `Ramos-Horta`).
fn after_given_name(
    text: &str,
    toks: &[crate::enrich::document::Token],
    i: usize,
    lex: &Lexicon,
    scratch: &mut String,
) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| toks[p].text(text)) else {
        return false;
    };
    if !prev.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    scratch.clear();
    fold_into(prev, scratch);
    lex.word(scratch).is(WordBits::GIVEN_NAME)
}

/// True when tokens `i` and `i + 2` (around a hyphen) are each a known
/// place but the hyphenated whole is not.
fn two_places(
    text: &str,
    toks: &[crate::enrich::document::Token],
    i: usize,
    gaz: &Gazetteer,
    scratch: &mut String,
) -> bool {
    let place = |s: &str, scratch: &mut String| {
        scratch.clear();
        fold_into(s, scratch);
        gaz.lookup_folded(scratch).iter().any(|e| e.kind.is_place())
    };
    let a = toks[i].text(text);
    let b = toks[i + 2].text(text);
    if !b.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if !(place(a, scratch) && place(b, scratch)) {
        return false;
    }
    scratch.clear();
    fold_into(&text[toks[i].start..toks[i + 2].end], scratch);
    gaz.lookup_folded(scratch).is_empty()
}

/// The shape of a word: (first letter is a capital, all letters are
/// capitals (two or more), a capital follows a lowercase letter), and
/// whether it holds a dot.
fn word_shape(s: &str) -> ((bool, bool, bool), bool) {
    shape_ascii(s.as_bytes()).unwrap_or_else(|| (shape_unicode(s), s.contains('.')))
}

/// [`char::is_alphabetic`], the letters of Latin-1 and Latin Extended-A and
/// -B known by range (the most of the words that are not ASCII).
#[inline]
fn is_alphabetic(c: char) -> bool {
    (matches!(c, '\u{c0}'..='\u{24f}') && c != '×' && c != '÷') || c.is_alphabetic()
}

fn shape_unicode(s: &str) -> (bool, bool, bool) {
    let mut letters = 0;
    let mut uppers = 0;
    let mut first = None;
    let mut inner = false;
    let mut prev_lower = false;
    for c in s.chars() {
        if is_alphabetic(c) {
            letters += 1;
            let up = c.is_uppercase();
            if first.is_none() {
                first = Some(up);
            }
            if up {
                uppers += 1;
                if prev_lower {
                    inner = true;
                }
            }
            prev_lower = c.is_lowercase();
        } else {
            prev_lower = false;
        }
    }
    let upper = letters >= 2 && uppers == letters;
    let starts_with_letter = s.chars().next().is_some_and(is_alphabetic);
    (
        first == Some(true) && starts_with_letter,
        upper,
        inner && !upper,
    )
}

/// A word's shape: (first letter is a capital, all capitals, inner
/// capital), and whether it holds a dot (see [`word_shape`]).
type Shape = ((bool, bool, bool), bool);

/// A [`Shape`] in four bits, in the order of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShapeBits(u8);

impl ShapeBits {
    fn of(((cap, upper, inner), dotted): Shape) -> ShapeBits {
        ShapeBits(
            u8::from(cap) | u8::from(upper) << 1 | u8::from(inner) << 2 | u8::from(dotted) << 3,
        )
    }

    #[inline]
    fn shape(self) -> Shape {
        let bit = |k: u8| self.0 >> k & 1 != 0;
        ((bit(0), bit(1), bit(2)), bit(3))
    }
}

/// [`SHAPE`] bits: an uppercase ASCII letter (the bit above [`LOW`], see
/// [`plain_shape`]).
const UP: u8 = 1 << 1;
/// A lowercase ASCII letter.
const LOW: u8 = 1;
/// A dot.
const DOT: u8 = 1 << 2;
/// A byte that folds to its lowercase alone
/// ([`crate::enrich::gazetteer::folds_to_lowercase`]).
const PLAIN: u8 = 1 << 3;

/// What each byte is, for [`plain_shape`]: none of the bits for a byte
/// beyond ASCII.
const SHAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if folds_to_lowercase(c) { PLAIN } else { 0 }
            | if c.is_ascii_uppercase() { UP } else { 0 }
            | if c.is_ascii_lowercase() { LOW } else { 0 }
            | if c == b'.' { DOT } else { 0 };
        b += 1;
    }
    t
};

/// [`word_shape`] of `text[start..end]` when its bytes all fold to their
/// lowercase alone (see [`crate::enrich::gazetteer::folds_to_lowercase`];
/// most words are so), in the one pass over its bytes that checks it;
/// `None` when some byte does not fold so.
/// Also tells whether it holds a capital.
fn plain_shape(text: &[u8], start: usize, end: usize) -> Option<(ShapeBits, bool)> {
    let word = &text[start..end];
    // Bits every byte has, bits some byte has, bits some byte has after
    // another had them (two capitals), and a capital right after a
    // lowercase letter (`LOW` shifted up is `UP`).
    let (mut all, mut any, mut again, mut inner) = (PLAIN, 0, 0, 0);
    let mut prev = 0;
    for &b in word {
        let c = SHAPE[b as usize];
        all &= c;
        again |= c & any;
        any |= c;
        inner |= c & (prev << 1);
        prev = c;
    }
    if all & PLAIN == 0 {
        return None;
    }
    let cap = word.first().is_some_and(|&b| SHAPE[b as usize] & UP != 0);
    let upper = again & UP != 0 && any & LOW == 0;
    let inner = inner & UP != 0 && !upper;
    let bits = u8::from(cap) | u8::from(upper) << 1 | u8::from(inner) << 2 | (any & DOT) << 1;
    Some((ShapeBits(bits), any & UP != 0))
}

/// [`word_shape`] of ASCII text, in one pass over its bytes; `None` when
/// it is not ASCII.
fn shape_ascii(s: &[u8]) -> Option<((bool, bool, bool), bool)> {
    let mut letters = 0;
    let mut uppers = 0;
    let mut inner = false;
    let mut prev_lower = false;
    let mut dotted = false;
    let mut ascii = true;
    for &b in s {
        if b.is_ascii_alphabetic() {
            letters += 1;
            if b.is_ascii_uppercase() {
                uppers += 1;
                inner |= prev_lower;
            }
            prev_lower = b.is_ascii_lowercase();
        } else {
            prev_lower = false;
            dotted |= b == b'.';
            ascii &= b.is_ascii();
        }
    }
    if !ascii {
        return None;
    }
    let upper = letters >= 2 && uppers == letters;
    let cap = s.first().is_some_and(u8::is_ascii_uppercase);
    Some(((cap, upper, inner && !upper), dotted))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::enrich::document::Document;
    use crate::enrich::gazetteer;
    use crate::enrich::language::Lang;

    fn texts(body: &str, lang: Lang) -> Vec<(String, UnitKind)> {
        let lex = Lexicon::load(lang).unwrap();
        let doc = Document::new(None, body, &HashSet::new());
        let u = units(&doc.body, &lex, gazetteer::tests::shared(), false);
        u.units
            .iter()
            .map(|x| (body[x.start..x.end].to_string(), x.kind))
            .collect()
    }

    fn words(body: &str, lang: Lang) -> Vec<String> {
        texts(body, lang)
            .into_iter()
            .filter(|(_, k)| *k == UnitKind::Word)
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn latin_letters_are_alphabetic_as_char_says() {
        for c in (0..=0x300).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn hyphens_join_names() {
        assert_eq!(
            words("Kim Jong-un e Soyuz-2 in Emilia-Romagna", Lang::It),
            ["Kim", "Jong-un", "e", "Soyuz-2", "in", "Emilia-Romagna"]
        );
    }

    #[test]
    fn dotted_acronyms_and_initials() {
        assert_eq!(
            words("the U.S. and Vladimir V. Putin", Lang::En),
            ["the", "U.S.", "and", "Vladimir", "V.", "Putin"]
        );
    }

    #[test]
    fn elisions_split_and_possessives_stand_alone() {
        let t = texts("l'Ucraina e dell'Ue", Lang::It);
        assert_eq!(t[0], ("l'".to_string(), UnitKind::Elision));
        assert_eq!(t[1], ("Ucraina".to_string(), UnitKind::Word));
        assert_eq!(t[3], ("dell'".to_string(), UnitKind::Elision));
        assert_eq!(words("Russia’s war", Lang::En), ["Russia", "s", "war"]);
        assert_eq!(words("O'Brien said", Lang::En), ["O'Brien", "said"]);
    }

    #[test]
    fn listed_hyphenated_compounds_stay_one_word() {
        // Titles of the lists, though their last part is a common word.
        assert_eq!(
            words("la porte-parole Maud Bregeon", Lang::Fr),
            ["la", "porte-parole", "Maud", "Bregeon"]
        );
        assert_eq!(
            words("o primeiro-ministro Luís Montenegro", Lang::Pt),
            ["o", "primeiro-ministro", "Luís", "Montenegro"]
        );
        // An unlisted compound adjective still splits.
        assert_eq!(
            words("a California-based firm", Lang::En),
            ["a", "California", "based", "firm"]
        );
    }

    #[test]
    fn marks_fold_as_text_does() {
        for b in 0..0x80u8 {
            let s = char::from(b).to_string();
            let mut out = String::from("x");
            fold_mark(&s, &mut out);
            assert_eq!(out, format!("x{}", gazetteer::fold(&s)), "{b}");
        }
        for s in ["’", "«", "–", "12", "l'"] {
            let mut out = String::new();
            fold_mark(s, &mut out);
            assert_eq!(out, gazetteer::fold(s), "{s}");
        }
    }

    /// [`plain_shape`]'s shape, checking what it says of capitals.
    fn plain_of(text: &[u8], start: usize, end: usize) -> Option<Shape> {
        let (bits, capitals) = plain_shape(text, start, end)?;
        let shape = bits.shape();
        assert_eq!(ShapeBits::of(shape), bits);
        let has = text[start..end].iter().any(u8::is_ascii_uppercase);
        assert_eq!(capitals, has, "{:?}", &text[start..end]);
        Some(shape)
    }

    #[test]
    fn shapes() {
        assert_eq!(word_shape("TikTok"), ((true, false, true), false));
        assert_eq!(word_shape("NATO"), ((true, true, false), false));
        assert_eq!(word_shape("U.S."), ((true, true, false), true));
        assert_eq!(word_shape("russo"), ((false, false, false), false));
        assert_eq!(word_shape("Ärzte"), ((true, false, false), false));
        for s in [
            "TikTok", "NATO", "U.S.", "russo", "McDonald", "M5s", "5G", "", "A", "eBay",
        ] {
            let unicode = (shape_unicode(s), s.contains('.'));
            assert_eq!(shape_ascii(s.as_bytes()), Some(unicode), "{s}");
            assert_eq!(plain_of(s.as_bytes(), 0, s.len()), Some(unicode), "{s}");
        }
        assert_eq!(shape_ascii("Ärzte".as_bytes()), None);
        assert_eq!(plain_of("Ärzte".as_bytes(), 0, 6), None);
        assert_eq!(plain_of("Jong-un".as_bytes(), 0, 7), None);
        for s in [
            "aBcDeFgHiJ",
            "ABCDEFGHIJKLMNOPQ",
            "abcdefghA",
            "abcdefgh.Z",
            "Mc.Donald.s",
            "x1Y2z3",
            "@[`{~!",
            "TikTokTikTok",
            "NATONATONATO",
            "AbcdefgH",
        ] {
            let unicode = (shape_unicode(s), s.contains('.'));
            assert_eq!(plain_of(s.as_bytes(), 0, s.len()), Some(unicode), "{s}");
        }
        for b in 0..=u8::MAX {
            let s = [b'A', b, b'c'];
            let plain = s
                .iter()
                .all(|&b| crate::enrich::gazetteer::folds_to_lowercase(b));
            let shape = plain.then(|| shape_ascii(&s).unwrap());
            assert_eq!(plain_of(&s, 0, 3), shape, "{b}");
            // Bytes around the text looked at change nothing.
            let t = [
                b'x', b'A', b, b'c', 0xc3, 0xa9, b'-', b'Z', b'a', b'B', b'c',
            ];
            assert_eq!(plain_of(&t, 1, 4), shape, "{b}");
        }
        let long = "abcdefgHijklmnopqrstuvwxyzABC.-é";
        for start in 0..long.len() {
            for end in start..=long.len() {
                let (b, e) = (long.as_bytes(), &long.as_bytes()[start..end]);
                let expected = e
                    .iter()
                    .all(|&b| crate::enrich::gazetteer::folds_to_lowercase(b))
                    .then(|| shape_ascii(e).unwrap());
                if e.is_empty() {
                    continue;
                }
                assert_eq!(plain_of(b, start, end), expected, "{start}..{end}");
            }
        }
    }

    #[test]
    fn sentence_and_quote_starts_are_weak() {
        let lex = Lexicon::load(Lang::It).unwrap();
        let body = "Oltre a Roma. «Basta», disse Rossi.";
        let doc = Document::new(None, body, &HashSet::new());
        let u = units(&doc.body, &lex, gazetteer::tests::shared(), false);
        let weak: Vec<&str> = u
            .units
            .iter()
            .filter(|x| x.weak)
            .map(|x| &body[x.start..x.end])
            .collect();
        assert_eq!(weak, ["Oltre", "Basta"]);
    }

    fn weak_words(body: &str, lang: Lang) -> Vec<String> {
        let lex = Lexicon::load(lang).unwrap();
        let doc = Document::new(None, body, &HashSet::new());
        let u = units(&doc.body, &lex, gazetteer::tests::shared(), false);
        u.units
            .iter()
            .filter(|x| x.weak)
            .map(|x| body[x.start..x.end].to_string())
            .collect()
    }

    #[test]
    fn a_double_hyphen_between_spaces_opens_like_a_dash() {
        assert_eq!(
            weak_words("Ieri /PRNewswire/ -- A Embraer abriu.", Lang::Pt),
            ["Ieri", "A"]
        );
        // Hyphens inside a word or touching one open nothing.
        assert_eq!(
            weak_words("Ieri Rio--Embraer e Rio --Embraer abriu.", Lang::Pt),
            ["Ieri"]
        );
    }

    #[test]
    fn a_capital_after_a_capitalised_opening_elision_is_strong() {
        // The sentence's capital went to `L'`: `Istituto` chose its own.
        assert_eq!(
            weak_words(
                "Ieri piove. L'Istituto superiore di sanità segue.",
                Lang::It
            ),
            ["Ieri"]
        );
        assert!(weak_words("L'Ifremer a publié.", Lang::Fr).is_empty());
        // A lowercase elision inside a sentence changes nothing, and a
        // word opening a sentence stays weak.
        assert_eq!(
            weak_words("Oggi l'Istituto segue. Dopo la pausa.", Lang::It),
            ["Oggi", "Dopo"]
        );
        // In a quotation the elision is the opener's word too.
        assert!(weak_words("Disse: «L'Europa è unita».", Lang::It)
            .iter()
            .all(|w| w == "Disse"));
    }
}
