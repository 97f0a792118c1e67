//! When a reading is a dateline: a false dateline is worse than a missing
//! one, so a place the gazetteer does not know needs an unmistakable shape.
//!
//! | place | accepted when |
//! |---|---|
//! | known to the gazetteer | a dash closes it, or a date or credit ends the line; a place that is also a common word of the language (`Como` in Spanish) needs a date, a credit or a region too |
//! | unknown | as above, and a date, a known agency or a region/country after a comma (`LAHAINA, Hawaii`); or it is in capitals, one to four words, closed by a dash (`CERNOBBIO -`) |
//!
//! An unknown place never starts with a connector (`In Paris, …`, `Di
//! MARIO ROSSI -`) nor with a kicker label of the language (`BREAKING —`,
//! `ESCLUSIVO -`; `resources/<lang>/dateline/kickers.txt`).

use super::parse::Reading;
use super::Rules;

/// The most words of an unknown place accepted on capitals and a dash alone.
const MAX_CAPS_WORDS: usize = 4;

/// What the gazetteer says of a reading's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A place it knows.
    Known,
    /// A place it knows, whose name is also a common word of the language.
    KnownCommonWord,
    /// Nothing it knows.
    Unknown,
}

/// True when `r` (read from `text`) is a dateline.
pub fn accept(r: &Reading, text: &str, place: Place, rules: &Rules) -> bool {
    if !(r.dash || r.date.is_some() || r.credit.is_some()) {
        return false;
    }
    let more = r.date.is_some() || r.credit.is_some() || !r.suffix_countries.is_empty();
    match place {
        Place::Known => return true,
        Place::KnownCommonWord => return more,
        Place::Unknown => {}
    }
    let place = r.place.text(text);
    let first = r.place.words.first().map_or("", |&(s, e)| &text[s..e]);
    if rules.connectors.contains(first)
        || rules.kickers.contains(first)
        || rules.kickers.contains(place)
    {
        return false;
    }
    let known_credit = r.credit.is_some_and(|c| c.known);
    if r.date.is_some() || known_credit || !r.suffix_countries.is_empty() {
        return true;
    }
    r.dash && r.place.all_caps(text) && r.place.words.len() <= MAX_CAPS_WORDS
}
