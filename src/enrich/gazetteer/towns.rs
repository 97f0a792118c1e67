//! Small towns (5,000 to 15,000 people) for datelines and lone names:
//! `shared/geo/towns.tsv`.
//!
//! Agency copy is often filed from towns too small for the place gazetteer
//! (`ESSENBACH (dpa) -`). They are kept apart from it on purpose: a small
//! town's name is too often a common word or a surname to be an entity on
//! its own. Once a dateline's structure says "this is a place", the town
//! list gives its spelling and country. The entity rules use it the same
//! way: a lone unknown name that is a town of a country the article is
//! about is that town (see `entities::towns`).

use super::entry::{Candidate, Country, Kind};
use super::fold::fold;
use crate::enrich::packed::PackedMap;
use crate::enrich::resources::{self, ResourceError};

/// The file, under `resources/`.
const PATH: &str = "shared/geo/towns.tsv";

/// A town: its GeoNames main name, country and population.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Town {
    /// GeoNames' main name (`Essenbach`).
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 country.
    pub country: Country,
    /// Inhabitants.
    pub population: u32,
}

/// Every town, by folded name.
#[derive(Debug, Clone, Default)]
pub struct Towns {
    /// (folded name, town), sorted by key then most populous first.
    rows: Vec<(Box<str>, Town)>,
    /// Each row's town as a gazetteer entry (a city), in the same order.
    entries: Vec<Candidate>,
    /// Each folded name's rows (`start..end` of `rows`): one hash probe
    /// instead of a binary search, whose string compares reach all over
    /// the table (asked for nearly every lone capitalised word).
    index: PackedMap<(u32, u32)>,
}

/// How many times larger the most populous of several same-named towns must
/// be than the next to be taken without help from context.
const DOMINANCE: u32 = 5;

impl Towns {
    /// Loads `shared/geo/towns.tsv`; a malformed line is an error naming it.
    pub fn load() -> Result<Towns, ResourceError> {
        let mut rows = Vec::with_capacity(36_000);
        for line in resources::lines(PATH)? {
            let cols = line.columns(3)?;
            let country = Country::parse(cols[1])
                .ok_or_else(|| line.error(format!("bad country code {:?}", cols[1])))?;
            let population = cols[2]
                .parse()
                .map_err(|_| line.error(format!("bad population {:?}", cols[2])))?;
            let key = fold(cols[0]);
            if key.is_empty() {
                return Err(line.error(format!("name {:?} folds to nothing", cols[0])));
            }
            let town = Town {
                name: cols[0],
                country,
                population,
            };
            rows.push((key.into_boxed_str(), town));
        }
        rows.sort_unstable_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then(b.population.cmp(&a.population))
                .then(a.country.cmp(&b.country))
                .then(a.name.cmp(b.name))
        });
        Ok(Towns::from_rows(rows))
    }

    /// The towns of `rows`, sorted as [`Towns::load`] sorts them.
    fn from_rows(rows: Vec<(Box<str>, Town)>) -> Towns {
        let entries = rows
            .iter()
            .map(|(_, t)| Candidate {
                surface: t.name,
                canonical: t.name,
                kind: Kind::City,
                country: Some(t.country),
                population: u64::from(t.population),
            })
            .collect();
        let mut index = PackedMap::with_capacity(rows.len());
        let mut start = 0;
        for end in 1..=rows.len() {
            if end == rows.len() || rows[end].0 != rows[start].0 {
                // Fewer than 2^32 rows: the file has tens of thousands.
                index.insert(&rows[start].0, (start as u32, end as u32));
                start = end;
            }
        }
        Towns {
            rows,
            entries,
            index,
        }
    }

    /// Every town spelled `name` (any case or accents), most populous first.
    pub fn lookup(&self, name: &str) -> &[(Box<str>, Town)] {
        &self.rows[self.range(&fold(name))]
    }

    /// Every town whose folded name is `key`, as gazetteer entries (cities),
    /// most populous first.
    pub fn entries_folded(&self, key: &str) -> &[Candidate] {
        &self.entries[self.range(key)]
    }

    fn range(&self, key: &str) -> std::ops::Range<usize> {
        self.index
            .get(key)
            .map_or(0..0, |&(start, end)| start as usize..end as usize)
    }

    /// The town `name` means, if it can be told: within `countries` when
    /// given (a region or country written with the dateline), else the only
    /// one so spelled, else one far larger than the others, else the only
    /// one in a `home` country of the copy's language.
    pub fn choose(
        &self,
        name: &str,
        countries: Option<&[Country]>,
        home: &[Country],
    ) -> Option<Town> {
        let all: Vec<Town> = self
            .lookup(name)
            .iter()
            .map(|(_, t)| *t)
            .filter(|t| countries.is_none_or(|cs| cs.contains(&t.country)))
            .collect();
        match all.as_slice() {
            [] => None,
            [one] => Some(*one),
            [first, second, ..] if first.population >= DOMINANCE * second.population => {
                Some(*first)
            }
            _ => {
                let mut at_home = all.iter().filter(|t| home.contains(&t.country));
                match (at_home.next(), at_home.next()) {
                    (Some(t), None) => Some(*t),
                    _ => None,
                }
            }
        }
    }

    /// Number of towns.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no town is loaded.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn town(name: &'static str, country: &str, population: u32) -> (Box<str>, Town) {
        let t = Town {
            name,
            country: Country::parse(country).unwrap(),
            population,
        };
        (fold(name).into_boxed_str(), t)
    }

    fn code(t: Option<Town>) -> Option<String> {
        t.map(|t| t.country.to_string())
    }

    #[test]
    fn the_file_loads_sorted_with_no_city_of_the_place_gazetteer() {
        let towns = Towns::load().unwrap();
        assert!(towns.len() > 30_000 && !towns.is_empty());
        assert!(towns.rows.windows(2).all(|w| w[0].0 <= w[1].0));
        assert!(towns.rows.iter().all(|(_, t)| t.population < 15_000));
    }

    #[test]
    fn the_index_finds_every_name_s_rows_as_a_binary_search_does() {
        let towns = Towns::load().unwrap();
        let searched = |key: &str| {
            let start = towns.rows.partition_point(|(k, _)| **k < *key);
            start..start + towns.rows[start..].partition_point(|(k, _)| **k == *key)
        };
        for (key, _) in &towns.rows {
            assert_eq!(towns.range(key), searched(key), "{key}");
        }
        // A name with no town: nothing (the binary search's empty range
        // may sit anywhere).
        for key in ["", "x", "essenbac", "essenbachx", "zzzzzzzzzzzzzzzzzzzz"] {
            assert!(towns.range(key).is_empty(), "{key}");
            assert!(searched(key).is_empty(), "{key}");
        }
    }

    #[test]
    fn lookup_ignores_case_and_accents() {
        let towns = Towns::from_rows(vec![
            town("Essenbach", "DE", 11_070),
            town("Évian", "FR", 9_000),
        ]);
        assert_eq!(towns.lookup("ESSENBACH").len(), 1);
        assert_eq!(towns.lookup("EVIAN")[0].1.name, "Évian");
        let e = &towns.entries_folded("evian")[0];
        assert_eq!((e.surface, e.kind), ("Évian", Kind::City));
        assert_eq!(e.country.map(|c| c.to_string()).as_deref(), Some("FR"));
        assert!(towns.lookup("Essen").is_empty());
    }

    #[test]
    fn several_towns_of_one_name_need_a_hint() {
        let mut rows = vec![
            town("Springdale", "US", 9_000),
            town("Springdale", "CA", 3_000),
            town("Millbrook", "US", 14_000),
            town("Millbrook", "GB", 1_000),
        ];
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.population.cmp(&a.1.population)));
        let towns = Towns::from_rows(rows);
        let us = [Country::parse("US").unwrap()];
        let ca = [Country::parse("CA").unwrap()];
        let gb = [Country::parse("GB").unwrap()];
        // Comparable sizes: only context decides.
        assert_eq!(code(towns.choose("Springdale", None, &[])), None);
        assert_eq!(code(towns.choose("Springdale", None, &gb)), None);
        assert_eq!(
            code(towns.choose("Springdale", None, &ca)).as_deref(),
            Some("CA")
        );
        assert_eq!(
            code(towns.choose("Springdale", Some(&us), &ca)).as_deref(),
            Some("US")
        );
        // One far larger than the other.
        assert_eq!(
            code(towns.choose("Millbrook", None, &[])).as_deref(),
            Some("US")
        );
        assert_eq!(
            code(towns.choose("Millbrook", Some(&gb), &us)).as_deref(),
            Some("GB")
        );
        assert_eq!(code(towns.choose("Nowhere", None, &us)), None);
    }
}
