"""The three outcomes of a question as answers the UI draws: an answer, related, none."""

from __future__ import annotations

import pytest

from bot.strings import say
from bot.types import Answer, Citation, Claim

QUESTION = "¿Cuándo se firmó el Acta de Brasilia?"


def _citation(n: int, title: str, quote: str) -> Citation:
    return Citation(
        n=n,
        doc_id=f"doc{n}.md",
        chunk_id=f"doc{n}.md#0",
        title=title,
        source="Cancillería",
        source_type="official",
        published="1998-10-26",
        language="es",
        quote=quote,
    )


CITATIONS = [
    _citation(1, "El Acta de Brasilia", "El Acta de Brasilia se firmó el 26 de octubre de 1998."),
    _citation(2, "La frontera de Tiwinza", "Ecuador recibió un kilómetro cuadrado en Tiwinza."),
]


@pytest.fixture
def answers() -> dict[str, Answer]:
    """One answer of each outcome, shaped as the engine fills them (Spanish)."""
    claims = [
        Claim(text="El Acta de Brasilia se firmó el 26 de octubre de 1998.", citations=[1]),
        Claim(text="Ecuador recibió un kilómetro cuadrado en Tiwinza.", citations=[2]),
    ]
    cited = "\n".join(f"- {c.text} [{c.citations[0]}]" for c in claims)
    related = "\n".join(f"- {c.title} [{c.n}]" for c in CITATIONS)
    return {
        "answer": Answer(
            question=QUESTION,
            answer=f"{say('lead', 'es')}\n\n{cited}",
            language="es",
            grounded=True,
            evidence="answer",
            claims=claims,
            citations=CITATIONS,
            timings_ms={"retrieve": 40.0, "total": 120.0},
        ),
        "related": Answer(
            question=QUESTION,
            answer=f"{say('related_lead', 'es')}\n\n{related}",
            language="es",
            grounded=False,
            evidence="related",
            reason="no sentence states a date (best 0.41 < 0.55)",
            citations=CITATIONS,
            timings_ms={"retrieve": 40.0, "total": 90.0},
        ),
        "none": Answer(
            question=QUESTION,
            answer=say("no_evidence", "es"),
            language="es",
            grounded=False,
            evidence="none",
            reason="off-topic (best similarity 0.12 < 0.30)",
            timings_ms={"retrieve": 40.0, "total": 60.0},
        ),
    }
