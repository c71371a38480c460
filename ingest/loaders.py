"""Load one source (a file) into a :class:`SourceDoc`.

Each format has one loader; :func:`load_file` dispatches on the file extension. Loaders raise
:class:`SourceError` with a reason the user can act on; warnings (a broken front matter, say)
travel on the document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import SourceError
from ingest.text import content_hash, decode_bytes, detect_language, normalize_text, parse_date
from ingest.types import SOURCE_TYPES, SourceDoc

Loaded = tuple[str, dict[str, Any], tuple[tuple[int, int], ...], list[str]]
"""What a format loader returns: text, metadata found in the file, pages, warnings."""


def _split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---", 4)
    if end == -1:
        return {}, text, ["front matter is not closed by '---'; read as plain text"]
    raw, body = text[4:end], text[end + 4 :].lstrip("-").lstrip("\n")
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0]
        return {}, body, [f"broken YAML front matter ignored ({first})"]
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a mapping; ignored"]
    return meta, body, []


def load_markdown(path: Path) -> Loaded:
    """Markdown with optional YAML front matter."""
    text = normalize_text(decode_bytes(path.read_bytes()))
    meta, body, warnings = _split_front_matter(text)
    if "title" not in meta:
        for line in body.splitlines():
            if line.startswith("# "):
                meta["title"] = line[2:].strip()
                break
    return body.strip(), meta, (), warnings


def load_text(path: Path) -> Loaded:
    """Plain text in any common encoding."""
    return normalize_text(decode_bytes(path.read_bytes())), {}, (), []


LOADERS: dict[str, Callable[[Path], Loaded]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
}


def supported_suffixes() -> set[str]:
    """File extensions ingest can read."""
    return set(LOADERS)


def load_file(path: Path, doc_id: str, *, max_bytes: int) -> SourceDoc:
    """Read one file into a normalised :class:`SourceDoc`.

    Raises:
        SourceError: unknown type, too large, unreadable or without text.
    """
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise SourceError(f"unsupported file type '{path.suffix or path.name}'")
    size = path.stat().st_size
    if size == 0:
        raise SourceError("empty file")
    if size > max_bytes:
        raise SourceError(f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB cap")
    text, found, pages, warnings = loader(path)
    return make_doc(doc_id, text, found, pages, warnings, path=str(path))


def make_doc(
    doc_id: str,
    text: str,
    found: dict[str, Any],
    pages: tuple[tuple[int, int], ...] = (),
    warnings: list[str] | None = None,
    *,
    path: str | None = None,
) -> SourceDoc:
    """Normalise metadata (front matter wins over detection) and build the document."""
    if not text.strip():
        raise SourceError("no text found")
    warnings = list(warnings or [])
    title = str(found.get("title") or "").strip() or _title_from_id(doc_id)
    source_type = str(found.get("source_type") or "other").strip().lower()
    if source_type not in SOURCE_TYPES:
        warnings.append(f"unknown source_type '{source_type}', using 'other'")
        source_type = "other"
    language = str(found.get("language") or "").strip().lower()[:2]
    if language not in {"es", "en"}:
        language = detect_language(text)
    meta: dict[str, Any] = {
        "title": title,
        "source": _clean_str(found.get("source") or found.get("author")),
        "source_type": source_type,
        "published": parse_date(found.get("published") or found.get("date")),
        "url": _clean_str(found.get("url")),
        "language": language,
        "topics": _as_list(found.get("topics")),
        "places": _as_list(found.get("places")),
        "path": path,
    }
    meta["content_hash"] = content_hash(text, meta)
    return SourceDoc(doc_id, title, text, meta, pages, tuple(warnings))


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def _title_from_id(doc_id: str) -> str:
    name = doc_id.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or doc_id
