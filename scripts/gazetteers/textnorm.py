"""Text helpers shared by the gazetteer generator and its validator.

`fold` is the lookup key the Rust loader computes too (src/enrich/gazetteer):
NFKD, combining marks removed, a few letters without a decomposition mapped
by hand (ł, ø, đ, ß, æ, œ, ı), lowercase, typographic apostrophes to ', hyphens
and runs of whitespace to one space; an apostrophe after a vowel and before a non-letter
(Italian "CITTA'" for "CITTÀ") is dropped.

`CommonWords` tells whether a string is a common lowercase word of one of the
six languages: a lowercase stem of that language's Hunspell dictionary (Debian
hunspell-* packages) that the same dictionary does not also list capitalised as
a proper noun ("nice", "bath", "mobile"; not "milan", "paris", "shanghai"), and
frequent enough in wordfreq (Zipf >= 3).
"""

from __future__ import annotations

import os
import re
import unicodedata

LANGS = ("it", "en", "fr", "es", "de", "pt")

_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    }
)

_SPACES = re.compile(r"[\s\-]+")
# An apostrophe after a vowel and before a non-letter stands for an accent ("CITTA'").
_ACCENT_APOSTROPHE = re.compile(r"(?<=[aeiou])'(?![^\W_])")


def fold(s: str) -> str:
    """Case- and accent-insensitive lookup key (mirrors the Rust loader)."""
    s = s.translate(_SPECIAL)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_SPECIAL).lower()
    s = _SPACES.sub(" ", s).strip()
    return _ACCENT_APOSTROPHE.sub("", s)


# Letters of the six languages' alphabets (plus common loan letters).
SIX_LETTERS = set(
    "abcdefghijklmnopqrstuvwxyz"
    "àáâãäçèéêëìíîïñòóôõöùúûüÿœæß"
)
NAME_PUNCT = set(" -'.")


def six_language_spelling(s: str) -> bool:
    """True when every character is a letter of the six languages or name punctuation."""
    return all(ch.lower() in SIX_LETTERS or ch in NAME_PUNCT for ch in s)


HUNSPELL_DIR = "/usr/share/hunspell"
HUNSPELL_FILES = {
    "it": ["it_IT.dic"],
    "en": ["en_US.dic"],
    "fr": ["fr.dic"],
    "es": ["es_ES.dic"],
    "de": ["de_DE.dic"],
    "pt": ["pt_PT.dic", "pt_BR.dic"],
}
ZIPF_COMMON = 3.0
ZIPF_LOOSE = 3.5


class CommonWords:
    """Common lowercase words of the six languages (Hunspell stems x wordfreq)."""

    def __init__(self) -> None:
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency
        self.lower: dict[str, set[str]] = {}
        self.lower_any: dict[str, set[str]] = {}  # also stems listed capitalised too
        for lang, files in HUNSPELL_FILES.items():
            words: set[str] = set()
            proper: set[str] = set()
            for name in files:
                path = os.path.join(HUNSPELL_DIR, name)
                if not os.path.exists(path):
                    raise SystemExit(
                        f"{path} missing: apt-get install the hunspell packages listed in requirements.txt"
                    )
                with open(path, encoding="utf-8", errors="replace") as f:
                    next(f)  # entry count
                    for line in f:
                        entry = line.split("\t", 1)[0].strip()
                        word, _, flags = entry.partition("/")
                        if not word:
                            continue
                        if not word[0].islower():
                            proper.add(word.lower())
                            continue
                        # de_DE: flag `m` (a prefix rule) makes the capitalised noun/name form;
                        # such stems (paris/ozm, köln/Sozm) are not lowercase words.
                        if lang == "de" and "m" in flags:
                            proper.add(word)
                            continue
                        words.add(word)
            self.lower[lang] = words - proper
            self.lower_any[lang] = words

    def langs_of(self, word: str, loose: bool = False) -> list[str]:
        """Languages in which `word` (any case) is a common lowercase word.

        Strict (default): the dictionary does not also list it capitalised, so
        "milan" (a kite, but also Milan) is not common. Loose: any lowercase
        stem frequent enough (Zipf >= ZIPF_LOOSE), so "nice" and "reading" are
        common although the dictionary also lists Nice and Reading.
        """
        w = word.lower()
        out = []
        for lang in LANGS:
            words = self.lower_any[lang] if loose else self.lower[lang]
            floor = ZIPF_LOOSE if loose else ZIPF_COMMON
            if w in words and self._zipf(w, lang) >= floor:
                out.append(lang)
        return out

    def is_common(self, word: str) -> bool:
        return bool(self.langs_of(word))
