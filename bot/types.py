"""Types of the answer side: retrieved passages (internal) and answers (serialised).

A :class:`Passage` is a retrieved chunk with its typed :class:`~ingest.types.SourceInfo`
(converted once at the store edge). An :class:`Answer` carries its claims as data: each
:class:`Claim` is a sentence and the numbers of the citations that back it, so no client
re-parses ``[n]`` markers out of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from ingest.types import SourceInfo


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk: ``score`` is the fused score, ``sims`` the raw similarity per retriever."""

    rank: int
    chunk_id: str
    text: str
    source: SourceInfo
    score: float
    sims: dict[str, float] = field(default_factory=dict)
    why: tuple[str, ...] = ()

    @property
    def doc_id(self) -> str:
        """The document the passage belongs to."""
        return self.source.doc_id

    @property
    def language(self) -> str | None:
        """The passage's language."""
        return self.source.language


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


class Claim(BaseModel):
    """One sentence of an answer and the citation numbers that back it (each checked)."""

    text: str
    citations: list[int] = Field(default_factory=list)


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


Evidence = Literal["answer", "related", "none"]
"""What the corpus holds for a question: ``answer`` (the evidence states what was asked),
``related`` (the corpus discusses the subject but does not state the asked fact), ``none``
(off-topic, or nothing close)."""


class Answer(BaseModel):
    """What briefbot says to a question.

    ``answer`` is the text (lead line, then the claims with their ``[n]`` markers);
    ``claims`` holds the same sentences with their citation numbers as data. ``evidence``
    is the answerability decision; ``grounded`` is true only for ``answer``. A ``related``
    answer's citations are the passages that discuss the subject, cited as related (it
    makes no claim); a ``none`` answer cites nothing.
    """

    question: str
    answer: str
    language: str
    grounded: bool
    evidence: Evidence = "none"
    reason: str | None = None
    claims: list[Claim] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    passages: list[PassageOut] = Field(default_factory=list)
    backend: str = "extractive"
    standalone_question: str | None = None
    conversation_id: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _grounded_means_answer(self) -> Answer:
        """``grounded`` is true exactly for ``evidence == "answer"``; an answer built with
        ``grounded`` alone gets the matching outcome (``answer``, else ``none``)."""
        if "evidence" not in self.model_fields_set:
            self.evidence = "answer" if self.grounded else "none"
        elif self.grounded != (self.evidence == "answer"):
            raise ValueError(f"grounded={self.grounded} contradicts evidence={self.evidence!r}")
        return self


def passage_out(p: Passage) -> PassageOut:
    """Convert an internal passage for output."""
    return PassageOut(
        rank=p.rank,
        chunk_id=p.chunk_id,
        doc_id=p.doc_id,
        title=p.source.title,
        source=p.source.source,
        published=p.source.published,
        language=p.source.language,
        score=round(p.score, 4),
        why=list(p.why),
        text=p.text,
    )


def citation_for(n: int, p: Passage) -> Citation:
    """The citation numbered ``n`` for a passage."""
    s = p.source
    return Citation(
        n=n,
        doc_id=s.doc_id,
        chunk_id=p.chunk_id,
        title=s.title,
        source=s.source,
        source_type=s.source_type,
        published=s.published,
        url=s.url,
        language=s.language,
        page=s.page,
        quote=p.text,
    )
