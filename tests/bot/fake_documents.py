"""The real documents and jobs routes over a fake library (no models, no index), for the
client's and the UI's tests: :func:`serve_library` puts a real job runner over a
:class:`~tests.bot.api.test_documents.FakeLibrary` behind an app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from bot.api.deps import get_jobs
from bot.jobs import JobRunner, JobStore
from ingest.types import DocumentDetail, PassageRow
from tests.bot.api.test_documents import FakeLibrary

__all__ = ["FakeLibrary", "document", "serve_library"]


def document(doc_id: str, title: str = "", **fields: Any) -> DocumentDetail:
    """A document of one passage, as the library keeps it."""
    base: dict[str, Any] = {
        "doc_id": doc_id,
        "title": title or doc_id,
        "chunks": 1,
        "root": None,
        "source": None,
        "source_type": "report",
        "published": None,
        "url": None,
        "language": "es",
        "topics": ("minería",),
        "places": (),
        "path": None,
        "content_hash": "h-" + doc_id,
        "ingested_at": "2025-01-01T00:00:00+00:00",
        "passages": (PassageRow(f"{doc_id}#0", 0, None, "Texto."),),
    }
    return DocumentDetail(**{**base, **fields})


def serve_library(app: FastAPI, folder: Path, doc_ids: tuple[str, ...] = ()) -> FakeLibrary:
    """Make ``app``'s documents routes work on a fake library in ``folder`` holding
    ``doc_ids``; return the library."""
    library = FakeLibrary(folder)
    library.docs.update({d: document(d) for d in doc_ids})
    runner = JobRunner(library, JobStore(folder / "jobs.sqlite"))  # type: ignore[arg-type]
    app.dependency_overrides[get_jobs] = lambda: runner
    return library
