"""Word tokens and anchors, the same in Spanish and English.

:func:`tokenize` feeds BM25 and every word-overlap measure: lower-cased, accent-folded words
(so "extorsion" finds "extorsión") without Spanish and English stop words. :func:`anchors`
are the tokens that read the same in both languages: numbers and acronyms.
"""

from __future__ import annotations

import re
import unicodedata

_STOP = frozenset(
    """
    a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde
    donde dos el ella ellas ellos en entre era es esa ese eso esta estas este esto estos fue
    fueron ha han hasta hay la las le les lo los mas me mi mientras muy no nos o otra otro
    para pero poco por porque que quien se ser si sin sobre son su sus tambien tiene tu un
    una uno unos y ya yo about after all also an and any are as at be been being but by can
    could did do does for from had has have he her his how i if in into is it its more most
    my not of on or other our out over she so some such than that the their them then there
    these they this those to up us was we were what when where which while who why will with
    would you your
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+")

TOKENIZER_VERSION = "2"
"""Bump whenever :func:`tokenize` changes: tokens stored by an older version are recomputed."""


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case and strip accents (the combining marks left by NFKD decomposition)."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def tokenize(text: str) -> list[str]:
    """Folded word tokens without stop words or one-letter words.

    A final plural "s" is dropped from words longer than four letters (ports/port,
    puertos/puerto): a light normalisation that works the same in Spanish and English.
    """
    out = []
    for token in _WORD.findall(fold(text)):
        if len(token) < 2 or token in _STOP:
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        out.append(token)
    return out


_NUMBER_ANCHOR = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b|\b\d{3,}\b")
_ACRONYM_ANCHOR = re.compile(r"\b[A-Z]{3,}\b")


def anchors(text: str) -> set[str]:
    """Language-neutral tokens of a text: numbers of three or more digits (years included,
    thousands separators ignored) and acronyms, whose letters are sorted so that a Spanish
    acronym matches its reordered English one (OTAN/NATO, ONUDD/UNODC)."""
    numbers = {re.sub(r"[.,]", "", m) for m in _NUMBER_ANCHOR.findall(text)}
    acronyms = {"".join(sorted(m)) for m in _ACRONYM_ANCHOR.findall(text)}
    return numbers | acronyms


def anchor_share(query_anchors: set[str], text: str) -> float:
    """Share of the query's anchors found in a text (0 when the query has none)."""
    if not query_anchors:
        return 0.0
    return len(query_anchors & anchors(text)) / len(query_anchors)


_NAMED_ANCHOR = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b|\b\d{3,}\b|\b[A-Z]{3,}\b")


def anchor_names(text: str) -> dict[str, str]:
    """The anchors of a text (see :func:`anchors`), each with the form the text writes it in."""
    return {key: m for m in _NAMED_ANCHOR.findall(text) for key in anchors(m)}
