"""The document library: list, show, add and remove sources (shared by the CLI, API and UI)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ingest.config import Settings
from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from ingest.types import DocumentDetail, DocumentRow, IngestReport


class Library:
    """The documents of one index."""

    def __init__(self, settings: Settings) -> None:
        """Point at the index described by ``settings``."""
        self.settings = settings

    def documents(self) -> list[DocumentRow]:
        """Every document with its metadata and chunk count, by doc id."""
        manifest = Manifest(manifest_path(self.settings))
        try:
            return manifest.documents()
        finally:
            manifest.close()

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One document with its passages, or None."""
        manifest = Manifest(manifest_path(self.settings))
        try:
            return manifest.document(doc_id)
        finally:
            manifest.close()

    def add(
        self,
        sources: list[str],
        *,
        rebuild: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
        doc_ids: Mapping[str, str] | None = None,
    ) -> IngestReport:
        """Ingest files, folders and URLs (see :meth:`ingest.pipeline.Indexer.ingest`)."""
        indexer = Indexer(self.settings, rebuild=rebuild)
        try:
            return indexer.ingest(sources, on_progress=on_progress, doc_ids=doc_ids)
        finally:
            indexer.close()

    def remove(self, doc_id: str) -> bool:
        """Remove a document and its passages; False if it is not in the index."""
        indexer = Indexer(self.settings)
        try:
            removed = indexer.remove(doc_id)
            if removed:
                indexer.refresh_lexical()
            return removed
        finally:
            indexer.close()
