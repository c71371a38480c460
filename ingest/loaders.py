"""Load one source (a file, or bytes downloaded from a URL) into a :class:`SourceDoc`.

Each format has one parser working on bytes; :func:`load_file` dispatches on the file
extension, :mod:`ingest.web` on the media type, and both go through :func:`load_bytes`.
Parsers raise :class:`SourceError` with a reason the user can act on (any other exception
from a third-party parser is wrapped into one, so a batch never stops on a bad file);
warnings (a broken front matter, say) travel on the document.

Title precedence: front matter, then the page title (HTML) or document properties (DOCX,
PDF), then the first heading, then the file name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import SourceError
from ingest.formats import parse_docx, parse_html, parse_pdf
from ingest.text import content_hash, decode_bytes, detect_language, normalize_text, parse_date
from ingest.types import SOURCE_TYPES, Loaded, SourceDoc

Parser = Callable[[bytes], Loaded]
"""A format parser: raw bytes -> what the source holds (:class:`ingest.types.Loaded`)."""

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (about 9x faster), else the pure one."""


def _split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---", 4)
    if end == -1:
        return {}, text, ["front matter is not closed by '---'; read as plain text"]
    raw, body = text[4:end], text[end + 4 :].lstrip("-").lstrip("\n")
    try:
        meta = yaml.load(raw, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0]
        return {}, body, [f"broken YAML front matter ignored ({first})"]
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a mapping; ignored"]
    return meta, body, []


def parse_markdown(data: bytes) -> Loaded:
    """Markdown with optional YAML front matter."""
    text = normalize_text(decode_bytes(data))
    meta, body, warnings = _split_front_matter(text)
    if not meta.get("title"):
        for line in body.splitlines():
            if line.startswith("# "):
                meta["title"] = line[2:].strip()
                break
    return Loaded(body.strip(), meta, warnings=tuple(warnings))


def parse_text(data: bytes) -> Loaded:
    """Plain text in any common encoding."""
    return Loaded(normalize_text(decode_bytes(data)), {})


LOADERS: dict[str, Parser] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
}
"""Parser by file extension (lower case)."""

MEDIA_TYPES: dict[str, Parser] = {
    "text/html": parse_html,
    "application/xhtml+xml": parse_html,
    "application/pdf": parse_pdf,
    "application/x-pdf": parse_pdf,
    "text/plain": parse_text,
    "text/markdown": parse_markdown,
    "text/x-markdown": parse_markdown,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": parse_docx,
}
"""Parser by media type (the ``Content-Type`` of a download, without parameters)."""


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
        raise SourceError(f"file is {format_size(size)}, above the {format_size(max_bytes)} cap")
    return load_bytes(path.read_bytes(), loader, doc_id, path=str(path))


def format_size(n_bytes: float) -> str:
    """A byte count for people: ``"3.2 MB"``, or ``"12 kB"`` below 0.1 MB."""
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 100_000 else f"{n_bytes / 1e3:.0f} kB"


def load_bytes(
    data: bytes,
    parser: Parser,
    doc_id: str,
    *,
    path: str | None = None,
    url: str | None = None,
) -> SourceDoc:
    """Parse the bytes of a file or download into a normalised :class:`SourceDoc`.

    Args:
        data: the raw content.
        parser: the format's parser (from :data:`LOADERS` or :data:`MEDIA_TYPES`).
        doc_id: the document's stable id (relative path or URL).
        path: the file it came from, if any.
        url: the final URL it was downloaded from, if any; it becomes the ``url`` metadata
            unless a Markdown front matter names one (front matter wins).

    Raises:
        SourceError: the content cannot be parsed or has no text.
    """
    if not data:
        raise SourceError("empty file")
    try:
        loaded = parser(data)
    except SourceError:
        raise
    except Exception as err:
        raise SourceError(f"cannot parse: {type(err).__name__}: {err}") from err
    found = loaded.meta
    if url is not None and not (parser is parse_markdown and found.get("url")):
        found = {**found, "url": url}
    return make_doc(doc_id, loaded.text, found, loaded.pages, loaded.warnings, path=path)


def make_doc(
    doc_id: str,
    text: str,
    found: dict[str, Any],
    pages: tuple[tuple[int, int], ...] = (),
    warnings: Sequence[str] = (),
    *,
    path: str | None = None,
) -> SourceDoc:
    """Normalise metadata (front matter wins over detection) and build the document."""
    if not text.strip():
        raise SourceError("no text found")
    warnings = list(warnings)
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
