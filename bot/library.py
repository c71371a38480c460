"""The document library: list, show, add and remove sources (shared by the CLI, API and UI)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ingest.config import Settings
from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from ingest.types import DocumentDetail, DocumentRow, IngestReport


class Library:
    """The documents of one index."""

    def __init__(self, settings: Settings) -> None:
        """Point at the index described by ``settings``."""
        self.settings = settings

    def uploads_dir(self) -> Path:
        """Where uploaded files are kept: ``<data_dir>/uploads`` (doc ids ``uploads/<name>``)."""
        return self.settings.index.data_dir / "uploads"

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
        wait: float = 0.0,
    ) -> IngestReport:
        """Ingest files, folders and URLs (see :meth:`ingest.pipeline.Indexer.ingest`);
        ``wait`` is how long to wait for another owner of the data dir.

        Raises:
            IndexBusy: another process owns the data dir (after ``wait`` seconds).
        """
        indexer = Indexer(self.settings, rebuild=rebuild, wait=wait)
        try:
            return indexer.ingest(sources, on_progress=on_progress, doc_ids=doc_ids)
        finally:
            indexer.close()

    def needs_repair(self) -> bool:
        """Whether a run was cut short and its repair is still to do (reads the manifest)."""
        path = manifest_path(self.settings)
        if not path.exists():
            return False
        manifest = Manifest(path)
        try:
            return manifest.is_dirty()
        finally:
            manifest.close()

    def repair(self, *, wait: float = 0.0) -> bool:
        """Finish the repair of a run that was cut short (see
        :meth:`ingest.pipeline.Indexer.repair`); True if there was one."""
        indexer = Indexer(self.settings, wait=wait)
        try:
            return indexer.repair()
        finally:
            indexer.close()

    def remove(self, doc_id: str, *, wait: float = 0.0) -> bool:
        """Remove a document and its passages; False if it is not in the index."""
        indexer = Indexer(self.settings, wait=wait)
        try:
            removed = indexer.remove(doc_id)
            if removed:
                indexer.refresh_lexical()
            return removed
        finally:
            indexer.close()
