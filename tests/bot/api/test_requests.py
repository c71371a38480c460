"""Request ids, one log line per request, and JSON 500s for errors no handler took."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from tests.bot.api.conftest import QUESTION, FakeEngine


def test_every_response_carries_a_request_id_and_is_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.api.requests"):
        r = client.post("/v1/ask", json={"question": QUESTION})
        given = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.status_code == 200 and len(r.headers["x-request-id"]) == 32
    assert given.headers["x-request-id"] == "abc-123"
    lines = [rec.getMessage() for rec in caplog.records]
    assert any(line.startswith(f"{r.headers['x-request-id']} POST /v1/ask 200 ") for line in lines)
    assert any(line.startswith("abc-123 GET /health 200 ") for line in lines)


def test_a_bad_request_id_is_replaced(client: TestClient) -> None:
    r = client.get("/health", headers={"X-Request-ID": "x" * 65})
    assert r.headers["x-request-id"] != "x" * 65


def test_an_unexpected_error_is_a_json_500_naming_the_request(
    engine: FakeEngine, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    engine.error = RuntimeError("a bug")
    with caplog.at_level(logging.INFO, logger="bot.api.requests"):
        r = client.post("/v1/ask", json={"question": QUESTION})
    request_id = r.headers["x-request-id"]
    assert r.status_code == 500
    assert r.json() == {
        "detail": "internal error; the server log has the details under request id " + request_id
    }
    failed = [rec for rec in caplog.records if rec.levelno == logging.ERROR]
    assert failed and request_id in failed[0].getMessage() and failed[0].exc_info
    chat = client.post(
        "/v1/chat/completions",
        json={"model": "briefbot", "messages": [{"role": "user", "content": QUESTION}]},
    )
    assert chat.status_code == 500
    assert chat.json()["error"]["message"].endswith(chat.headers["x-request-id"])
