"""The types that cross ingest's seams: parsed sources, documents, chunks, the ingest report
and the rows of the manifest (the library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCE_TYPES = ("news", "official", "report", "analysis", "opinion", "other")


@dataclass(frozen=True)
class Loaded:
    """What a format parser found in the raw bytes of a file or a download.

    ``meta`` holds the metadata the source itself gives (front matter, page title, document
    properties), not yet normalised; ``pages`` holds ``(page_number, start_offset)`` pairs for
    paginated formats such as PDF; ``warnings`` says what was read with problems.
    """

    text: str
    meta: dict[str, Any]
    pages: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDoc:
    """One source document, normalised.

    ``meta`` holds ``source``, ``source_type``, ``published`` (ISO date or None), ``url``,
    ``language``, ``topics``, ``places``, ``content_hash`` and ``path``. ``pages`` holds
    ``(page_number, start_offset)`` pairs for paginated formats such as PDF.
    """

    doc_id: str
    title: str
    text: str
    meta: dict[str, Any]
    pages: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: ``chunk_id`` is ``"{doc_id}#{n}"``."""

    chunk_id: str
    doc_id: str
    n: int
    text: str
    start: int
    end: int
    page: int | None
    meta: dict[str, Any]


@dataclass(frozen=True)
class SourceInfo:
    """Where a stored chunk comes from: its document's metadata, typed.

    Converted once from the store's flat metadata (:func:`ingest.store.source_info`); storage
    fields (ordinal dates, lower-cased copies for filtering) never leave the store.
    """

    doc_id: str
    title: str
    source: str | None = None
    source_type: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    page: int | None = None
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0

    def skip(self, path: str, reason: str) -> None:
        """Record a source that could not be used, with the reason."""
        self.skipped.append({"path": path, "reason": reason})

    def warn(self, path: str, message: str) -> None:
        """Record a source that was used, with a warning."""
        self.warnings.append({"path": path, "message": message})

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": list(self.skipped),
            "warnings": list(self.warnings),
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class PassageRow:
    """One chunk of a document as the manifest keeps it."""

    chunk_id: str
    n: int
    page: int | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        """The passage as plain JSON-ready data."""
        return {"chunk_id": self.chunk_id, "n": self.n, "page": self.page, "text": self.text}


@dataclass(frozen=True)
class DocumentRow:
    """One document of the library: its metadata (see :class:`SourceDoc`) and chunk count.

    ``root`` is the folder it was ingested from (None for a URL); ``ingested_at`` is an ISO
    UTC timestamp.
    """

    doc_id: str
    title: str
    chunks: int
    root: str | None
    source: str | None
    source_type: str
    published: str | None
    url: str | None
    language: str
    topics: tuple[str, ...]
    places: tuple[str, ...]
    path: str | None
    content_hash: str
    ingested_at: str

    def as_dict(self) -> dict[str, Any]:
        """The document as plain JSON-ready data (keys in this order, lists for tuples)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "chunks": self.chunks,
            "root": self.root,
            "source": self.source,
            "source_type": self.source_type,
            "published": self.published,
            "url": self.url,
            "language": self.language,
            "topics": list(self.topics),
            "places": list(self.places),
            "path": self.path,
            "content_hash": self.content_hash,
            "ingested_at": self.ingested_at,
        }


@dataclass(frozen=True)
class DocumentDetail(DocumentRow):
    """One document of the library with its passages, in chunk order."""

    passages: tuple[PassageRow, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The document and its passages as plain JSON-ready data."""
        return {**super().as_dict(), "passages": [p.as_dict() for p in self.passages]}
