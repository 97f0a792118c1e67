//! What the gazetteer knows about a name: [`Candidate`], its [`Kind`] and
//! [`Country`], and how a text's case compares with the listed spelling
//! ([`CaseMatch`]).

use std::fmt;

use crate::enrich::output::EntityKind;

/// What a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A country (`geo/places.tsv`).
    Country,
    /// A first-level subdivision: state, region, Land, province (`geo/places.tsv`).
    Region,
    /// A city of more than ~15,000 people (`geo/places.tsv`).
    City,
    /// A continent or the Americas (`geo/features.tsv`).
    Continent,
    /// A sea, river, mountain, island, site, macro-region (`geo/features.tsv`).
    Feature,
    /// An organisation (`organizations.tsv`).
    Organization,
    /// A person (`people.tsv`).
    Person,
    /// A place listed in `organizations.tsv` or `people.tsv` with type `location`.
    Location,
}

impl Kind {
    /// Parses a kind or type column (`city`, `organization`, ...).
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "city" => Kind::City,
            "continent" => Kind::Continent,
            "feature" => Kind::Feature,
            "organization" => Kind::Organization,
            "person" => Kind::Person,
            "location" => Kind::Location,
            _ => return None,
        })
    }

    /// The entity type of the record contract: every place kind is a location.
    pub fn entity_kind(self) -> EntityKind {
        match self {
            Kind::Person => EntityKind::Person,
            Kind::Organization => EntityKind::Organization,
            _ => EntityKind::Location,
        }
    }

    /// True for countries, regions, cities, continents, features and locations.
    pub fn is_place(self) -> bool {
        self.entity_kind() == EntityKind::Location
    }
}

/// An ISO 3166-1 alpha-2 country code (`IT`, `US`; also `XK`, Kosovo).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// Two ASCII capital letters, else `None`.
    pub fn parse(s: &str) -> Option<Country> {
        match s.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some(Country([*a, *b])),
            _ => None,
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Always two ASCII capitals, see `parse`.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a surface form may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The spelling as listed (`Nice`, `Cremlino`, `U.S.`): compare it with the
    /// text's case using [`CaseMatch::of`].
    pub surface: &'static str,
    /// The usual English name (`Moscow`, `Kremlin`, `United Nations`).
    pub canonical: &'static str,
    /// What it names.
    pub kind: Kind,
    /// ISO country of a place, or an organisation's or person's country.
    pub country: Option<Country>,
    /// Inhabitants of a city or country; 0 when unknown or not a place.
    pub population: u64,
}

impl Candidate {
    /// True when the listed spelling is the thing's canonical name itself
    /// (`Milan` for Milan), not one of its aliases (`Milan` for AC Milan).
    pub fn is_own_name(&self) -> bool {
        self.surface == self.canonical
    }

    /// True for a place well known enough to trust on its own: a country,
    /// region, continent, feature or listed location, or a city of at least
    /// `min_city` inhabitants.
    pub fn is_major_place(&self, min_city: u64) -> bool {
        match self.kind {
            Kind::City => self.population >= min_city,
            k => k.is_place(),
        }
    }
}

/// How a text's case compares with a listed spelling of the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMatch {
    /// Same characters (`Nice` for `Nice`).
    Exact,
    /// Same except case, and the listed spelling is a proper noun written in
    /// capitals in the text (`NICE`, `CITTA' DEL VATICANO`): datelines, headlines.
    Upper,
    /// The text is all lowercase while the listed spelling is not (`nice` for
    /// `Nice`): usually the common word, not the name.
    Lower,
    /// The listed spelling is an all-caps acronym and the text is not all caps
    /// (`Il` for `IL`, `Who` for `WHO`): almost never the acronym. (Mixed-case
    /// acronyms newsrooms write, like `Onu` or `Usa`, are listed themselves.)
    Acronym,
    /// Any other difference: accents (`Moscu` for `Moscú`), mixed case
    /// (`Città Del Vaticano`), a lowercase listed form written capitalised.
    Other,
}

impl CaseMatch {
    /// True for [`Exact`](CaseMatch::Exact), [`Upper`](CaseMatch::Upper) and
    /// [`Other`](CaseMatch::Other): the text may well be the listed name.
    pub fn is_plausible(self) -> bool {
        matches!(self, CaseMatch::Exact | CaseMatch::Upper | CaseMatch::Other)
    }

    /// Compares `text` (as found) with `surface` (as listed).
    pub fn of(text: &str, surface: &str) -> CaseMatch {
        if text == surface {
            return CaseMatch::Exact;
        }
        let has_upper = |s: &str| s.chars().any(char::is_uppercase);
        let has_lower = |s: &str| s.chars().any(char::is_lowercase);
        if has_upper(surface) && !has_lower(surface) && has_lower(text) {
            return CaseMatch::Acronym;
        }
        if has_upper(text) && !has_lower(text) && has_lower(surface) {
            return CaseMatch::Upper;
        }
        if !has_upper(text) && has_upper(surface) {
            return CaseMatch::Lower;
        }
        CaseMatch::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_map_to_entity_kinds() {
        assert_eq!(Kind::parse("city"), Some(Kind::City));
        assert_eq!(Kind::parse("organization"), Some(Kind::Organization));
        assert_eq!(Kind::parse("City"), None);
        assert_eq!(Kind::parse(""), None);
        assert_eq!(Kind::City.entity_kind(), EntityKind::Location);
        assert_eq!(Kind::Feature.entity_kind(), EntityKind::Location);
        assert_eq!(Kind::Person.entity_kind(), EntityKind::Person);
        assert!(Kind::Region.is_place());
        assert!(!Kind::Organization.is_place());
    }

    #[test]
    fn country_codes_are_two_capitals() {
        assert_eq!(
            Country::parse("IT").map(|c| c.to_string()),
            Some("IT".into())
        );
        assert_eq!(Country::parse("it"), None);
        assert_eq!(Country::parse("ITA"), None);
        assert_eq!(Country::parse(""), None);
        assert_eq!(format!("{:?}", Country::parse("XK").unwrap()), "XK");
    }

    #[test]
    fn case_match_tells_names_from_words() {
        assert_eq!(CaseMatch::of("Nice", "Nice"), CaseMatch::Exact);
        assert_eq!(CaseMatch::of("NICE", "Nice"), CaseMatch::Upper);
        assert_eq!(CaseMatch::of("nice", "Nice"), CaseMatch::Lower);
        assert_eq!(CaseMatch::of("Moscu", "Moscú"), CaseMatch::Other);
        assert_eq!(
            CaseMatch::of("CITTA' DEL VATICANO", "Città del Vaticano"),
            CaseMatch::Upper
        );
        // An all-caps listed form (an acronym) is not "Upper" for the same text.
        assert_eq!(CaseMatch::of("USA", "USA"), CaseMatch::Exact);
        assert_eq!(CaseMatch::of("Usa", "USA"), CaseMatch::Acronym);
        assert_eq!(CaseMatch::of("Il", "IL"), CaseMatch::Acronym);
        assert_eq!(CaseMatch::of("usa", "USA"), CaseMatch::Acronym);
        // A lowercase listed form (a brand) written capitalised at sentence start.
        assert_eq!(CaseMatch::of("Askanews", "askanews"), CaseMatch::Other);
        assert!(CaseMatch::Upper.is_plausible());
        assert!(!CaseMatch::Lower.is_plausible());
        assert!(!CaseMatch::Acronym.is_plausible());
    }
}
