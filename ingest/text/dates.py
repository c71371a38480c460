"""Dates: ISO and common Spanish/English forms to ``YYYY-MM-DD``."""

from __future__ import annotations

import re
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
