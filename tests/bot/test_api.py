import pytest
from fastapi.testclient import TestClient

from bot.api import create_app


@pytest.fixture(scope="module")
def client(mini_index):  # type: ignore[no-untyped-def]
    with TestClient(create_app(mini_index)) as c:
        yield c


def test_health(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["chunks"] > 0


def test_ask_returns_a_cited_answer(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/v1/ask", json={"question": "What does Major Non-NATO Ally status give a country?"}
    )
    assert r.status_code == 200
    body = r.json()
    for key in (
        "question",
        "answer",
        "language",
        "grounded",
        "reason",
        "citations",
        "backend",
        "timings_ms",
    ):
        assert key in body
    assert body["grounded"] and body["citations"][0]["doc_id"] == "mnna.md"
    assert {
        "n",
        "doc_id",
        "chunk_id",
        "title",
        "source",
        "source_type",
        "published",
        "url",
        "language",
        "quote",
    } <= set(body["citations"][0])


@pytest.mark.parametrize(
    "payload",
    [{}, {"question": ""}, {"question": "x", "k": 0}, {"question": "x", "date_from": "yesterday"}],
)
def test_malformed_requests_get_422(client, payload) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/v1/ask", json=payload).status_code == 422


def test_openapi_is_published(client) -> None:  # type: ignore[no-untyped-def]
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200
