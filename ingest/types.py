"""The types that cross ingest's seams: parsed sources, documents, chunks and the ingest report."""

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
