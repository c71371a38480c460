"""A fake engine behind the real app: the plumbing of the API, with no models and no index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.engine import Search
from bot.filters import Filters
from bot.types import Answer, Passage, citation_for
from ingest.types import SourceInfo
from tests.conftest import make_settings

PASSAGE = Passage(
    rank=1,
    chunk_id="ecuador/conflicto-armado.md#0",
    text="El 9 de enero de 2024 Ecuador declaró el conflicto armado interno.",
    source=SourceInfo(
        doc_id="ecuador/conflicto-armado.md",
        title="Conflicto armado interno",
        source="El Comercio",
        source_type="news",
        published="2024-01-10",
        url="https://example.org/conflicto",
        language="es",
        page=2,
    ),
    score=0.87654,
    why=("dense", "lexical"),
)
OTHER = Passage(
    rank=2,
    chunk_id="mnna.md#3",
    text="Major Non-NATO Ally status gives access to surplus defence articles.",
    source=SourceInfo(doc_id="mnna.md", title="mnna.md", language="en"),
    score=0.5,
)
QUESTION = "¿Cuándo declaró Ecuador el conflicto armado interno?"
PIECES = ["Ecuador declaró el conflicto ", "armado interno el 9 de enero de 2024 [1]."]
ANSWER = Answer(
    question="",
    answer="".join(PIECES),
    language="es",
    grounded=True,
    reason="strong evidence",
    citations=[citation_for(1, PASSAGE)],
    backend="extractive",
    timings_ms={"total": 1.0},
)


class FakeEngine:
    """The engine's interface with canned replies; records every call.

    Set ``error`` to make ``ask``, ``search`` and ``count`` raise it, ``stream_error`` to make
    ``stream`` raise it after its first piece.
    """

    def __init__(self) -> None:
        """An engine answering :data:`ANSWER` in the pieces :data:`PIECES`."""
        self.answer = ANSWER
        self.pieces = list(PIECES)
        self.passages = [PASSAGE, OTHER]
        self.error: Exception | None = None
        self.stream_error: Exception | None = None
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.warmed = False

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        conversation_id: str | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Answer:
        """The canned answer to ``question``."""
        options = {"k": k, "filters": filters, "conversation_id": conversation_id}
        self.calls.append(("ask", question, {**options, "history": history}))
        if self.error:
            raise self.error
        return self._answer(question, conversation_id)

    def stream(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        conversation_id: str | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Iterator[str | Answer]:
        """The canned pieces, then the canned answer."""
        options = {"k": k, "filters": filters, "conversation_id": conversation_id}
        self.calls.append(("stream", question, {**options, "history": history}))
        for n, piece in enumerate(self.pieces):
            if n == 1 and self.stream_error:
                raise self.stream_error
            yield piece
        yield self._answer(question, conversation_id)

    def search(self, query: str, *, k: int | None = None, filters: Filters | None = None) -> Search:
        """The canned passages, at most ``k``."""
        self.calls.append(("search", query, {"k": k, "filters": filters}))
        if self.error:
            raise self.error
        return Search(query.strip(), "en", self.passages[:k])

    def count(self) -> int:
        """A small index."""
        if self.error:
            raise self.error
        return 42

    @property
    def embedder_ids(self) -> list[str]:
        """Two embedders."""
        return ["e5-small:384", "use-cmlm:768"]

    def warm(self) -> FakeEngine:
        """Remember that it was warmed."""
        self.warmed = True
        return self

    def _answer(self, question: str, conversation_id: str | None) -> Answer:
        return self.answer.model_copy(
            update={"question": question, "conversation_id": conversation_id}
        )


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def app(engine: FakeEngine, tmp_path: Path) -> FastAPI:
    """The real app over ``engine``."""
    app = create_app(make_settings(tmp_path / "data"))
    app.dependency_overrides[get_engine_dep] = lambda: engine
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
