//! When a reading is a dateline: a false dateline is worse than a missing
//! one, so a place the gazetteer does not know needs an unmistakable shape.
//!
//! | place | accepted when |
//! |---|---|
//! | known to the gazetteer | a dash closes it, or a date or credit ends the line |
//! | unknown | as above, and a date, a known agency or a region/country after a comma (`LAHAINA, Hawaii`); or it is in capitals, one to four words, closed by a dash (`CERNOBBIO -`) |
//!
//! An unknown place never starts with a connector (`In Paris, …`, `Di
//! MARIO ROSSI -`) nor with a kicker label of the language (`BREAKING —`,
//! `ESCLUSIVO -`; `resources/<lang>/dateline/kickers.txt`).

use super::parse::Reading;
use super::Rules;

/// The most words of an unknown place accepted on capitals and a dash alone.
const MAX_CAPS_WORDS: usize = 4;

/// True when `r` (read from `text`) is a dateline; `known` tells whether
/// the gazetteer resolved its place.
pub fn accept(r: &Reading, text: &str, known: bool, rules: &Rules) -> bool {
    if !(r.dash || r.date.is_some() || r.credit.is_some()) {
        return false;
    }
    if known {
        return true;
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
