"""Limits over the real app and a fake engine: request rate, body size, question length."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.api.deps import get_engine_dep
from tests.conftest import make_settings

from .conftest import QUESTION, FakeEngine

CHAT = {"model": "briefbot", "messages": [{"role": "user", "content": QUESTION}]}


@pytest.fixture
def make_client(engine: FakeEngine, tmp_path: Path) -> Iterator[Any]:
    """A client of the app built with the given settings."""
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        app = create_app(make_settings(tmp_path / "data", **overrides))
        app.dependency_overrides[get_engine_dep] = lambda: engine
        client = TestClient(app).__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def test_over_the_rate_is_429_with_retry_after(make_client: Any, engine: FakeEngine) -> None:
    client = make_client(rate_limit="2/minute")
    for _ in range(2):
        assert client.post("/v1/search", json={"query": "Piura"}).status_code == 200
    r = client.post("/v1/ask", json={"question": QUESTION})
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["detail"].startswith("over the rate limit of 2 per 1 minute; retry in")
    chat = client.post("/v1/chat/completions", json=CHAT)
    assert chat.status_code == 429 and "retry-after" in chat.headers
    assert chat.json()["error"]["message"].startswith("over the rate limit")
    assert client.get("/health").status_code == 200  # health checks are not counted
    assert len(engine.calls) == 2


def test_the_rate_is_counted_per_key(make_client: Any) -> None:
    client = make_client(rate_limit="1/minute", api_keys=["one", "two"])
    one, two = ({"Authorization": f"Bearer {k}"} for k in ("one", "two"))
    assert client.get("/v1/models", headers=one).status_code == 200
    assert client.get("/v1/models", headers=one).status_code == 429
    assert client.get("/v1/models", headers=two).status_code == 200


def test_no_rate_no_limit_and_no_429_declared(make_client: Any) -> None:
    client = make_client()
    assert all(client.get("/v1/models").status_code == 200 for _ in range(30))
    assert "429" not in client.get("/openapi.json").json()["paths"]["/v1/ask"]["post"]["responses"]


def test_a_rate_is_declared_as_429_with_retry_after(make_client: Any) -> None:
    doc = make_client(rate_limit="5/second").get("/openapi.json").json()
    declared = doc["paths"]["/v1/search"]["post"]["responses"]["429"]
    assert declared["headers"]["Retry-After"]["required"] is True


def test_a_body_over_the_limit_is_413_by_its_length(make_client: Any, engine: FakeEngine) -> None:
    client = make_client(max_body_kb=1)
    big = {"question": QUESTION, "places": ["x" * 1100]}
    r = client.post("/v1/ask", json=big)
    assert (r.status_code, r.json()) == (413, {"detail": "the request body is over 1 KB"})
    chat = client.post("/v1/chat/completions", json={**CHAT, "topics": ["x" * 1100]})
    assert chat.status_code == 413
    assert chat.json()["error"]["message"] == "the request body is over 1 KB"
    assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
    assert len(engine.calls) == 1


def test_a_streamed_body_over_the_limit_is_413(make_client: Any, engine: FakeEngine) -> None:
    client = make_client(max_body_kb=1)

    def chunks() -> Iterator[bytes]:
        yield b'{"question": "' + b"x" * 600
        yield b"x" * 600 + b'"}'

    r = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413 and engine.calls == []


def test_a_small_streamed_body_is_replayed_to_the_app(make_client: Any, engine: FakeEngine) -> None:
    client = make_client(max_body_kb=1)

    def chunks() -> Iterator[bytes]:
        yield b'{"question": '
        yield b'"' + QUESTION.encode() + b'"}'

    r = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 200 and engine.calls[0][1] == QUESTION


def test_the_question_length_is_a_setting(make_client: Any, engine: FakeEngine) -> None:
    client = make_client(max_question_chars=10)
    r = client.post("/v1/ask", json={"question": "x" * 11})
    assert r.status_code == 422
    assert [(e["loc"], e["type"]) for e in r.json()["detail"]] == [
        (["body", "question"], "string_too_long")
    ]
    assert client.post("/v1/search", json={"query": "y" * 11}).status_code == 422
    long_chat = {**CHAT, "messages": [{"role": "user", "content": "z" * 11}]}
    chat = client.post("/v1/chat/completions", json=long_chat)
    assert chat.status_code == 400
    assert chat.json()["error"]["message"] == "the last user message is over 10 characters"
    assert client.post("/v1/ask", json={"question": "x" * 10}).status_code == 200
    assert [q for _, q, _ in engine.calls] == ["x" * 10]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["AskRequest"]["properties"]["question"]["maxLength"] == 10
    assert schemas["SearchRequest"]["properties"]["query"]["maxLength"] == 10
