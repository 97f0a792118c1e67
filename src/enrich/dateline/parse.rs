//! The dateline grammar: what is written, before deciding what it means.
//!
//! ```text
//! dateline := [credit dash] place [qualifier] {"," suffix}0..2 ["," date] [credit] end
//! credit   := "(" name ")" | "/" name "/"          (AFP) (EUROPA PRESS) /PRNewswire/
//! qualifier:= "(" region or place ")"                (La Palma) (CO)
//! suffix   := region abbreviation | region | country Ill. · Ukraine · Qatar
//! end      := dash | end of line (only after a date or a credit)
//! ```
//!
//! `(AGI) - Milano, 5 mar -`, `LUSAIL, Qatar, Dec 18 (Reuters) -` and
//! `Los Llanos de Aridane (La Palma), 20 sep (EFE).-` all fit. Dashes come
//! from `resources/shared/dateline/dashes.txt`. Reading decides nothing about
//! meaning beyond what the grammar needs: whether a parenthesis holds a
//! region or a credit, and whether a suffix is a region or country at all.

use super::agency::{self, Enclosed};
use super::date::Written as WrittenDate;
use super::place::{self, Written as WrittenPlace};
use super::region;
use super::scan::Cursor;
use super::Rules;
use crate::enrich::gazetteer::{Country, Gazetteer};

/// An agency credit as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit {
    /// Byte range of the name, without the marks.
    pub name: (usize, usize),
    /// True when the name is a known agency.
    pub known: bool,
}

/// Everything a dateline says, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Byte range of the whole dateline, closing dash included.
    pub span: (usize, usize),
    /// The place.
    pub place: WrittenPlace,
    /// Countries a comma suffix allows (`Springfield, Ill.` → `US`); empty
    /// when there is none.
    pub suffix_countries: Vec<Country>,
    /// Countries of a parenthesised region (`(CO)` → `IT`).
    pub qualifier_countries: Vec<Country>,
    /// The date, when written.
    pub date: Option<WrittenDate>,
    /// The agency credit, when written.
    pub credit: Option<Credit>,
    /// True when a dash closes the dateline (else the line ends it).
    pub dash: bool,
}

/// Reads a dateline starting at byte `start` of `text`.
pub fn read(text: &str, start: usize, rules: &Rules, gazetteer: &Gazetteer) -> Option<Reading> {
    let mut cur = Cursor::new(text, start);
    let mut credit = None;
    if cur.peek() == Some('(') {
        let e = agency::enclosed(&mut cur)?;
        credit = Some(credit_of(text, e, rules).filter(|c| c.known)?);
        cur.skip_blanks();
        if !dash(&mut cur, rules) {
            return None;
        }
        cur.skip_blanks();
    }
    let place = place::read(&mut cur, &rules.connectors)?;
    let mut r = Reading {
        span: (start, place.end),
        place,
        suffix_countries: Vec::new(),
        qualifier_countries: Vec::new(),
        date: None,
        credit,
        dash: false,
    };
    let prefixed = r.credit.is_some();
    let mut suffixes = 0;
    let mut qualified = false;
    loop {
        cur.skip_blanks();
        if dash(&mut cur, rules) {
            r.span.1 = cur.pos();
            r.dash = true;
            return Some(r);
        }
        if cur.at_line_end() {
            return (r.date.is_some() || r.credit.is_some()).then_some(r);
        }
        // Still before the date and the trailing credit.
        let open = r.date.is_none() && (prefixed || r.credit.is_none());
        match cur.peek()? {
            '(' | '/' => {
                let slash = cur.peek() == Some('/');
                let e = agency::enclosed(&mut cur)?;
                let name = &text[e.inner.0..e.inner.1];
                let mut after = cur;
                after.skip_blanks();
                let region = (open && !slash && !qualified)
                    .then(|| qualifier(name, rules, gazetteer))
                    .flatten();
                let as_credit = credit_of(text, e, rules).filter(|_| r.credit.is_none());
                let comma_next = after.peek() == Some(',');
                match (region, as_credit) {
                    (Some(countries), c) if comma_next || c.is_none_or(|c| !c.known) => {
                        r.qualifier_countries = countries;
                        qualified = true;
                    }
                    (_, Some(c)) => r.credit = Some(c),
                    _ => return None,
                }
                r.span.1 = cur.pos();
            }
            ',' => {
                cur.eat(',');
                cur.skip_blanks();
                if !open {
                    return None;
                }
                if let Some(&(end, date)) = rules.calendar.read(text, cur.pos()).first() {
                    r.date = Some(date);
                    cur = Cursor::new(text, end);
                } else if suffixes < 2 {
                    let countries = region::read_suffix(
                        &mut cur,
                        &rules.abbreviations,
                        &rules.connectors,
                        gazetteer,
                    )?;
                    suffixes += 1;
                    if r.suffix_countries.is_empty() {
                        r.suffix_countries = countries;
                    } else {
                        r.suffix_countries.retain(|c| countries.contains(c));
                    }
                } else {
                    return None;
                }
                r.span.1 = cur.pos();
            }
            _ => return None,
        }
    }
}

/// The credit in `e`, when its name has the shape of one.
fn credit_of(text: &str, e: Enclosed, rules: &Rules) -> Option<Credit> {
    let name = &text[e.inner.0..e.inner.1];
    let known = rules.agencies.knows(name);
    (known || agency::looks_like_agency(name)).then_some(Credit {
        name: e.inner,
        known,
    })
}

/// The countries of a parenthesised region or place; `None` when the
/// parenthesis holds neither. A place of unknown country (a city named
/// like an island) gives an empty list.
fn qualifier(name: &str, rules: &Rules, gazetteer: &Gazetteer) -> Option<Vec<Country>> {
    if let Some(country) = rules.abbreviations.get(name) {
        return Some(vec![country]);
    }
    place::places(name, gazetteer.lookup(name)).next()?;
    Some(region::countries_of(name, gazetteer))
}

/// Takes a closing dash at the cursor. A dash starting with a hyphen must
/// not touch a letter or digit before it (`ROMA-` is no dateline).
fn dash(cur: &mut Cursor<'_>, rules: &Rules) -> bool {
    let glued = cur.prev().is_some_and(char::is_alphanumeric);
    for d in &rules.dashes {
        if glued && d.starts_with('-') {
            continue;
        }
        let mut c = *cur;
        if c.eat_str(d) {
            *cur = c;
            return true;
        }
    }
    false
}
