"""``GET /health`` over a fake engine."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ingest.errors import StoreUnavailable

from .conftest import FakeEngine


def test_health_reports_the_index_size_and_the_embedders(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "chunks": 42, "embedders": ["e5-small:384", "use-cmlm:768"]}


def test_an_unreachable_index_is_a_503(client: TestClient, engine: FakeEngine) -> None:
    engine.error = StoreUnavailable("the Chroma server at :8001 cannot be reached")
    r = client.get("/health")
    assert (r.status_code, r.json()) == (503, {"detail": str(engine.error)})
