"""Ingest orchestration: sources -> documents -> chunks -> vectors -> Chroma + manifest.

Order of writes, per batch of documents: vectors to every Chroma collection, then stale chunk
ids deleted, then the manifest row (one transaction per document). A run marks the index
*dirty* when it starts and clean when it ends; a run that finds it dirty first reconciles
Chroma with the manifest (deleting chunks the manifest does not know, re-ingesting documents
whose chunks are missing), so that a killed run followed by a new one gives exactly the index
a clean run gives.

Each chunk's lexical tokens are computed when its manifest row is written and stored with it,
so the lexical index, re-indexed at the end of a run that changed anything, never tokenises a
chunk twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest import owner
from ingest.chunk import chunk_document
from ingest.config import Settings
from ingest.embedders import open_embedders
from ingest.errors import IndexUnreadable, PathNotFound, SourceError
from ingest.lexical import LexicalIndex
from ingest.loaders import load_file, supported_suffixes
from ingest.manifest import Manifest
from ingest.store import Store
from ingest.text import TOKENIZER_VERSION, tokenize
from ingest.types import Chunk, IngestReport, SourceDoc

IGNORED_NAMES = {"README.md", "readme.md", ".DS_Store"}
"""File names never treated as sources (a folder's README describes it; it is not a source)."""

_EMBED_BATCH = 128
"""Chunks embedded, then written, together: Chroma's cost per chunk falls with the batch up to
about 128 (see docs/BENCHMARKS.md, "Ingest throughput")."""


@dataclass(frozen=True)
class SourceRef:
    """One thing to ingest: a file with its doc id and root folder, or a URL."""

    location: str
    doc_id: str
    root: str | None
    is_url: bool = False


@dataclass(frozen=True)
class _Pending:
    """A new or changed document, chunked, waiting to be embedded."""

    ref: SourceRef
    doc: SourceDoc
    chunks: list[Chunk]
    existed: bool


def embedding_text(chunk: Chunk) -> str:
    """The text embedded for a chunk: the document title gives short passages their topic."""
    title = str(chunk.meta.get("title") or "")
    return f"{title}\n\n{chunk.text}" if title and title not in chunk.text else chunk.text


def manifest_path(settings: Settings) -> Path:
    """Where the manifest of this index lives (one per collection prefix)."""
    return settings.index.data_dir / f"{settings.index.collection}.manifest.sqlite"


class Indexer:
    """Keeps the index (Chroma, manifest, lexical index) in step with the sources."""

    def __init__(self, settings: Settings, *, rebuild: bool = False, wait: float = 0.0) -> None:
        """Open the index for writing; ``rebuild`` starts from an empty index.

        The data dir is claimed first (:func:`ingest.owner.claim`, waiting up to ``wait``
        seconds) and given back by :meth:`close`.

        Raises:
            IndexBusy: another process owns the data dir.
        """
        self.settings = settings
        owner.claim(settings.index.data_dir, owner.this_process(), wait=wait)
        try:
            self._open(rebuild)
        except BaseException:
            owner.release(settings.index.data_dir)
            raise

    def _open(self, rebuild: bool) -> None:
        settings = self.settings
        self.embedders = open_embedders(settings)
        try:
            self.manifest = Manifest(manifest_path(settings))
        except IndexUnreadable:
            if not rebuild:
                raise
            Manifest.remove(manifest_path(settings))
            self.manifest = Manifest(manifest_path(settings))
        if rebuild:  # dirty first: a kill between the two steps below is repaired next run
            self.manifest.set_dirty(True)
        self.store = Store(settings, self.embedders, rebuild=rebuild)
        if rebuild:
            self.manifest.clear()
        if self.manifest.tokens_version() != TOKENIZER_VERSION:
            self.manifest.reset_tokens(TOKENIZER_VERSION)
        self.lexical = LexicalIndex(
            settings.index.data_dir / f"{settings.index.collection}.lexical"
        )

    def close(self) -> None:
        """Release the manifest and this claim of the data dir."""
        self.manifest.close()
        owner.release(self.settings.index.data_dir)

    def ingest(
        self,
        sources: Iterable[str],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        doc_ids: Mapping[str, str] | None = None,
    ) -> IngestReport:
        """Ingest files, folders (recursively) and URLs; return what happened.

        A file in a folder gets its path relative to the folder as doc id, a file given by
        itself its name, unless ``doc_ids`` (keyed by the source as given) names another; a
        URL is its own id. ``on_progress(done, total)`` is called after each source is read
        and chunked.

        Raises:
            PathNotFound: a given path does not exist (nothing is ingested).
        """
        started = time.perf_counter()
        report = IngestReport()
        refs, roots = self._resolve(list(sources), report, doc_ids or {})
        self._begin()
        pending: list[_Pending] = []
        seen: set[str] = set()
        for i, ref in enumerate(refs):
            seen.add(ref.doc_id)
            self._prepare(ref, report, pending)
            if sum(len(p.chunks) for p in pending) >= _EMBED_BATCH:
                self._flush(pending, report)
            if on_progress:
                on_progress(i + 1, len(refs))
        self._flush(pending, report)
        for root in roots:
            for doc_id in self.manifest.docs_under(root):
                if doc_id not in seen:
                    self._remove(doc_id)
                    report.removed += 1
        self._finish()
        report.chunks = len(self.manifest.chunk_ids())
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, doc_id: str) -> bool:
        """Delete a document and its chunks; False if it was not in the index."""
        if self.manifest.hash_of(doc_id) is None:
            return False
        self._begin()
        self._remove(doc_id)
        self.manifest.set_dirty(False)
        return True

    def repair(self) -> bool:
        """Make Chroma, the manifest and the lexical index agree if a run was cut short
        (a kill, a full disk): chunks of unfinished documents go, the finished ones stay.

        Returns:
            True if there was an interrupted run to repair.
        """
        if not self.manifest.is_dirty():
            return False
        self._begin()
        self._finish()
        return True

    def _remove(self, doc_id: str) -> None:
        self.store.delete(self.manifest.chunk_ids_of(doc_id))
        self.manifest.forget(doc_id)

    def refresh_lexical(self) -> None:
        """Re-index the lexical index from the stored tokens if the chunks changed since it
        was built; only chunks whose tokens a tokenizer change reset are tokenised here."""
        generation = self.manifest.generation()
        if self.lexical.generation() != generation:
            self.manifest.fill_tokens(tokenize)
            self.lexical.build_tokens(
                self.manifest.iter_tokens(), generation, self.manifest.chunk_languages()
            )

    # -- steps ---------------------------------------------------------------

    def _resolve(
        self, sources: list[str], report: IngestReport, doc_ids: Mapping[str, str]
    ) -> tuple[list[SourceRef], list[str]]:
        refs: list[SourceRef] = []
        roots: list[str] = []
        for src in sources:
            if src.startswith(("http://", "https://")):
                refs.append(SourceRef(src, src, None, is_url=True))
                continue
            path = Path(src)
            if not path.exists():
                raise PathNotFound(f"no such file or folder: {src}")
            if path.is_dir():
                root = str(path.resolve())
                roots.append(root)
                refs.extend(self._walk(path, root, report))
            else:
                doc_id = doc_ids.get(src) or path.name
                refs.append(SourceRef(str(path), doc_id, str(path.resolve().parent)))
        return refs, roots

    def _walk(self, folder: Path, root: str, report: IngestReport) -> Iterator[SourceRef]:
        suffixes = supported_suffixes()
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            if path.name in IGNORED_NAMES:
                continue
            if path.suffix.lower() not in suffixes:
                report.skip(str(path), f"unsupported file type '{path.suffix or path.name}'")
                continue
            yield SourceRef(str(path), rel.as_posix(), root)

    def _load(self, ref: SourceRef) -> SourceDoc:
        max_bytes = int(self.settings.index.max_file_mb * 1_000_000)
        if ref.is_url:
            from ingest.web import load_url

            return load_url(
                ref.location, max_bytes=max_bytes, timeout=self.settings.index.fetch_timeout
            )
        return load_file(Path(ref.location), ref.doc_id, max_bytes=max_bytes)

    def _prepare(self, ref: SourceRef, report: IngestReport, pending: list[_Pending]) -> None:
        try:
            doc = self._load(ref)
        except SourceError as err:
            report.skip(ref.location, str(err))
            return
        except (OSError, ValueError, RuntimeError) as err:
            report.skip(ref.location, f"cannot read: {err}")
            return
        for message in doc.warnings:
            report.warn(ref.location, message)
        old = self.manifest.hash_of(doc.doc_id)
        if old == doc.meta["content_hash"]:
            report.unchanged += 1
            return
        twin = self.manifest.same_text(doc.text, doc.doc_id) or next(
            (p.doc.doc_id for p in pending if p.doc.text.split() == doc.text.split()), None
        )
        if twin is not None:
            report.skip(ref.location, f"duplicate of the indexed document {twin} (same text)")
            return
        chunks = chunk_document(
            doc, size=self.settings.index.chunk_size, overlap=self.settings.index.chunk_overlap
        )
        pending.append(_Pending(ref, doc, chunks, old is not None))

    def _flush(self, pending: list[_Pending], report: IngestReport) -> None:
        """Embed and store the pending documents, then empty ``pending``."""
        if not pending:
            return
        chunks = [c for p in pending for c in p.chunks]
        texts = [embedding_text(c) for c in chunks]
        # identical passages (repeated boilerplate, repetitive files) are embedded once
        unique = list(dict.fromkeys(texts))
        row = {text: i for i, text in enumerate(unique)}
        rows = np.fromiter((row[t] for t in texts), dtype=np.intp, count=len(texts))
        vectors = {
            name: np.asarray(emb.encode(unique, kind="passage"), dtype=np.float32)[rows]
            for name, emb in self.embedders.items()
        }
        self.store.upsert(chunks, vectors)
        for p in pending:
            keep = {c.chunk_id for c in p.chunks}
            stale = [cid for cid in self.manifest.chunk_ids_of(p.doc.doc_id) if cid not in keep]
            self.store.delete(stale)
            tokens = [tokenize(c.text) for c in p.chunks]
            self.manifest.record(p.doc, p.chunks, p.ref.root, tokens)
            if p.existed:
                report.updated += 1
            else:
                report.added += 1
        pending.clear()

    def _begin(self) -> None:
        if self.manifest.is_dirty():
            self._reconcile()
        self.manifest.set_dirty(True)

    def _finish(self) -> None:
        self.refresh_lexical()
        self.manifest.set_dirty(False)

    def _reconcile(self) -> None:
        """Make Chroma and the manifest agree after an interrupted run."""
        known = self.manifest.chunk_ids()
        for ids in self.store.all_ids().values():
            orphans = ids - set(known)
            if orphans:
                self.store.delete(orphans)
            for missing in set(known) - ids:
                self.manifest.invalidate(known[missing])
