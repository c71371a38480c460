"""Types of the answer side: retrieved passages (internal) and answers (serialised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk: ``score`` is the fused score, ``sims`` the raw similarity per retriever."""

    rank: int
    chunk_id: str
    doc_id: str
    text: str
    meta: dict[str, Any]
    score: float
    sims: dict[str, float] = field(default_factory=dict)
    why: tuple[str, ...] = ()


class Citation(BaseModel):
    """A numbered source of an answer; ``quote`` is the retrieved passage the answer cites."""

    n: int
    doc_id: str
    chunk_id: str
    title: str
    source: str | None = None
    source_type: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    page: int | None = None
    quote: str


class PassageOut(BaseModel):
    """A retrieved passage as shown to API clients (``related`` lists when not grounded)."""

    rank: int
    chunk_id: str
    doc_id: str
    title: str
    source: str | None = None
    published: str | None = None
    language: str | None = None
    score: float
    why: list[str] = Field(default_factory=list)
    text: str


class Answer(BaseModel):
    """What briefbot says to a question."""

    question: str
    answer: str
    language: str
    grounded: bool
    reason: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    passages: list[PassageOut] = Field(default_factory=list)
    backend: str = "extractive"
    standalone_question: str | None = None
    conversation_id: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)


def passage_out(p: Passage) -> PassageOut:
    """Convert an internal passage for output."""
    return PassageOut(
        rank=p.rank,
        chunk_id=p.chunk_id,
        doc_id=p.doc_id,
        title=str(p.meta.get("title") or p.doc_id),
        source=p.meta.get("source"),
        published=p.meta.get("published"),
        language=p.meta.get("language"),
        score=round(p.score, 4),
        why=list(p.why),
        text=p.text,
    )


def citation_for(n: int, p: Passage) -> Citation:
    """The citation numbered ``n`` for a passage."""
    m = p.meta
    return Citation(
        n=n,
        doc_id=p.doc_id,
        chunk_id=p.chunk_id,
        title=str(m.get("title") or p.doc_id),
        source=m.get("source"),
        source_type=m.get("source_type"),
        published=m.get("published"),
        url=m.get("url"),
        language=m.get("language"),
        page=m.get("page"),
        quote=p.text,
    )
