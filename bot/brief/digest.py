"""What changed since a date: the documents the index gained, or that were published, since
then, grouped by topic and place, each with its most informative sentence, cited.

A document is new when it was ingested (``ingested_at``) or published on or after ``since``
(a publication date known only to the month or year counts when that period may reach
``since``). It goes to the group of its first topic tag and its first place (``None`` when
its metadata names none). Its sentence is the best-scored quotable sentence of its first
passage against the topic, or against the document's title when no topic is given; with a
topic, only documents tagged with it or whose title and first passage hold all its words
are kept. Each sentence is cited: citation ``n`` is the document's first passage, whose
``quote`` contains the sentence as quoted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from bot.answer.compose import score_sentences
from bot.brief.brief import Quote
from bot.brief.timeline import in_range
from bot.types import Citation, Passage, citation_for
from ingest.config import Settings
from ingest.embedders import Embedder
from ingest.text import fold, tokenize
from ingest.types import DocumentDetail, DocumentRow, SourceInfo


class DigestEntry(BaseModel):
    """One new document: why it is new, and its most informative sentence, cited."""

    doc_id: str
    title: str
    published: str | None = None
    ingested_at: str
    new_because: list[str] = Field(description="`ingested`, `published` or both.")
    text: str
    citations: list[int]
    quotes: list[Quote]


class DigestGroup(BaseModel):
    """The new documents of one topic and place."""

    topic: str | None = None
    place: str | None = None
    entries: list[DigestEntry]


class Digest(BaseModel):
    """What the index gained since a date (optionally on one topic)."""

    since: str
    topic: str | None = None
    documents: int = 0
    groups: list[DigestGroup] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class DigestLibrary(Protocol):
    """What a digest needs of :class:`bot.library.Library`."""

    def documents(self) -> list[DocumentRow]:
        """Every document, by doc id."""

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One document with its passages."""


class DigestEngine(Protocol):
    """What a digest needs of :class:`bot.engine.Engine`: its settings (for the library)
    and its sentence embedder."""

    @property
    def settings(self) -> Settings:
        """The settings of the engine's index."""

    @property
    def sentence_embedder(self) -> Embedder:
        """The embedder that scores sentences."""


def build_digest(
    engine: DigestEngine,
    since: dt.date,
    topic: str | None = None,
    *,
    library: DigestLibrary | None = None,
) -> Digest:
    """The documents new since ``since``, grouped by topic and place.

    Args:
        engine: the engine (its sentence embedder scores sentences).
        since: the first day that counts.
        topic: only documents on this topic, their sentences scored against it.
        library: the documents (default: the library of the engine's settings).
    """
    if library is None:
        from bot.library import Library

        library = Library(engine.settings)
    topic = topic.strip() if topic and topic.strip() else None
    day = since.isoformat()
    groups: dict[tuple[str | None, str | None], list[DigestEntry]] = {}
    citations: list[Citation] = []
    for row in library.documents():
        reasons = new_because(row, day)
        detail = library.document(row.doc_id) if reasons else None
        if detail is None or not detail.passages:
            continue
        passage = first_passage(detail)
        if topic and not on_topic(detail, passage.text, topic):
            continue
        best = score_sentences(topic or detail.title, [passage], engine.sentence_embedder)
        if not best:
            continue
        top = max(best, key=lambda s: s.score)
        citation = citation_for(len(citations) + 1, passage)
        citations.append(citation)
        key = (row.topics[0] if row.topics else None, row.places[0] if row.places else None)
        groups.setdefault(key, []).append(
            DigestEntry(
                doc_id=row.doc_id,
                title=row.title,
                published=row.published,
                ingested_at=row.ingested_at,
                new_because=reasons,
                text=top.quoted,
                citations=[citation.n],
                quotes=[Quote(n=citation.n, text=top.quoted)],
            )
        )
    return Digest(
        since=day,
        topic=topic,
        documents=len(citations),
        groups=[
            DigestGroup(topic=t, place=p, entries=entries)
            for (t, p), entries in sorted(groups.items(), key=_group_order)
        ],
        citations=citations,
    )


def new_because(row: DocumentRow, since: str) -> list[str]:
    """Why a document is new since the day ``since`` (``YYYY-MM-DD``): ``ingested``,
    ``published``, both, or neither (empty)."""
    reasons = []
    if row.ingested_at[:10] >= since:
        reasons.append("ingested")
    if row.published and in_range(row.published, since, None):
        reasons.append("published")
    return reasons


def on_topic(doc: DocumentRow, text: str, topic: str) -> bool:
    """Whether a document is tagged with the topic, or its title and ``text`` hold all the
    topic's words."""
    wanted = fold(topic)
    if any(fold(tag) == wanted for tag in doc.topics):
        return True
    words = set(tokenize(topic))
    return bool(words) and words <= set(tokenize(f"{doc.title} {text}"))


def first_passage(doc: DocumentDetail) -> Passage:
    """A document's first passage, as the passage a citation is made from."""
    row = min(doc.passages, key=lambda p: p.n)
    source = SourceInfo(
        doc_id=doc.doc_id,
        title=doc.title,
        source=doc.source,
        source_type=doc.source_type,
        published=doc.published,
        url=doc.url,
        language=doc.language,
        page=row.page,
        topics=doc.topics,
        places=doc.places,
    )
    return Passage(rank=1, chunk_id=row.chunk_id, text=row.text, source=source, score=0.0)


def _group_order(item: tuple[tuple[str | None, str | None], Sequence[DigestEntry]]) -> tuple:
    (topic, place), _ = item
    return (topic is None, fold(topic or ""), place is None, fold(place or ""))
