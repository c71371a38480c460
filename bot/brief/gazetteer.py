"""What a capitalised word that names no actor may be: a country or region, a language, or a
demonym (an adjective or noun of origin: "Peruvian", "ecuatoriano", "limeño"), in Spanish and
English.

Country and region names and language names are the Unicode CLDR's (through Babel), in
both languages. A demonym is recognised by its form, from the place names known (the CLDR's
and those a document's metadata lists): a word made of a demonym suffix ("-ian", "-ese",
"-ano", "-eño", "-ense", "-í"…) after a stem that starts like a place name: with its first
``MIN_SHARED`` letters (all but the last of a shorter name) and all but at most its last
``MAX_DROPPED`` ("Peruv|ian" and Peru, "Colombi|an" and Colombia, "ecuator|iano" and
Ecua|dor, "lim|eño" and Lim|a). Irregular demonyms that are also language names ("Spanish",
"inglés") are caught as languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ingest.text import fold

LOCALES = ("es", "en")
SUFFIXES = tuple(
    sorted(
        set(
            "ians eans ans ian ean an ese ish i "  # English
            "ianos ianas iano iana anos anas ano ana enos enas eno ena enses ense inos inas "
            "ino ina eses esa esas es oles ol ola olas ies itas ita".split()  # Spanish, folded
        ),
        key=len,
        reverse=True,
    )
)
"""Demonym endings, accent-folded ("-eño" is "eno", "-és" is "es", "-í" is "i")."""
MIN_SHARED = 4
"""Letters a demonym's stem shares with the start of its place name at least."""
MAX_DROPPED = 3
"""Letters at the end of a place name its demonym may drop or change (Ecua|dor: ecuatoriano).
Both set by ``bench/demonyms.py`` on the dev documents' capitalised words
(docs/BENCHMARKS.md)."""
MIN_STEM = 3


@lru_cache(maxsize=1)
def cldr_places() -> frozenset[str]:
    """Accent-folded names of the CLDR's countries and regions, in Spanish and English."""
    from babel import Locale

    return frozenset(fold(name) for lang in LOCALES for name in Locale(lang).territories.values())


@lru_cache(maxsize=1)
def cldr_languages() -> frozenset[str]:
    """Accent-folded names of the CLDR's languages, in Spanish and English."""
    from babel import Locale

    return frozenset(fold(name) for lang in LOCALES for name in Locale(lang).languages.values())


def is_demonym(word: str, places: Iterable[str] = ()) -> bool:
    """Whether one word is a demonym or a language name ("Peruvian", "Ecuatorianos",
    "Spanish"), given place names besides the CLDR's; a place name itself is not."""
    folded = fold(word)
    listed = frozenset(fold(p) for p in places)
    if " " in folded or folded in listed or folded in cldr_places():
        return False
    if folded in cldr_languages():
        return True
    starts = _starts(MIN_SHARED, MAX_DROPPED) | _place_starts(listed, MIN_SHARED, MAX_DROPPED)
    lengths = {len(start) for start in starts}
    for suffix in SUFFIXES:
        stem = folded[: -len(suffix)]
        if (
            folded.endswith(suffix)
            and len(stem) >= MIN_STEM
            and any(stem[:n] in starts for n in lengths if n <= len(stem))
        ):
            return True
    return False


@lru_cache(maxsize=4)
def _starts(min_shared: int, max_dropped: int) -> frozenset[str]:
    """The starts of the CLDR's one-word place names a demonym's stem may begin with."""
    return _place_starts(cldr_places(), min_shared, max_dropped)


def _place_starts(places: frozenset[str], min_shared: int, max_dropped: int) -> frozenset[str]:
    """A place's first ``max(min(min_shared, len - 1), len - max_dropped)`` letters."""
    return frozenset(
        p[: max(min(min_shared, len(p) - 1), len(p) - max_dropped)] for p in places if " " not in p
    )
