//! Datelines: where, when and for whom a story was filed.
//!
//! Finds the dateline a body opens with (`Mosca, 13 settembre 2023 –`,
//! `LONDON, Nov 28 (Reuters) -`, `(AGI) - Milano, 5 mar -`) and resolves its
//! place (through the gazetteer), date (year from the publication date when
//! missing) and agency.
//!
//! | module | concept |
//! |---|---|
//! | [`scan`] | a cursor over the body's opening |
//! | [`place`] | place names as written; choosing among gazetteer entries |
//! | [`region`] | regions and countries after the place (`Ill.`, `Ukraine`, `(CO)`) |
//! | [`date`] | dates by per-language patterns |
//! | [`year`] | the year of a date written without one |
//! | [`agency`] | agency credits (`(Reuters)`, `/PRNewswire/`) |
//! | [`parse`] | the dateline grammar |
//! | [`evidence`] | when a reading is a dateline at all |
//! | [`lexicon`] | word tables and the case/accent fold |
//!
//! All language knowledge is data: `resources/<lang>/dateline/` (months,
//! weekdays, date patterns, ordinal suffixes, region abbreviations, home
//! countries, kicker labels, correspondents' bylines) and `resources/shared/dateline/` (agencies,
//! dashes, marks closing only after a credit, connectors). A new language is a new folder, not new code.
//!
//! A dateline must open the body (after blanks, and after a correspondent's
//! byline line such as `DAL NOSTRO CORRISPONDENTE`, listed in
//! `bylines.txt`): a body opening with any other byline or headline line has
//! none, and when in doubt there is none (see
//! [`evidence`]). A date without a year takes it from `published_at`, and
//! without `published_at` stays unknown (see [`year`]).
//!
//! Work is bounded: only the first [`WINDOW`] bytes of the body are read.

pub mod agency;
pub mod date;
pub mod evidence;
pub mod lexicon;
pub mod parse;
pub mod place;
pub mod region;
pub mod scan;
pub mod year;

use chrono::NaiveDate;

use crate::enrich::document::{Document, Field, Span};
use crate::enrich::gazetteer::{Candidate, CaseMatch, Country, Gazetteer, Town};
use crate::enrich::language::Lang;
use crate::enrich::resources::{self, ResourceError};
use lexicon::WordSet;

/// How many bytes of the body's opening a dateline may span.
pub const WINDOW: usize = 320;

/// One language's dateline data, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
    calendar: date::Calendar,
    abbreviations: region::Abbreviations,
    home: Vec<Country>,
    kickers: WordSet,
    /// Byline lines that may stand above the dateline.
    bylines: WordSet,
    agencies: agency::Agencies,
    connectors: WordSet,
    /// Articles that may open an unknown place before a known credit.
    place_articles: WordSet,
    /// Closing dashes, longest first.
    dashes: Vec<String>,
    /// Marks that close a dateline only right after a known credit.
    credit_dashes: Vec<String>,
}

/// The countries `lang`'s copy is mostly about
/// (`<lang>/dateline/home_countries.txt`, ISO codes, one a line).
pub fn home_countries(lang: Lang) -> Result<Vec<Country>, ResourceError> {
    resources::lines(&format!("{}/dateline/home_countries.txt", lang.code()))?
        .iter()
        .map(|line| {
            Country::parse(line.text).ok_or_else(|| {
                line.error(format!("{:?} is not an ISO 3166-1 alpha-2 code", line.text))
            })
        })
        .collect()
}

impl Rules {
    /// Loads `lang`'s dateline data and the shared dateline data.
    pub fn load(lang: Lang) -> Result<Self, ResourceError> {
        let code = lang.code();
        let dir = format!("{code}/dateline");
        let home = home_countries(lang)?;
        let mut dashes: Vec<String> = resources::word_list("shared/dateline/dashes.txt")?
            .into_iter()
            .map(str::to_owned)
            .collect();
        dashes.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let mut credit_dashes: Vec<String> =
            resources::word_list("shared/dateline/credit_dashes.txt")?
                .into_iter()
                .map(str::to_owned)
                .collect();
        credit_dashes.sort_by_key(|d| std::cmp::Reverse(d.len()));
        Ok(Rules {
            lang,
            calendar: date::Calendar::load(code)?,
            abbreviations: region::Abbreviations::load(code)?,
            home,
            kickers: WordSet::load(&format!("{dir}/kickers.txt"))?,
            bylines: WordSet::load(&format!("{dir}/bylines.txt"))?,
            agencies: agency::Agencies::load()?,
            connectors: WordSet::load("shared/dateline/connectors.txt")?,
            place_articles: WordSet::load("shared/dateline/place_articles.txt")?,
            dashes,
            credit_dashes,
        })
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// A dateline found at the start of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The whole dateline, closing dash included.
    pub span: Span,
    /// The place as written.
    pub location: Span,
    /// The place's usual English name.
    pub canonical: String,
    /// The place's ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
    /// The date, year resolved.
    pub date: Option<NaiveDate>,
    /// The agency as written.
    pub agency: Option<Span>,
}

/// Finds the dateline `doc`'s body opens with; `gazetteer` resolves its
/// place, `published` the year of a date written without one.
pub fn find(
    doc: &Document,
    rules: &Rules,
    gazetteer: &Gazetteer,
    published: Option<NaiveDate>,
) -> Option<Found> {
    let body = doc.body.as_str();
    let mut end = body.len().min(WINDOW);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let text = &body[..end];
    let start = after_byline(text, skip_blanks(text, 0), rules);
    let r = parse::read(text, start, rules, gazetteer)?;
    let place = resolve(&r, text, rules, gazetteer);
    let judged = match place {
        None if known_otherwise(&r, text, gazetteer) => evidence::Place::NotAPlace,
        None => evidence::Place::Unknown,
        Some(_) if gazetteer.is_common_word(rules.lang, r.place.text(text)) => {
            evidence::Place::KnownCommonWord
        }
        Some(_) => evidence::Place::Known,
    };
    if !evidence::accept(&r, text, judged, rules) {
        return None;
    }
    // A place no gazetteer entry fits may still be a small town.
    let small_town = match (place, judged) {
        (None, evidence::Place::Unknown) => town(&r, text, rules, gazetteer),
        _ => None,
    };
    let (canonical, country) = match (place, small_town) {
        (Some(c), _) => (c.canonical.to_owned(), c.country),
        (None, Some(t)) => (t.name.to_owned(), Some(t.country)),
        (None, None) => (
            r.place.title_case(text, &rules.connectors),
            first_home(&r.suffix_countries, &rules.home)
                .or_else(|| first_home(&r.qualifier_countries, &rules.home)),
        ),
    };
    let span = |(s, e): (usize, usize)| Span::new(Field::Body, s, e);
    Some(Found {
        span: span(r.span),
        location: span((r.place.start, r.place.end)),
        canonical,
        country: country.map(|c| c.to_string()),
        date: r.date.and_then(|d| year::resolve(&d, published)),
        agency: r.credit.map(|c| span(c.name)),
    })
}

/// The first byte at or after `from` that is no blank or byte-order mark.
fn skip_blanks(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    from + rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .len()
}

/// Where the dateline may start: after a first line that is a
/// correspondent's byline (`DAL NOSTRO CORRISPONDENTE`), else at `start`.
fn after_byline(text: &str, start: usize, rules: &Rules) -> usize {
    match text[start..].find('\n') {
        Some(n) if rules.bylines.contains(text[start..start + n].trim()) => {
            skip_blanks(text, start + n)
        }
        _ => start,
    }
}

/// The gazetteer entry the dateline's place means, if any. A comma suffix
/// must fit (`London, Ont.` is no London in England); a parenthesised region
/// is only a preference.
fn resolve<'g>(
    r: &parse::Reading,
    text: &str,
    rules: &Rules,
    gazetteer: &'g Gazetteer,
) -> Option<&'g Candidate> {
    let choose = |countries: Option<&[Country]>| {
        r.place
            .lookup_forms(text)
            .iter()
            .find_map(|f| place::choose(f, gazetteer.lookup(f), countries, &rules.home))
    };
    if !r.suffix_countries.is_empty() {
        return choose(Some(&r.suffix_countries));
    }
    if !r.qualifier_countries.is_empty() {
        if let Some(c) = choose(Some(&r.qualifier_countries)) {
            return Some(c);
        }
    }
    choose(None)
}

/// The small town a dateline's place names, when no bigger place has its
/// name: within the countries written with it, if any.
fn town(r: &parse::Reading, text: &str, rules: &Rules, gazetteer: &Gazetteer) -> Option<Town> {
    let countries = [&r.suffix_countries, &r.qualifier_countries]
        .into_iter()
        .find(|cs| !cs.is_empty())
        .map(|cs| cs.as_slice());
    r.place
        .lookup_forms(text)
        .iter()
        .find_map(|f| gazetteer.towns().choose(f, countries, &rules.home))
}

/// True when the gazetteer knows the place as written as something else
/// than a place (`TRUMP`, `UNITED NATIONS`).
fn known_otherwise(r: &parse::Reading, text: &str, gazetteer: &Gazetteer) -> bool {
    r.place.lookup_forms(text).iter().any(|f| {
        gazetteer
            .lookup(f)
            .iter()
            .any(|c| !place::is_place(c.kind) && CaseMatch::of(f, c.surface).is_plausible())
    })
}

/// The first of `countries` that is a home country, else the first.
fn first_home(countries: &[Country], home: &[Country]) -> Option<Country> {
    countries
        .iter()
        .find(|c| home.contains(c))
        .or(countries.first())
        .copied()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::OnceLock;

    use crate::enrich::gazetteer::Gazetteer;

    /// One loaded gazetteer for every dateline test.
    pub(crate) fn gazetteer() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::load().expect("gazetteers load"))
    }
}
