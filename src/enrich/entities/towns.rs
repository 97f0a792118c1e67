//! Small towns named alone: a lone unknown name that the typing could only
//! default (an organisation, or a place after `di`) is a town when the town
//! list (`shared/geo/towns.tsv`, 5,000 to 15,000 people) has it in a
//! country the field is about: one of the language's home countries, or
//! the country of a place the field names (`Colleferro, Segni, Anagni e
//! Ceccano` in Lazio; `Langnau` in Swiss copy).
//!
//! The list is too full of surnames and words to trust a name on its own
//! (`Boll`, `Moody`); the country is the evidence a reader uses. Acronyms,
//! names shaped like a company's, people and names with a cue keep their
//! type: only the default changes.

use super::lexicon::Lexicon;
use super::typing::{Strength, Typed};
use super::units::Units;
use crate::enrich::gazetteer::{Candidate, Country, Gazetteer};
use crate::enrich::output::EntityKind;

/// Types as towns the lone default-typed names of one field that the town
/// list has in a country of the field (see the module's doc).
pub fn promote<'a>(typed: &mut [Typed<'a>], units: &Units, lex: &Lexicon, gaz: &'a Gazetteer) {
    let lone = |t: &Typed| {
        let u = &units.units[t.units.start];
        t.units.len() == 1
            && t.strength == Strength::Weak
            && t.kind != EntityKind::Person
            && !t.thing
            && t.entry.is_none()
            && u.cap
            && !u.upper
            && !u.inner_cap
            && !u.dotted
    };
    // Each lone name's towns, looked up once; most lone names are no town,
    // so the countries are worked out only when one is.
    let found: Vec<(usize, &'a [Candidate])> = typed
        .iter()
        .enumerate()
        .filter(|(_, t)| lone(t))
        .map(|(i, t)| (i, gaz.towns().entries_folded(units.fold(t.units.start))))
        .filter(|(_, towns)| !towns.is_empty())
        .collect();
    if found.is_empty() {
        return;
    }
    let countries = field_countries(typed, lex);
    for (i, towns) in found {
        if let Some(e) = towns
            .iter()
            .find(|e| e.country.is_some_and(|c| countries.contains(&c)))
        {
            let t = &mut typed[i];
            t.kind = EntityKind::Location;
            t.strength = Strength::Context;
            t.entry = Some(e);
        }
    }
}

/// The countries a field is about (see [`promote`]).
fn field_countries(typed: &[Typed], lex: &Lexicon) -> Vec<Country> {
    // (country, distinct places named in it), in order of first mention.
    let mut named: Vec<(Country, usize)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for t in typed.iter() {
        let Some(e) = (t.kind == EntityKind::Location && t.strength == Strength::Strong)
            .then_some(t.entry)
            .flatten()
        else {
            continue;
        };
        let Some(c) = e.country.filter(|_| !seen.contains(&e.canonical)) else {
            continue;
        };
        seen.push(e.canonical);
        match named.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => named.push((c, 1)),
        }
    }
    // The field is about the countries it names at least half as often as
    // the one it names most (`England`, `Bristol` and `Exeter`, not one
    // `Somerset` that the gazetteer knows in the United States), else about
    // the language's.
    let most = named.iter().map(|&(_, n)| n).max().unwrap_or(0);
    if most == 0 {
        lex.home_countries.clone()
    } else {
        named
            .iter()
            .filter(|&&(_, n)| n * 2 >= most)
            .map(|&(c, _)| c)
            .collect()
    }
}
