#!/usr/bin/env python3
"""Generates resources/<lang>/entities/common_words.txt for the six languages.

A common word is a word form that is not a name when it is written with a
capital letter at the start of a sentence (or, in German, anywhere): `Oltre`,
`Brindando`, `However`, `Stato`, `Abend`. The list is the wordfreq vocabulary of
the language (its most frequent forms, any case) filtered by the language's
Hunspell dictionary:

- it, en, fr, es, pt: the lowercase form is accepted by Hunspell (so `putin`,
  `parigi`, `mario` are out: the dictionaries only know them capitalised);
- de: the lowercase form is accepted, or the capitalised form is a noun:
  - a form Hunspell stems (`Züge` → `Zug`) is a noun when a stem carries the
    compound-end flag `m` of igerman98 (nouns: `Abend/EPSmij`; first names
    and surnames such as `Klaus`, `Merkel/S` have no such flag);
  - a form Hunspell accepts only as a compound (`Stadtverwaltung`,
    `Fernzüge`, `Spieltag`: no stem) is a noun when its longest last part
    that Hunspell stems is a noun by the rule above (`Verwaltung`, `Züge`,
    `Tag`), and the whole form is no place of the gazetteers nor a word of
    a listed person's or organisation's name (`Wagenknecht`), and does not
    end in `-mann` (surnames: `Hartmann`) nor in an organisation word
    (`Netzagentur`: `Bundesnetzagentur` is a body);
  - igerman98 lists place names with the same flag (`Berlin/Sm`, `Kiel/EPSmij`,
    `Zug/SETpmij`). A stem or form that is a gazetteer place (places,
    features; as written: `Länder` is not the city `Lander`) is a noun only when it declines like a common
    noun (a plural flag E, P, N, p, the genitive -es T, or a compound-linking
    flag i, j; place names take only -s), a region only with a plural
    (`Saarland/TSm`, `England/Smij` stay out), and never when it is a
    country, a feature, or a city of 100,000 people or more under its own
    name. A compound must be no such big place or region, compared folded
    (`Osterreich` is `Österreich`); a compound that is a small town too
    (`Neubau`, a district of Vienna) stays common: the engine takes a
    common word for a small town only after a locative preposition, as it
    does for any small town where nouns are capitalised. The engine decides the rest from context: where nouns are
    capitalised a common word is a town only after a locative preposition
    (`in Zug`), while a city of 100,000 or more is never hidden by the list
    (`Kiel`, `Essen` stay names). Singular-only nouns that are also places
    (`Mitte`, `Norden`, `Pech`) stay out: the dictionary cannot tell them
    from a town's name.

Usage (Debian):
    apt-get install hunspell hunspell-it hunspell-en-us hunspell-fr-classical \
        hunspell-es hunspell-de-de hunspell-pt-pt hunspell-pt-br
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install wordfreq==3.1.1
    /tmp/venv/bin/python scripts/entities/common_words.py
"""

import os
import subprocess
import sys
import unicodedata

from wordfreq import top_n_list

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "gazetteers"))
from textnorm import fold  # noqa: E402  (the lookup key the Rust code computes)

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DICTS = {
    "it": ["it_IT"],
    "en": ["en_US"],
    "fr": ["fr"],
    "es": ["es_ES"],
    "de": ["de_DE"],
    "pt": ["pt_PT", "pt_BR"],
}
TOP = 200_000
HUNSPELL_DIR = "/usr/share/hunspell"
WORDFREQ_VERSION = "3.1.1"


def accepted(dic: str, words: list[str]) -> set[str]:
    """Words Hunspell accepts as written (case-sensitive)."""
    inp = "\n".join(words) + "\n"
    out = subprocess.run(
        ["hunspell", "-d", dic, "-l"], input=inp, capture_output=True, text=True, check=True
    ).stdout
    rejected = set(out.split("\n"))
    return {w for w in words if w not in rejected}


def stems(dic: str, words: list[str]) -> dict[str, set[str]]:
    inp = "\n".join(words) + "\n"
    out = subprocess.run(
        ["hunspell", "-d", dic, "-s"], input=inp, capture_output=True, text=True, check=True
    ).stdout
    res: dict[str, set[str]] = {}
    for line in out.split("\n"):
        parts = line.split(" ")
        if len(parts) == 2:
            res.setdefault(parts[0], set()).add(parts[1])
    return res


def dic_flags(dic: str) -> dict[str, str]:
    flags = {}
    with open(os.path.join(HUNSPELL_DIR, dic + ".dic"), encoding="utf-8", errors="replace") as f:
        next(f)
        for line in f:
            word, _, fl = line.split("\t", 1)[0].strip().partition("/")
            if word:
                flags[word] = flags.get(word, "") + fl
    return flags


BIG_CITY = 100_000  # the engine's SMALL_TOWN: a city this big is never hidden
PLURAL_FLAGS = set("EPNp")  # igerman98: plurals -e, -en, -n, umlaut
NOUN_FLAGS = PLURAL_FLAGS | set("Tij")  # and the genitive -es, compound-linking forms
GEO = os.path.join(ROOT, "resources", "shared", "geo")


def place_names() -> dict[str, str]:
    """Gazetteer place surfaces as written (places, features) and how each hides a
    noun of the same spelling: "big" for a country, continent, feature, or a
    city of BIG_CITY people or more under its own name (`Kiel`; not `Kanton`,
    an old name of Guangzhou); "region" for a region; else "small"."""
    rank = {"small": 0, "region": 1, "big": 2}
    out: dict[str, str] = {}
    for name in ("places.tsv", "features.tsv"):
        with open(os.path.join(GEO, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                c = line.rstrip("\n").split("\t")
                key = c[0]
                own = key == c[1]
                if c[2] in ("country", "continent", "feature") or (
                    c[2] == "city" and own and int(c[4] or 0) >= BIG_CITY
                ):
                    how = "big"
                elif c[2] == "region":
                    how = "region"
                else:
                    how = "small"
                if rank[how] > rank[out.get(key, "small")] or key not in out:
                    out[key] = how
    return out


def name_words() -> set[str]:
    """Folded words of the listed people's and organisations' names (`wagenknecht`)."""
    out = set()
    for name in ("people.tsv", "organizations.tsv"):
        with open(os.path.join(ROOT, "resources", "shared", name), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    c = line.rstrip("\n").split("\t")
                    for alias in [c[0]] + c[3].split("|") if len(c) > 3 else [c[0]]:
                        out.update(fold(w) for w in alias.split())
    return out


def org_words() -> set[str]:
    """Folded German and international organisation words (`agentur`): a
    compound ending in one may be a body's name (`Bundesnetzagentur`), as the
    engine's own compound rule assumes."""
    out = set()
    for path in (("de", "entities", "org_words.txt"), ("shared", "entities", "org_words.txt")):
        with open(os.path.join(ROOT, "resources", *path), encoding="utf-8") as f:
            out.update(fold(w.strip()) for w in f if len(w.strip()) >= 4 and not w.startswith("#"))
    return out


def german_noun(form: str, ss: set[str], flags: dict[str, str], places: dict[str, str]) -> bool:
    """Whether a capitalised German form with Hunspell stems `ss` is a common noun."""

    def noun_stem(s: str) -> bool:
        fl = flags.get(s, "")
        if not s[:1].isupper() or "m" not in fl:
            return False
        hows = {places[k] for k in (s, form) if k in places}
        if "big" in hows:
            return False
        if "region" in hows:  # `Zug/SETpmij`, not `Saarland/TSm`, `England/Smij`
            return bool(PLURAL_FLAGS & set(fl))
        return not hows or bool(NOUN_FLAGS & set(fl))

    return any(noun_stem(s) for s in ss)


def german_compounds(
    dic: str, forms: list[str], flags: dict[str, str], places: dict[str, str], names: set[str]
) -> set[str]:
    """The capitalised compounds among `forms` (accepted, no stem) that end in a
    noun and are no listed place or name. `-mann` is left out: it makes
    surnames (`Hartmann`, `Neumann`) as often as nouns; so is a compound
    whose last part ends in an organisation word (`Netzagentur`)."""
    orgs = org_words()
    tails = {f: [f[i : i + 1].upper() + f[i + 1 :] for i in range(2, len(f) - 2)] for f in forms}
    st = stems(dic, sorted({t for ts in tails.values() for t in ts}))
    out = set()
    for f, ts in tails.items():
        if fold(f) in names or f.endswith("mann"):
            continue
        last = next((t for t in ts if t in st), None)
        org_tail = last is not None and any(fold(last).endswith(o) for o in orgs)
        if last is not None and not org_tail and german_noun(last, st[last], flags, places):
            out.add(f)
    return out


def is_wordlike(w: str) -> bool:
    return w.isalpha() and len(w) > 1 or w in ("a", "e", "o", "y", "à", "é", "i", "u")


def sharp_s_spellings(w: str) -> list[str]:
    """`w` with its `ss` written `ß` in every combination (two at most).

    wordfreq casefolds its vocabulary, so German `groß` comes as `gross`,
    which Hunspell's reformed spelling rejects. The list is stored folded
    (`ß` folds to `ss`), so the accepted `ß` spelling adds `gross` back.
    """
    at = [i for i in range(len(w) - 1) if w[i : i + 2] == "ss"][:2]
    out = []
    for mask in range(1, 1 << len(at)):
        v = w
        for k in reversed(range(len(at))):
            if mask >> k & 1:
                v = v[: at[k]] + "ß" + v[at[k] + 2 :]
        out.append(v)
    return out


def main() -> None:
    places = place_names()
    names = name_words() | {fold(p) for p, how in places.items() if how != "small"}
    for lang, dicts in DICTS.items():
        words = [unicodedata.normalize("NFC", w) for w in top_n_list(lang, TOP)]
        words = sorted({w for w in words if is_wordlike(w) and w == w.lower()})
        if lang == "de":
            words = sorted(set(words) | {v for w in words if "ss" in w for v in sharp_s_spellings(w)})
        common: set[str] = set()
        for dic in dicts:
            common |= accepted(dic, words)
            if lang == "de":
                flags = dic_flags(dic)
                caps = [w[:1].upper() + w[1:] for w in words if w not in common]
                stemmed = stems(dic, caps)
                for form, ss in stemmed.items():
                    if german_noun(form, ss, flags, places):
                        common.add(form.lower())
                unstemmed = [f for f in accepted(dic, caps) if f not in stemmed]
                common |= {f.lower() for f in german_compounds(dic, unstemmed, flags, places, names)}
        path = os.path.join(ROOT, "resources", lang, "entities", "common_words.txt")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(
                "# generated by scripts/entities/common_words.py, DO NOT EDIT\n"
                f"# common lowercase word forms of '{lang}', folded (accents removed): wordfreq {WORDFREQ_VERSION} top {TOP}"
                f" x Hunspell {'+'.join(dicts)}\n"
                "# licences and attribution: resources/shared/entities/LICENSE-WORDLISTS\n"
            )
            for w in sorted({fold(w) for w in common}):
                f.write(w + "\n")
        print(f"{path}: {len(common)} forms", file=sys.stderr)


if __name__ == "__main__":
    main()
