//! Reading the gazetteer files into (key, [`Candidate`]) pairs.
//!
//! Two formats (see `resources/shared/README.md`):
//! - places (`geo/places.tsv`, `geo/features.tsv`):
//!   `surface<TAB>canonical<TAB>kind<TAB>country<TAB>population`, one row per
//!   spelling;
//! - entities (`organizations.tsv`, `governments.tsv`, `people.tsv`):
//!   `canonical<TAB>type<TAB>country<TAB>alias|alias|...`, one row per entity.
//!
//! Every malformed line is an error naming `resources/<file>:<line>`.

use super::entry::{Candidate, Country, Kind};
use super::fold::fold;
use crate::enrich::resources::{self, Line, ResourceError};

/// Place files and the kinds each may contain.
pub const PLACE_FILES: [(&str, &[Kind]); 2] = [
    (
        "shared/geo/places.tsv",
        &[Kind::Country, Kind::Region, Kind::City],
    ),
    ("shared/geo/features.tsv", &[Kind::Continent, Kind::Feature]),
];

/// Entity files and the types each may contain.
pub const ENTITY_FILES: [(&str, &[Kind]); 3] = [
    (
        "shared/organizations.tsv",
        &[Kind::Organization, Kind::Location, Kind::Person],
    ),
    ("shared/governments.tsv", &[Kind::Organization]),
    ("shared/people.tsv", &[Kind::Person]),
];

fn kind(line: &Line<'_>, s: &str, allowed: &[Kind]) -> Result<Kind, ResourceError> {
    match Kind::parse(s) {
        Some(k) if allowed.contains(&k) => Ok(k),
        _ => Err(line.error(format!("unknown kind {s:?}"))),
    }
}

fn country(line: &Line<'_>, s: &str, required: bool) -> Result<Option<Country>, ResourceError> {
    if s.is_empty() && !required {
        return Ok(None);
    }
    Country::parse(s)
        .map(Some)
        .ok_or_else(|| line.error(format!("bad country code {s:?}")))
}

fn keyed(line: &Line<'_>, c: Candidate) -> Result<(String, Candidate), ResourceError> {
    let key = fold(c.surface);
    if key.is_empty() {
        return Err(line.error(format!("surface {:?} folds to nothing", c.surface)));
    }
    Ok((key, c))
}

/// Rows of a place file, appended to `out`.
pub fn places(
    path: &str,
    allowed: &[Kind],
    out: &mut Vec<(String, Candidate)>,
) -> Result<(), ResourceError> {
    for line in resources::lines(path)? {
        let cols = line.columns(5)?;
        let (surface, canonical) = (cols[0], cols[1]);
        if surface.is_empty() || canonical.is_empty() {
            return Err(line.error("empty surface or canonical"));
        }
        let kind = kind(&line, cols[2], allowed)?;
        let population = cols[4]
            .parse::<u64>()
            .map_err(|_| line.error(format!("bad population {:?}", cols[4])))?;
        let c = Candidate {
            surface,
            canonical,
            kind,
            country: country(
                &line,
                cols[3],
                kind != Kind::Continent && kind != Kind::Feature,
            )?,
            population,
        };
        out.push(keyed(&line, c)?);
    }
    Ok(())
}

/// Rows of an entity file, one pair per alias, appended to `out`.
pub fn entities(
    path: &str,
    allowed: &[Kind],
    out: &mut Vec<(String, Candidate)>,
) -> Result<(), ResourceError> {
    for line in resources::lines(path)? {
        let cols = line.columns(4)?;
        let canonical = cols[0];
        if canonical.is_empty() {
            return Err(line.error("empty canonical"));
        }
        let kind = kind(&line, cols[1], allowed)?;
        let country = country(&line, cols[2], false)?;
        let aliases: Vec<&'static str> = cols[3].split('|').map(str::trim).collect();
        if aliases.iter().any(|a| a.is_empty()) {
            return Err(line.error("empty alias"));
        }
        if !aliases.contains(&canonical) {
            return Err(line.error("aliases must include the canonical name"));
        }
        for surface in aliases {
            let c = Candidate {
                surface,
                canonical,
                kind,
                country,
                population: 0,
            };
            out.push(keyed(&line, c)?);
        }
    }
    Ok(())
}

/// Demonym rows `form<TAB>country` of `path`, as (key, country) pairs.
pub fn demonyms(path: &str) -> Result<Vec<(String, Country)>, ResourceError> {
    let mut out = Vec::new();
    for line in resources::lines(path)? {
        let cols = line.columns(2)?;
        let key = fold(cols[0]);
        if key.is_empty() {
            return Err(line.error("empty demonym"));
        }
        let cc = country(&line, cols[1], true)?.ok_or_else(|| line.error("missing country"))?;
        out.push((key, cc));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_loads_and_is_large() {
        let mut out = Vec::new();
        for (path, kinds) in PLACE_FILES {
            places(path, kinds, &mut out).unwrap();
        }
        let n_places = out.len();
        assert!(n_places > 80_000, "{n_places}");
        for (path, kinds) in ENTITY_FILES {
            entities(path, kinds, &mut out).unwrap();
        }
        assert!(out.len() > n_places + 2_500);
        assert!(out.iter().all(|(k, _)| !k.is_empty() && *k == fold(k)));
    }

    #[test]
    fn unknown_files_are_errors() {
        let mut out = Vec::new();
        let e = places("shared/geo/nothing.tsv", &[Kind::City], &mut out).unwrap_err();
        assert_eq!(e.to_string(), "resources/shared/geo/nothing.tsv: missing");
        assert!(demonyms("xx/demonyms.txt").is_err());
    }

    #[test]
    fn wrong_kind_for_a_file_names_the_line() {
        // features.tsv has no cities: loading it as a city-only file fails on its first row.
        let mut out = Vec::new();
        let e = places("shared/geo/features.tsv", &[Kind::City], &mut out).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("resources/shared/geo/features.tsv:"),
            "{msg}"
        );
        assert!(msg.contains("unknown kind"), "{msg}");
    }

    #[test]
    fn demonyms_load_for_every_language() {
        for lang in ["it", "en", "fr", "es", "de", "pt"] {
            let rows = demonyms(&format!("{lang}/demonyms.txt")).unwrap();
            assert!(rows.len() > 300, "{lang}: {}", rows.len());
        }
    }
}
