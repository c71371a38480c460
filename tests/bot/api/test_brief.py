"""``POST /v1/brief`` over the real app, with the brief's fake engine (no models)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.brief import Brief
from tests.bot.brief.conftest import CORPUS, FakeEngine
from tests.conftest import make_settings


@pytest.fixture
def brief_engine() -> FakeEngine:
    return FakeEngine(list(CORPUS))


@pytest.fixture
def brief_client(brief_engine: FakeEngine, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(make_settings(tmp_path / "data"))
    app.dependency_overrides[get_engine_dep] = lambda: brief_engine
    with TestClient(app) as c:
        yield c


def test_brief_returns_the_contract(brief_client: TestClient) -> None:
    response = brief_client.post("/v1/brief", json={"topic": "extortion in Piura"})
    assert response.status_code == 200, response.text
    brief = Brief.model_validate(response.json())
    assert brief.points and brief.timeline and brief.citations
    by_n = {c.n: c for c in brief.citations}
    assert all(p.text in by_n[p.citations[0]].quote for p in brief.points)


def test_brief_options_in_the_body(brief_client: TestClient, brief_engine: FakeEngine) -> None:
    body = {
        "topic": "extortion in Piura",
        "since": "2024-01",
        "until": "2024-12-31",
        "language": "es",
        "source_types": ["official"],
        "places": ["Sullana"],
    }
    brief = Brief.model_validate(brief_client.post("/v1/brief", json=body).json())
    assert brief.language == "es" and (brief.since, brief.until) == ("2024-01", "2024-12-31")
    assert all("2024-01" <= e.date[:7] <= "2024-12" for e in brief.timeline)
    filters = brief_engine.retriever.calls[0]["filters"]
    assert filters.source_types == ("official",) and filters.places == ("sullana",)


@pytest.mark.parametrize(
    "body",
    [
        {"topic": "  "},
        {"topic": "x", "since": "yesterday"},
        {"topic": "x", "language": "fr"},
        {"topic": "x", "filters": {}},
    ],
)
def test_a_bad_body_is_422(brief_client: TestClient, body: dict[str, object]) -> None:
    assert brief_client.post("/v1/brief", json=body).status_code == 422


def test_an_uncovered_topic_says_so(brief_engine: FakeEngine, brief_client: TestClient) -> None:
    brief_engine.evidence = "none"
    body = brief_client.post("/v1/brief", json={"topic": "world cup winners"}).json()
    assert body["evidence"] == "none" and body["points"] == [] and body["citations"] == []
