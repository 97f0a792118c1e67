#!/usr/bin/env python3
"""Check every gazetteer resource file and print coverage numbers.

Checks (any failure exits 1, naming file:line):
- each file starts with `#` header lines naming its origin and licence;
- every data line has the right number of tab-separated columns, no empty
  required field, no stray whitespace;
- no duplicate rows (places, features) or duplicate canonical+type (orgs, people)
  or duplicate form (demonyms);
- country codes are ISO 3166-1 alpha-2 (plus XK, Kosovo, as GeoNames and CLDR use);
- kinds/types are from the closed sets;
- no single-word surface form of a curated file is a common lowercase word of the
  six languages unless it is listed in ALLOWED_COMMON below (a deliberate,
  case-sensitive entry such as the party "Lega"); for places.tsv such forms are
  counted and reported, since GeoNames main names like "Nice" or "Mobile" stay
  and the caller decides with case.

Usage: python3 scripts/gazetteers/validate.py [--verbose]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from textnorm import LANGS, CommonWords, fold  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RES = os.path.join(ROOT, "resources")

PLACE_KINDS = {"country", "region", "city"}
FEATURE_KINDS = {"feature", "continent"}
ENTITY_TYPES = {"person", "organization", "location"}

# Curated surface forms that are also common lowercase words, kept on purpose: they
# name the entity when capitalised mid-sentence, and the caller checks case.
ALLOWED_COMMON = {
    "Lega", "Verdi", "Podemos", "Renaissance", "Ensemble", "Chega", "Livre", "Linke",
    "Sumar", "Vox", "Together", "Reform", "Labour", "Shell", "Apple", "Amazon",
    "Meta", "Alphabet", "Orange", "Santander", "Generali", "Leonardo", "Mercosur",
    "Poste", "Sapienza", "Quirinale", "Colle", "Chigi", "Lusa", "Europa", "Africa",
    "America", "Antartide", "Oceania", "Po", "Tevere", "Reno", "Senna", "Loira",
    "Rodano", "Alpi", "Danubio", "Nilo", "Congo", "Niger", "Giordano", "Eufrate",
    "Tigre", "Volga", "Don", "Dnepr", "Amazzonia", "Alpes", "Balcani", "Caucaso",
    "Pirenei", "Dolomiti", "Sahara", "Sinai", "Etna", "Vesuvio", "Stromboli",
    "Liberdade", "Congresso", "Senado", "Camera", "Senato", "Assemblea", "Kremlin",
    "Bundestag", "Bundesrat", "Cortes", "Congreso", "Consulta", "Farnesina",
    "Viminale", "Colonia", "Lima", "Nice", "Bath", "Mobile", "Reading", "Split",
    "Podemos", "Junts", "Bildu", "Ciudadanos", "Forza", "Azione", "Grünen", "Grüne",
    "Volt", "Ennahda", "Hamas", "Hezbollah", "Fatah", "Likud", "Corte", "Eni",
    "Enel", "Terna", "Snam", "Saipem", "Iberdrola", "Inditex", "Zara", "Galp",
    "Petrobras", "Vale", "Itaú", "Renault", "Airbus", "Bayer", "Siemens", "Allianz",
    "Continental", "Total", "Engie", "Tesla", "Uber", "Visa", "Oracle", "Intel",
    "Twitter", "Google", "Samsung", "Sony", "Toyota", "Honda", "Ferrari", "Juventus",
    "Inter", "Milan", "Roma", "Lazio", "Napoli", "Benfica", "Sporting", "Porto",
    "Real", "Barça", "Bayern", "Chelsea", "Arsenal", "Liverpool", "Santos",
    "Flamengo", "Corinthians", "Palmeiras", "Atalanta", "Fiorentina", "Torino",
    "Genoa", "Sevilla", "Valencia", "Villarreal", "Celtic", "Rangers", "Tottenham",
    "Everton", "Fenerbahçe", "Galatasaray", "Ajax", "Anderlecht", "Benfica",
    "Caixa", "Correios", "Globo", "Record", "Marca", "As", "Repubblica", "Stampa",
    "Messaggero", "Mattino", "Giornale", "Foglio", "Monde", "Figaro", "Libération",
    "Echos", "País", "Mundo", "Vanguardia", "Público", "Expresso", "Observador",
    "Spiegel", "Zeit", "Bild", "Welt", "Times", "Guardian", "Telegraph", "Mirror",
    "Sun", "Independent", "Economist", "Politico", "Axios", "Bloomberg", "Sky",
    "Mediaset", "Rai", "Vaticano", "Bolsa", "Borsa", "Bourse", "Börse", "Fed",
    "Bce", "Trump", "Bush", "Draghi", "Conte", "Monti", "Letta", "Renzi", "Costa",
    "Moro", "Sánchez", "Rajoy", "Rey", "Merz", "Lula", "Temer", "Rousseff", "May",
    "Johnson", "Truss", "Sunak", "Starmer", "Cameron", "Brown", "Blair", "Major",
    "Hunt", "Harris", "Pence", "Vance", "Biden", "Obama", "Pope", "Papa", "Francis",
    "Francesco", "Leone", "Leo", "Benedetto", "Chega", "Marina", "Giorgia", "Elly",
    "Nuevo", "Nouveau", "Nuovo", "Nova", "Nuova", "Neue",
}


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def iso_codes() -> set[str]:
    import pycountry

    return {c.alpha_2 for c in pycountry.countries} | {"XK"}


def read_rows(path: str, ncols: int, rep: Report):
    """Yield (line number, columns); check header and column count."""
    rel = os.path.relpath(path, ROOT)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    head = " ".join(header).lower()
    if not header:
        rep.err(rel, "no # header")
    elif not (("generated by" in head and "do not edit" in head) or "curated" in head):
        rep.err(rel, "header says neither 'generated by ..., DO NOT EDIT' nor 'curated'")
    if header and "licen" not in head:
        rep.err(rel, "header names no licence")
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            rep.err(f"{rel}:{n}", "blank line")
            continue
        cols = line.split("\t")
        if len(cols) != ncols:
            rep.err(f"{rel}:{n}", f"expected {ncols} columns, got {len(cols)}")
            continue
        if any(c != c.strip() for c in cols):
            rep.err(f"{rel}:{n}", "leading/trailing whitespace in a column")
        yield n, cols


def check_places(path, kinds, codes, common, rep, verbose):
    rel = os.path.relpath(path, ROOT)
    seen = set()
    places = set()
    names_by_country_lang = defaultdict(set)
    common_hits = Counter()
    rows = 0
    for n, (surface, canonical, kind, cc, pop) in read_rows(path, 5, rep):
        rows += 1
        where = f"{rel}:{n}"
        if not surface or not canonical:
            rep.err(where, "empty surface or canonical")
        if kind not in kinds:
            rep.err(where, f"kind {kind!r} not in {sorted(kinds)}")
        if cc and cc not in codes:
            rep.err(where, f"country {cc!r} is not ISO 3166-1 alpha-2")
        if not cc and kind not in FEATURE_KINDS:
            rep.err(where, "empty country")
        if not pop.isdigit():
            rep.err(where, f"population {pop!r} is not a number")
        key = (surface, canonical, kind, cc, pop)
        if key in seen:
            rep.err(where, "duplicate row")
        seen.add(key)
        places.add((canonical, kind, cc, pop))
        if " " not in surface and "-" not in surface and common.is_common(surface):
            common_hits[surface] += 1
            if kinds == FEATURE_KINDS and surface not in ALLOWED_COMMON:
                rep.err(where, f"{surface!r} is a common lowercase word ({','.join(common.langs_of(surface))})")
        if kind == "country":
            names_by_country_lang[cc].add(surface)
    return rows, places, common_hits, names_by_country_lang


def check_entities(path, codes, common, rep):
    rel = os.path.relpath(path, ROOT)
    seen = set()
    rows = aliases = 0
    by_type = Counter()
    common_hits = []
    for n, (canonical, typ, cc, alias_s) in read_rows(path, 4, rep):
        rows += 1
        where = f"{rel}:{n}"
        if not canonical:
            rep.err(where, "empty canonical")
        if typ not in ENTITY_TYPES:
            rep.err(where, f"type {typ!r} not in {sorted(ENTITY_TYPES)}")
        if cc and cc not in codes:
            rep.err(where, f"country {cc!r} is not ISO 3166-1 alpha-2")
        key = (canonical, typ, cc)
        if key in seen:
            rep.err(where, f"duplicate entity {canonical!r}")
        seen.add(key)
        by_type[typ] += 1
        al = alias_s.split("|") if alias_s else []
        if canonical not in al:
            rep.err(where, "aliases must include the canonical name")
        if len(al) != len(set(al)):
            dup = [a for a, k in Counter(al).items() if k > 1]
            rep.err(where, f"duplicate aliases {dup}")
        for a in al:
            aliases += 1
            if not a or a != a.strip():
                rep.err(where, f"empty or padded alias {a!r}")
            elif " " not in a and a.upper() != a and common.is_common(a) and a not in ALLOWED_COMMON:
                common_hits.append(f"{where}: {a!r} ({','.join(common.langs_of(a))})")
    for h in common_hits:
        rep.err(h.split(": ", 1)[0], h.split(": ", 1)[1] + " is a common lowercase word; add it to ALLOWED_COMMON if deliberate")
    return rows, aliases, by_type


def check_demonyms(path, codes, rep):
    rel = os.path.relpath(path, ROOT)
    seen = {}
    per_cc = Counter()
    rows = 0
    for n, (form, cc) in read_rows(path, 2, rep):
        rows += 1
        where = f"{rel}:{n}"
        if cc not in codes:
            rep.err(where, f"country {cc!r} is not ISO 3166-1 alpha-2")
        if form in seen and seen[form] == cc:
            rep.err(where, f"duplicate form {form!r}")
        seen[form] = cc
        per_cc[cc] += 1
    return rows, len(per_cc)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    rep = Report()
    codes = iso_codes()
    common = CommonWords()

    geo = os.path.join(RES, "shared", "geo")
    p_rows, p_places, p_common, names_cc = check_places(
        os.path.join(geo, "places.tsv"), PLACE_KINDS, codes, common, rep, args.verbose
    )
    kinds = Counter(k for (_c, k, _cc, _p) in p_places)
    size = os.path.getsize(os.path.join(geo, "places.tsv"))
    print(f"places.tsv: {p_rows} rows, {len(p_places)} distinct places {dict(sorted(kinds.items()))}, {size / 1e6:.2f} MB")

    # countries named in all six languages (CLDR): check that each locale's name is present
    from babel import Locale

    locs = [Locale.parse(lang) for lang in LANGS]
    full = 0
    missing = []
    for cc in sorted(names_cc):
        ok = True
        for loc in locs:
            nm = loc.territories.get(cc)
            if nm and not any(fold(nm) == fold(s) or fold(s) in fold(nm) for s in names_cc[cc]):
                ok = False
        full += ok
        if not ok:
            missing.append(cc)
    print(f"  countries: {len(names_cc)}, with a name in all six languages: {full}" + (f" (not: {missing})" if missing else ""))
    print(f"  surface forms that are also common lowercase words (caller decides by case): {len(p_common)}"
          + (f", e.g. {sorted(p_common)[:12]}" if p_common else ""))

    f_rows, f_places, _fc, _ = check_places(os.path.join(geo, "features.tsv"), FEATURE_KINDS, codes, common, rep, args.verbose)
    print(f"features.tsv: {f_rows} rows, {len(f_places)} distinct features/continents")

    for name in ("organizations.tsv", "people.tsv"):
        rows, aliases, by_type = check_entities(os.path.join(RES, "shared", name), codes, common, rep)
        print(f"{name}: {rows} entities {dict(by_type)}, {aliases} aliases")

    for lang in LANGS:
        path = os.path.join(RES, lang, "demonyms.txt")
        rows, ncc = check_demonyms(path, codes, rep)
        print(f"{lang}/demonyms.txt: {rows} forms, {ncc} countries")

    for e in rep.errors[:200]:
        print("ERROR", e)
    if rep.errors:
        print(f"{len(rep.errors)} errors")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
