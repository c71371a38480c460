"""Prepared answers (one per outcome) and a prepared brief, as the UI draws them; the UI
made a client of the real app over a fake engine (:func:`serve`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.api.local import app_client
from bot.brief import Brief
from bot.brief.brief import BriefEvent, BriefPoint, NameCount, Quote
from bot.brief.coverage import Coverage
from bot.client import BriefbotClient
from bot.strings import say
from bot.types import Answer, Citation, Claim
from tests.bot.api.conftest import FakeEngine
from tests.conftest import make_settings

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


@pytest.fixture
def brief() -> Brief:
    """A brief on the Brasilia agreement, shaped as :func:`bot.brief.build_brief` fills it."""
    signed = "El Acta de Brasilia se firmó el 26 de octubre de 1998."
    tiwinza = "Ecuador recibió un kilómetro cuadrado en Tiwinza."
    return Brief(
        topic="el Acta de Brasilia",
        language="es",
        lead=say("brief_lead", "es"),
        points=[
            BriefPoint(text=signed, citations=[1], quotes=[Quote(n=1, text=signed)]),
            BriefPoint(text=tiwinza, citations=[2], quotes=[Quote(n=2, text=tiwinza)]),
        ],
        timeline=[
            BriefEvent(
                date="1998-10-26", text=signed, citations=[1], quotes=[Quote(n=1, text=signed)]
            )
        ],
        actors=[NameCount(name="Cancillería", sources=2, citations=[1, 2])],
        places=[NameCount(name="Tiwinza", sources=1, citations=[2])],
        citations=CITATIONS,
        coverage=Coverage(documents=2, date_range=["1998-10-26", "1998-10-26"], languages=["es"]),
        evidence="answer",
    )


class FakeBriefs:
    """A stand-in for :func:`ui.shared.brief`: one prepared brief, and the calls it got."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.calls: list[dict[str, Any]] = []

    def __call__(self, topic: str, **options: Any) -> Brief:
        self.calls.append({"topic": topic, **options})
        return self.brief.model_copy(update={"topic": topic})


class FixedEngine(FakeEngine):
    """A fake engine that gives one prepared answer (in one piece) to any question."""

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer
        self.pieces = [answer.answer]


Serve = Callable[[FakeEngine], FastAPI]


@pytest.fixture(autouse=True, scope="module")
def _release_cached_clients() -> Iterator[None]:
    """After each module, the API clients the UI cached are closed (their in-process apps
    give back the data dirs they own)."""
    yield
    import streamlit as st

    st.cache_resource.clear()


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Serve]:
    """Make the UI a client of the real app (in-process, on the test's data dir) whose
    engine is the given fake: ``serve(engine)`` before the app runs."""
    import ui.shared

    clients: list[BriefbotClient] = []

    def use(engine: FakeEngine) -> FastAPI:
        app = create_app(make_settings(tmp_path / "data"))
        app.dependency_overrides[get_engine_dep] = lambda: engine
        clients.append(BriefbotClient(app_client(app)))
        monkeypatch.setattr(ui.shared, "client", lambda: clients[-1])
        return app

    yield use
    for client in clients:
        client.http.close()
