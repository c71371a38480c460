"""The ingest manifest: which documents and chunks the index holds (SQLite in the data dir).

The manifest is written last, after Chroma, in one transaction per document, so that an
interrupted run is always detected by the next one: a document whose chunks reached Chroma
but not the manifest is simply ingested again (same ids), and :meth:`Manifest.chunk_ids` lets
the pipeline delete anything in Chroma the manifest does not know.

Each chunk row also keeps the chunk's lexical tokens (space-separated), written in the same
transaction as the chunk and deleted with it, so that the lexical index is re-indexed from
stored tokens and only new or changed chunks are ever tokenised. The tokens are NULL only
between a tokenizer change (:meth:`Manifest.reset_tokens`) and :meth:`Manifest.fill_tokens`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ingest.errors import IndexUnreadable
from ingest.text import text_fingerprint
from ingest.types import Chunk, DocumentDetail, DocumentRow, PassageRow, SourceDoc

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    doc_id TEXT PRIMARY KEY,
    root TEXT,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    meta TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    ingested_at REAL NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_text ON docs(text_hash);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES docs(doc_id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER,
    tokens TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


Tokenizer = Callable[[str], list[str]]
"""Text -> lexical tokens (:func:`ingest.lexical.tokenize`)."""


class Manifest:
    """Documents and chunks known to the index."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) the manifest database at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            self.db.close()
            raise IndexUnreadable(
                f"cannot read the index manifest {path} ({err}): it is corrupt or was written "
                "by another version of briefbot; run `briefbot ingest --rebuild`"
            ) from err

    @staticmethod
    def remove(path: Path) -> None:
        """Delete a manifest database and its journal files (``--rebuild`` of an unreadable
        index)."""
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def clear(self) -> None:
        """Forget everything (``--rebuild``)."""
        with self.db:
            self.db.execute("DELETE FROM chunks")
            self.db.execute("DELETE FROM docs")
            self.db.execute("DELETE FROM state")

    def hash_of(self, doc_id: str) -> str | None:
        """The content hash recorded for a document, or None if unknown."""
        row = self.db.execute("SELECT content_hash FROM docs WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def same_text(self, text: str, other_than: str) -> str | None:
        """The id of another document with the same text (whitespace aside), or None."""
        row = self.db.execute(
            "SELECT doc_id FROM docs WHERE text_hash=? AND doc_id<>? ORDER BY doc_id LIMIT 1",
            (text_fingerprint(text), other_than),
        ).fetchone()
        return row[0] if row else None

    def record(
        self,
        doc: SourceDoc,
        chunks: list[Chunk],
        root: str | None,
        tokens: Sequence[Sequence[str]],
    ) -> None:
        """Replace a document's row and chunks in one transaction.

        Args:
            doc: the document.
            chunks: its chunks.
            root: the folder it was ingested from, if any.
            tokens: each chunk's lexical tokens (aligned with ``chunks``).

        Raises:
            ValueError: ``tokens`` and ``chunks`` differ in length.
        """
        if len(tokens) != len(chunks):
            raise ValueError(f"{len(tokens)} token lists for {len(chunks)} chunks")
        stored = [" ".join(t) for t in tokens]
        meta = {**doc.meta, "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc.doc_id,))
            self.db.execute(
                "INSERT OR REPLACE INTO docs VALUES (?,?,?,?,?,?,?,?)",
                (
                    doc.doc_id,
                    root,
                    doc.meta["content_hash"],
                    doc.title,
                    json.dumps(meta, ensure_ascii=False),
                    len(chunks),
                    time.time(),
                    text_fingerprint(doc.text),
                ),
            )
            self.db.executemany(
                "INSERT INTO chunks (chunk_id, doc_id, n, text, page, tokens) VALUES (?,?,?,?,?,?)",
                [
                    (c.chunk_id, c.doc_id, c.n, c.text, c.page, t)
                    for c, t in zip(chunks, stored, strict=True)
                ],
            )
            self._bump()

    def forget(self, doc_id: str) -> None:
        """Remove a document and its chunks (their tokens go with them)."""
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            self.db.execute("DELETE FROM docs WHERE doc_id=?", (doc_id,))
            self._bump()

    def invalidate(self, doc_id: str) -> None:
        """Mark a document as needing re-ingest (its index entries are incomplete)."""
        with self.db:
            self.db.execute("UPDATE docs SET content_hash='stale' WHERE doc_id=?", (doc_id,))

    def docs_under(self, root: str) -> list[str]:
        """Doc ids ingested from a given root folder."""
        rows = self.db.execute("SELECT doc_id FROM docs WHERE root=?", (root,)).fetchall()
        return [r[0] for r in rows]

    def chunk_ids(self) -> dict[str, str]:
        """chunk id -> doc id, for every chunk."""
        return dict(self.db.execute("SELECT chunk_id, doc_id FROM chunks").fetchall())

    def chunk_ids_of(self, doc_id: str) -> list[str]:
        """Chunk ids of one document."""
        rows = self.db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,)).fetchall()
        return [r[0] for r in rows]

    def iter_chunks(self) -> Iterator[tuple[str, str]]:
        """(chunk id, text) for every chunk, in a stable order."""
        yield from self.db.execute("SELECT chunk_id, text FROM chunks ORDER BY doc_id, n")

    def tokens_version(self) -> str | None:
        """Version of the tokenizer that wrote the stored tokens (None: never recorded)."""
        row = self.db.execute("SELECT value FROM state WHERE key='tokens_version'").fetchone()
        return row[0] if row else None

    def reset_tokens(self, version: str) -> None:
        """Forget every stored token list (the tokenizer changed) and record its version.

        The generation changes too, so that the lexical index is rebuilt with the new tokens.
        """
        with self.db:
            self.db.execute("UPDATE chunks SET tokens=NULL")
            self.db.execute("INSERT OR REPLACE INTO state VALUES ('tokens_version', ?)", (version,))
            self._bump()

    def fill_tokens(self, tokenize: Tokenizer) -> int:
        """Tokenise and store the chunks whose tokens were reset; return how many."""
        rows = self.db.execute("SELECT chunk_id, text FROM chunks WHERE tokens IS NULL").fetchall()
        if rows:
            with self.db:
                self.db.executemany(
                    "UPDATE chunks SET tokens=? WHERE chunk_id=?",
                    [(" ".join(tokenize(text)), cid) for cid, text in rows],
                )
        return len(rows)

    def iter_tokens(self) -> Iterator[tuple[str, list[str]]]:
        """(chunk id, stored tokens) for every chunk, in the order of :meth:`iter_chunks`.

        Chunks whose tokens were reset (see :meth:`fill_tokens`) come with an empty list.
        """
        for cid, tokens in self.db.execute(
            "SELECT chunk_id, tokens FROM chunks ORDER BY doc_id, n"
        ):
            yield cid, tokens.split() if tokens else []

    def chunk_languages(self) -> dict[str, str]:
        """Chunk id -> language of its document, for every chunk whose document has one."""
        return {
            cid: str(lang)
            for cid, lang in self.db.execute(
                "SELECT c.chunk_id, json_extract(d.meta, '$.language') "
                "FROM chunks c JOIN docs d ON d.doc_id = c.doc_id"
            )
            if lang
        }

    def is_dirty(self) -> bool:
        """True when the last run did not finish (its writes may be partial)."""
        row = self.db.execute("SELECT value FROM state WHERE key='dirty'").fetchone()
        return bool(row and row[0] == "1")

    def set_dirty(self, dirty: bool) -> None:
        """Mark the start (True) or the clean end (False) of a run."""
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO state VALUES ('dirty', ?)", ("1" if dirty else "0",)
            )

    def generation(self) -> str:
        """Changes whenever the set of chunks changes."""
        row = self.db.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return row[0] if row else "0"

    def _bump(self) -> None:
        """A new generation (inside the caller's transaction)."""
        self.db.execute(
            "INSERT OR REPLACE INTO state VALUES ('generation', ?)", (str(time.time()),)
        )

    def documents(self) -> list[DocumentRow]:
        """Every document with its metadata and chunk count, by doc id."""
        rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM docs ORDER BY doc_id").fetchall()
        return [DocumentRow(**_document_fields(*row)) for row in rows]

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One document with its passages, or None."""
        row = self.db.execute(
            f"SELECT {_DOC_COLUMNS} FROM docs WHERE doc_id=?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        chunks = self.db.execute(
            "SELECT chunk_id, n, page, text FROM chunks WHERE doc_id=? ORDER BY n", (doc_id,)
        ).fetchall()
        passages = tuple(PassageRow(*chunk) for chunk in chunks)
        return DocumentDetail(**_document_fields(*row), passages=passages)


_DOC_COLUMNS = "doc_id, title, n_chunks, root, meta"
"""The columns :func:`_document_fields` reads, in its argument order."""


def _document_fields(
    doc_id: str, title: str, n_chunks: int, root: str | None, meta_json: str
) -> dict[str, Any]:
    """The fields of a :class:`DocumentRow` from a ``docs`` row (metadata as ``record`` wrote it)."""
    meta = json.loads(meta_json)
    return {
        "doc_id": doc_id,
        "title": title,
        "chunks": n_chunks,
        "root": root,
        "source": meta["source"],
        "source_type": meta["source_type"],
        "published": meta["published"],
        "url": meta["url"],
        "language": meta["language"],
        "topics": tuple(meta["topics"]),
        "places": tuple(meta["places"]),
        "path": meta["path"],
        "content_hash": meta["content_hash"],
        "ingested_at": meta["ingested_at"],
    }
