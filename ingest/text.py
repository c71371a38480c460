"""Text hygiene shared by loaders: decoding, normalisation, language and date detection."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from ingest.errors import SourceError

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


def decode_bytes(data: bytes) -> str:
    """Decode text of unknown encoding: UTF-8 (with or without BOM), else the best guess.

    Raises:
        SourceError: the bytes are not text in any encoding we recognise.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise SourceError("binary content, not text")
    best = from_bytes(data[: 1 << 20]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in {"ascii", "latin_1", "iso8859_1", "iso8859_15"}:
        encoding = "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no BOM or control characters, trimmed trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_pdf_text(text: str) -> str:
    """Join words hyphenated across line ends and unwrap hard line breaks inside paragraphs."""
    text = re.sub(r"(\w)-\n([a-záéíóúüñ])", r"\1\2", text)
    text = re.sub(r"(\w)-\n(?=\w)", r"\1-", text)
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def content_hash(text: str, meta: dict[str, Any] | None = None) -> str:
    """A stable hash of a document's text and the metadata that reaches the index."""
    h = hashlib.sha256(text.encode("utf-8"))
    if meta:
        h.update(repr(sorted((k, repr(v)) for k, v in meta.items())).encode("utf-8"))
    return h.hexdigest()[:32]


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    ident.set_languages(["es", "en"])
    return ident


_ES_MARKERS = re.compile(r"[¿¡ñáéíóú]|\b(qué|cuál|cuándo|dónde|cómo|por qué|quién)\b", re.I)


def detect_language(text: str) -> str:
    """Return ``"es"`` or ``"en"`` for a text (questions included)."""
    sample = text[:4000]
    if not sample.strip():
        return "en"
    lang, prob = _identifier().classify(sample)
    if prob < 0.8 and _ES_MARKERS.search(sample):
        return "es"
    return str(lang)


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
