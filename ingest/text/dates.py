"""Dates: ISO and common Spanish/English forms to ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

_SPANISH_MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_ENGLISH_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS = {**_SPANISH_MONTHS, **_ENGLISH_MONTHS, **{k[:3]: v for k, v in _ENGLISH_MONTHS.items()}}


def parse_date(value: Any) -> str | None:
    """Parse ISO and common Spanish/English date forms to ``YYYY-MM-DD``; None if unsure."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip().lower()
    if not text or text in {"null", "none", "unknown"}:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if m:  # day/month/year, the form used in Peru and Ecuador
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    m = re.search(r"(\d{1,2})\s+(?:de\s+)?([a-zé]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})", text)
    if m and m[2] in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2]], int(m[1]))
    m = re.search(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
    if m and m[1] in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[1]], int(m[2]))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- dates stated in running text -------------------------------------------------------

_ES = "|".join(_SPANISH_MONTHS)
_EN = "|".join(name.capitalize() for name in _ENGLISH_MONTHS)
_YEAR = r"(1[89]\d\d|20\d\d)(?![\d.,]\d)"
_ORDINAL = r"(?:º|°|\.º|st|nd|rd|th)?"
_TEXT_FORMS = [  # (pattern, groups: day, month, year); the first that matches a span wins
    (rf"\b(\d{{1,2}}){_ORDINAL}\s+de\s+((?i:{_ES}))(?:\s+(?:de|del)\s+{_YEAR})?", "dmy"),
    (rf"\b(\d{{1,2}}){_ORDINAL}\s+({_EN})(?:,?\s+{_YEAR})?", "dmy"),
    (rf"\b({_EN})\s+(\d{{1,2}}){_ORDINAL}\b(?!\s*\d)(?:,?\s+{_YEAR})?", "mdy"),
    (rf"\b((?i:{_ES})|{_EN})\s+(?:(?:de|del|of)\s+)?{_YEAR}", "my"),
    (
        rf"\b(?:(?i:en|durante|desde|hasta|a (?:fines|finales|principios|mediados) de)|"
        rf"(?i:in|during|since|until|by|early|late|mid-?))\s+(?:el mes de\s+)?((?i:{_ES})|{_EN})\b"
        r"(?!\s+(?:de\s+|del\s+|of\s+)?\d)",
        "m",
    ),
    (
        rf"(?<![\d.,$€/])(?<!\b\d-)(?<!\b\d\d-)(?<!\b\d\d\d-)(?<!década de )(?<!decade of )"
        rf"{_YEAR}\b(?!-[A-Za-z])",
        "y",
    ),
]
_COMPILED = [(re.compile(p), groups) for p, groups in _TEXT_FORMS]
_CONTEXT_FORMS = [  # a date given by the sentences before: which part it repeats
    (
        r"\b(?i:(?:ese|aquel) (?:mismo )?día|el mismo día)\b|\b(?:that|the same|that same) day\b",
        "day",
    ),
    (
        r"\b(?i:(?:ese|aquel) (?:mismo )?mes|el mismo mes)\b|\b(?:that|the same|that same) month\b",
        "month",
    ),
    (
        r"\b(?i:(?:ese|aquel) (?:mismo )?año|el mismo año)\b|\b(?:that|the same|that same) year\b",
        "year",
    ),
]
_CONTEXT = [(re.compile(p, re.IGNORECASE), part) for p, part in _CONTEXT_FORMS]


@dataclass(frozen=True)
class DateMention:
    """Words of a text that state a date, and what they state.

    ``year``, ``month`` and ``day`` are the parts the words give; ``refers`` is set for a
    date given by context ("ese mismo mes", "that year": the part it repeats), and a mention
    without its year ("el 8 de enero") takes the year from context (:func:`resolve_date`).
    """

    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    refers: str | None = None

    @property
    def date(self) -> str | None:
        """The stated date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); None when it needs context."""
        if self.year is None:
            return None
        return _at_precision(self.year, self.month, self.day)


def month_number(word: str) -> int | None:
    """The month a word names in full (Spanish or English), else None."""
    return _SPANISH_MONTHS.get(word.lower()) or _ENGLISH_MONTHS.get(word.lower())


def find_dates(text: str, languages: tuple[str, ...] = ("es", "en")) -> list[DateMention]:
    """The dates a text states, in order, without overlaps: explicit dates at the precision
    the words give ("9 de enero de 2024" → day, "in February 2024" → month, "a fines de
    2023" → year), dates missing their year ("el 8 de enero"), and references to a date
    given before ("ese mismo mes", "that year"). Forms the rules here do not cover are found
    by ``dateparser.search.search_dates`` (numeric and abbreviated dates)."""
    found: list[DateMention] = []
    for pattern, groups in _COMPILED:
        for m in pattern.finditer(text):
            mention = _mention(m, groups)
            if mention is not None:
                found.append(mention)
    for pattern, part in _CONTEXT:
        found.extend(
            DateMention(m[0], m.start(), m.end(), refers=part) for m in pattern.finditer(text)
        )
    found.extend(_library_dates(text, languages))
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def resolve_date(mention: DateMention, context: str | None) -> str | None:
    """The date a mention states, completed from ``context`` (the date stated before it in
    the same passage) when it needs it; None when it needs context that is not there."""
    if mention.date is not None:
        return mention.date
    if not context:
        return None
    parts = context.split("-")
    if mention.refers:
        wanted = {"year": 1, "month": 2, "day": 3}[mention.refers]
        return "-".join(parts[:wanted]) if len(parts) >= wanted else None
    return _at_precision(int(parts[0]), mention.month, mention.day)


def _mention(m: re.Match[str], groups: str) -> DateMention | None:
    values = dict(zip(groups, m.groups(), strict=True))
    month = values.get("m")
    mention = DateMention(
        m[0],
        m.start(),
        m.end(),
        year=int(values["y"]) if values.get("y") else None,
        month=_MONTHS.get(month.lower()) if month else None,
        day=int(values["d"]) if values.get("d") else None,
    )
    if mention.year is None and mention.month is None:
        return None
    if mention.day is not None and _iso(2000, mention.month or 1, mention.day) is None:
        return None
    return mention


_LIBRARY_FORMS = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")
"""Numeric dates: the forms left to ``dateparser`` (it costs ~30 ms a passage, so it only
reads a text that has one)."""


def _library_dates(text: str, languages: tuple[str, ...]) -> list[DateMention]:
    """Dates ``dateparser`` finds (only spans with a year: it invents the missing parts)."""
    if not _LIBRARY_FORMS.search(text):
        return []
    try:
        from dateparser.search import search_dates
    except ImportError as err:  # pragma: no cover - a dependency of the package
        raise ImportError("dates in running text need dateparser: pip install dateparser") from err
    hits = search_dates(text, languages=list(languages), settings={"REQUIRE_PARTS": ["year"]}) or []
    out: list[DateMention] = []
    at = 0
    for words, _ in hits:
        start = text.find(words, at)
        if start < 0:
            continue
        at = start + len(words)
        year = re.search(_YEAR, words)
        full = parse_date(words) or (parse_date(words[: year.end()]) if year else None)
        if full is not None:
            y, mo, d = (int(p) for p in full.split("-"))
            out.append(DateMention(words, start, at, y, mo, d))
    return out


def _at_precision(year: int, month: int | None, day: int | None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return _iso(year, month, day)
