"""Text hygiene for loaders: decoding bytes, normalising text, hashing content."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from charset_normalizer import from_bytes

from ingest.errors import SourceError


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
