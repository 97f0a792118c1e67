#!/usr/bin/env python3
"""Generates resources/<lang>/entities/common_words.txt for the six languages.

A common word is a word form that is not a name when it is written with a
capital letter at the start of a sentence (or, in German, anywhere): `Oltre`,
`Brindando`, `However`, `Stato`, `Abend`. The list is the wordfreq vocabulary of
the language (its most frequent forms, any case) filtered by the language's
Hunspell dictionary:

- it, en, fr, es, pt: the lowercase form is accepted by Hunspell (so `putin`,
  `parigi`, `mario` are out: the dictionaries only know them capitalised);
- de: the lowercase form is accepted, or the capitalised form is, with a stem
  that carries the noun flag `m` of igerman98 (nouns: `Abend/EPSmij`; first names
  and surnames such as `Klaus`, `Merkel/S` have no such flag); place names the
  gazetteer knows (`Berlin/Sm`) are left out.

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


def place_names() -> set[str]:
    path = os.path.join(ROOT, "resources", "shared", "geo", "places.tsv")
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                out.add(line.split("\t", 1)[0])
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
                for form, ss in stems(dic, caps).items():
                    if form in places:
                        continue
                    if any(s[:1].isupper() and "m" in flags.get(s, "") and s not in places for s in ss):
                        common.add(form.lower())
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
