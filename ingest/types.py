"""The types that cross ingest's seams: source documents, chunks and the ingest report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCE_TYPES = ("news", "official", "report", "analysis", "opinion", "other")


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
