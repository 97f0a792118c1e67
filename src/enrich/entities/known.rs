//! Known names: the gazetteers as the entity stage reads them.
//!
//! Loads `shared/geo/places.tsv`, `shared/geo/features.tsv` (places:
//! `surface  canonical  kind  country  population`) and
//! `shared/organizations.tsv`, `shared/people.tsv` (`canonical  type  country
//! aliases`) once, keyed by the folded surface ([`fold`]). A surface may name
//! several things (`Santos` the city and the club; `Georgia`); [`Known::get`]
//! returns them all, best first: organisations and people, then countries,
//! regions, features and cities by population. Lookups take a folded phrase
//! and allocate nothing.

use std::collections::HashMap;

use super::fold::fold;
use crate::enrich::output::EntityKind;
use crate::enrich::resources::{self, ResourceError};

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A continent or macro-region.
    Continent,
    /// A city or town.
    City,
    /// A first-level region, state or province.
    Region,
    /// A geographic feature, site or landmark.
    Feature,
}

/// One thing a surface can name.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Person, organisation or location.
    pub kind: EntityKind,
    /// For places, which kind.
    pub place: Option<PlaceKind>,
    /// The usual English name.
    pub canonical: &'static str,
    /// ISO 3166-1 alpha-2 code, when known.
    pub country: Option<&'static str>,
    /// Inhabitants, for cities (0 when unknown).
    pub population: u64,
    /// True when the surface is the canonical name itself (not an alias).
    pub is_canonical: bool,
}

impl Entry {
    /// True for a place that is well known enough to trust on its own: a
    /// country, continent, region or feature, or a city of at least
    /// `min_city` inhabitants.
    pub fn is_major_place(&self, min_city: u64) -> bool {
        match self.place {
            Some(PlaceKind::City) => self.population >= min_city,
            Some(_) => true,
            None => false,
        }
    }
}

/// The gazetteers, keyed by folded surface.
#[derive(Debug, Default)]
pub struct Known {
    by_key: HashMap<String, Vec<Entry>>,
    max_words: usize,
}

const PLACES: [&str; 2] = ["shared/geo/places.tsv", "shared/geo/features.tsv"];
const NAMED: [&str; 2] = ["shared/organizations.tsv", "shared/people.tsv"];

/// Best first: a thing whose own name the surface is (`Milan` the city before
/// `AC Milan`), then places by kind and population (`Roma` the city before
/// the club), people, organisations.
fn rank(e: &Entry) -> (bool, u8, u8, std::cmp::Reverse<u64>) {
    let k = match e.kind {
        EntityKind::Location => 0,
        EntityKind::Person => 1,
        EntityKind::Organization => 2,
    };
    (
        !e.is_canonical,
        k,
        e.place.map_or(0, |p| p as u8),
        std::cmp::Reverse(e.population),
    )
}

impl Known {
    /// Loads every gazetteer that is present.
    pub fn load() -> Result<Self, ResourceError> {
        let mut k = Known::default();
        for path in PLACES {
            if resources::exists(path) {
                k.load_places(path)?;
            }
        }
        for path in NAMED {
            if resources::exists(path) {
                k.load_named(path)?;
            }
        }
        for v in k.by_key.values_mut() {
            v.sort_by_key(rank);
        }
        Ok(k)
    }

    fn add(&mut self, surface: &str, e: Entry) {
        let key = fold(surface);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        let v = self.by_key.entry(key).or_default();
        if !v
            .iter()
            .any(|x| x.canonical == e.canonical && x.kind == e.kind && x.place == e.place)
        {
            v.push(e);
        }
    }

    fn load_places(&mut self, path: &str) -> Result<(), ResourceError> {
        for line in resources::lines(path)? {
            let c = line.columns(5)?;
            let place = match c[2] {
                "country" => PlaceKind::Country,
                "continent" => PlaceKind::Continent,
                "region" => PlaceKind::Region,
                "feature" => PlaceKind::Feature,
                "city" => PlaceKind::City,
                other => return Err(line.error(format!("unknown place kind {other:?}"))),
            };
            let population = c[4]
                .parse()
                .map_err(|_| line.error(format!("bad population {:?}", c[4])))?;
            self.add(
                c[0],
                Entry {
                    kind: EntityKind::Location,
                    place: Some(place),
                    canonical: c[1],
                    country: (!c[3].is_empty()).then_some(c[3]),
                    population,
                    is_canonical: c[0] == c[1],
                },
            );
        }
        Ok(())
    }

    fn load_named(&mut self, path: &str) -> Result<(), ResourceError> {
        for line in resources::lines(path)? {
            let c = line.columns(4)?;
            let kind = match c[1] {
                "organization" => EntityKind::Organization,
                "person" => EntityKind::Person,
                "location" => EntityKind::Location,
                other => return Err(line.error(format!("unknown type {other:?}"))),
            };
            for alias in c[3].split('|').chain(std::iter::once(c[0])) {
                let alias = alias.trim();
                if alias.is_empty() {
                    continue;
                }
                self.add(
                    alias,
                    Entry {
                        kind,
                        place: (kind == EntityKind::Location).then_some(PlaceKind::Feature),
                        canonical: c[0],
                        country: (!c[2].is_empty()).then_some(c[2]),
                        population: 0,
                        is_canonical: alias == c[0],
                    },
                );
            }
        }
        Ok(())
    }

    /// Everything the folded phrase names, best first (empty when unknown).
    pub fn get(&self, folded: &str) -> &[Entry] {
        self.by_key.get(folded).map_or(&[], Vec::as_slice)
    }

    /// The longest known phrase in words.
    pub fn max_words(&self) -> usize {
        self.max_words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_resolve_to_english_names() {
        let k = Known::load().unwrap();
        let m = &k.get("mosca")[0];
        assert_eq!((m.canonical, m.country), ("Moscow", Some("RU")));
        assert_eq!(k.get("corea del nord")[0].canonical, "North Korea");
        assert!(k.get("no such place at all").is_empty());
    }
}
