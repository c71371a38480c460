"""From a decision to the Answer: one builder for the three outcomes.

``answer`` carries the composed, verified body; ``related`` says the corpus covers the subject
but not the asked fact, and cites the closest documents as related (no claim); ``none`` says
there is no evidence and cites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.answer.answerability import Decision
from bot.strings import say
from bot.types import Answer, Citation, Claim, Passage, citation_for, passage_out

RELATED_DOCUMENTS = 3
"""Documents listed as related when the evidence does not answer."""


@dataclass
class Body:
    """A composed, verified answer body."""

    text: str
    claims: list[Claim]
    citations: list[Citation]
    backend: str
    notes: list[str] = field(default_factory=list)
    streamed: bool = False


def build_answer(
    question: str,
    standalone: str,
    conversation_id: str | None,
    language: str,
    decision: Decision,
    body: Body | None,
    passages: list[Passage],
    timings: dict[str, float],
    index_empty: bool = False,
) -> Answer:
    """The Answer, built once, for the decided outcome (``body`` when it is ``answer``)."""
    common: dict[str, Any] = {
        "question": question,
        "language": language,
        "standalone_question": standalone if standalone != question else None,
        "conversation_id": conversation_id,
        "timings_ms": timings,
    }
    if body is not None:
        return Answer(
            **common,
            answer=body.text,
            grounded=True,
            evidence="answer",
            reason="; ".join(n for n in (decision.reason, *body.notes) if n),
            claims=body.claims,
            citations=body.citations,
            passages=[passage_out(p) for p in passages],
            backend=body.backend,
        )
    if decision.evidence == "related":
        related = related_documents(passages)
        return Answer(
            **common,
            answer=related_text(language, related),
            grounded=False,
            evidence="related",
            reason=decision.reason,
            citations=[citation_for(n, p) for n, p in enumerate(related, start=1)],
            passages=[passage_out(p) for p in related],
        )
    empty = not passages and index_empty
    return Answer(
        **common,
        answer=say("empty_index" if empty else "no_evidence", language),
        grounded=False,
        evidence="none",
        reason=decision.reason,
    )


def related_text(language: str, related: list[Passage]) -> str:
    """The corpus covers the subject but not the asked fact: say so, name what it covers."""
    lines = [f"- {p.source.title} [{n}]" for n, p in enumerate(related, start=1)]
    return say("related_lead", language) + "\n\n" + "\n".join(lines)


def related_documents(passages: list[Passage]) -> list[Passage]:
    """The best ``RELATED_DOCUMENTS`` documents, each by its best passage."""
    related: list[Passage] = []
    for p in passages:
        if len(related) < RELATED_DOCUMENTS and all(p.doc_id != r.doc_id for r in related):
            related.append(p)
    return related
