"""Text hygiene for loaders: decoding bytes, normalising text, page furniture, hashing content."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from typing import Any

from charset_normalizer import from_bytes

from ingest.errors import SourceError

FURNITURE_EDGE_LINES = 3
"""Non-empty lines looked at each end of a page for running headers and footers (a title, a
section name and a page number at most). A structural choice, not tuned by a ``bench/`` run."""

FURNITURE_MIN_SHARE = 0.5
"""A line at the edge of at least this share of the pages with text is furniture..."""

FURNITURE_MIN_PAGES = 3
"""...and of at least this many of them (of both, in a two-page document)."""

_DIGITS = re.compile(r"\d+")
_BARE_NUMBER = re.compile(r"\W*(\d{1,4})\W*")


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


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Remove running headers, footers and page numbers from the pages of a document.

    Only the first and last :data:`FURNITURE_EDGE_LINES` non-empty lines of each page are
    candidates. One is furniture when, compared with digits and whitespace normalised (so
    "Page 3 of 7" matches "Page 4 of 7"), it sits at an edge of at least
    :data:`FURNITURE_MIN_SHARE` of the pages with text and of at least
    :data:`FURNITURE_MIN_PAGES` of them (both pages of a two-page document), or when it is
    nothing but the page's own number. Furniture is removed wherever it sits at an edge; the
    same line in the middle of a page is text and stays.

    Args:
        pages: the text of each page in document order, the first being page 1, with one
            ``"\\n"`` per line (before line breaks are unwrapped).

    Returns:
        One text per page, in the same order; a page that held nothing but furniture is ``""``.
    """
    split = [page.split("\n") for page in pages]
    edges = [_edge_lines(lines) for lines in split]
    repeated = _repeated_keys(split, edges)
    stripped: list[str] = []
    for number, (page, lines, found) in enumerate(zip(pages, split, edges, strict=True), start=1):
        drop = {i for i in found if _key(lines[i]) in repeated or _is_page_number(lines[i], number)}
        kept = [line for i, line in enumerate(lines) if i not in drop]
        stripped.append("\n".join(kept).strip() if drop else page)
    return stripped


def _repeated_keys(split: list[list[str]], edges: list[set[int]]) -> set[str]:
    """Normalised edge lines found at an edge of enough pages to be furniture."""
    with_text = sum(1 for found in edges if found)
    if with_text < 2:
        return set()
    needed = min(with_text, max(FURNITURE_MIN_PAGES, math.ceil(FURNITURE_MIN_SHARE * with_text)))
    seen = Counter(
        key
        for lines, found in zip(split, edges, strict=True)
        for key in {_key(lines[i]) for i in found}
    )
    return {key for key, n in seen.items() if n >= needed}


def _edge_lines(lines: list[str]) -> set[int]:
    """Indexes of the first and last few non-empty lines (all of them on a short page)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:FURNITURE_EDGE_LINES] + filled[-FURNITURE_EDGE_LINES:])


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("0", line).split())


def _is_page_number(line: str, number: int) -> bool:
    bare = _BARE_NUMBER.fullmatch(line.strip())
    return bare is not None and int(bare[1]) == number


def text_fingerprint(text: str) -> str:
    """A hash of a text alone, white space aside: the same document under another name or
    with other metadata has the same fingerprint."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


def content_hash(text: str, meta: dict[str, Any] | None = None) -> str:
    """A stable hash of a document's text and the metadata that reaches the index."""
    h = hashlib.sha256(text.encode("utf-8"))
    if meta:
        h.update(repr(sorted((k, repr(v)) for k, v in meta.items())).encode("utf-8"))
    return h.hexdigest()[:32]
