"""``/v1/ask`` and ``/v1/search`` over a fake engine: what reaches the engine, what comes back."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from bot.errors import BotError
from bot.filters import Filters
from bot.types import Answer, passage_out
from ingest.errors import StoreUnavailable

from .conftest import ANSWER, OTHER, PASSAGE, PIECES, QUESTION, FakeEngine
from .events import sse_events


def test_ask_returns_the_engines_answer(client: TestClient, engine: FakeEngine) -> None:
    r = client.post("/v1/ask", json={"question": QUESTION})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert Answer.model_validate(r.json()) == ANSWER.model_copy(update={"question": QUESTION})
    assert r.json()["citations"][0]["url"] == "https://example.org/conflicto"
    assert r.json()["evidence"] == "answer" and r.json()["grounded"] is True
    options = {"k": None, "filters": Filters(), "conversation_id": None, "history": None}
    assert engine.calls == [("ask", QUESTION, options)]


def test_ask_passes_the_options_to_the_engine(client: TestClient, engine: FakeEngine) -> None:
    body = {
        "question": QUESTION,
        "k": 3,
        "conversation_id": "conv-1",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
        "source_types": ["news"],
        "languages": ["es"],
        "places": ["Ecuador"],
        "topics": ["security"],
    }
    assert client.post("/v1/ask", json=body).json()["conversation_id"] == "conv-1"
    [(_, _, options)] = engine.calls
    assert options == {
        "k": 3,
        "filters": Filters(
            "2024-01-01", "2024-12-31", ("news",), ("es",), ("ecuador",), ("security",)
        ),
        "conversation_id": "conv-1",
        "history": None,
    }


def test_ask_streams_deltas_then_the_answer_then_done(
    client: TestClient, engine: FakeEngine
) -> None:
    r = client.post("/v1/ask", json={"question": QUESTION, "stream": True, "k": 2})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache" and r.headers["x-accel-buffering"] == "no"
    events = sse_events(r.text)
    assert [name for name, _ in events] == ["delta", "delta", "answer", "done"]
    assert [json.loads(data) for _, data in events[:2]] == [{"text": p} for p in PIECES]
    assert Answer.model_validate_json(events[2][1]).question == QUESTION
    assert events[3][1] == "{}"
    assert [(kind, options["k"]) for kind, _, options in engine.calls] == [("stream", 2)]


def test_the_stream_is_plain_event_lines_with_unescaped_text(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": QUESTION, "stream": True})
    assert r.text.startswith(f'event: delta\ndata: {{"text": "{PIECES[0]}"}}\n\n')
    assert r.text.endswith("\n\nevent: done\ndata: {}\n\n")
    assert "\r" not in r.text and ": ping" not in r.text


@pytest.mark.parametrize(
    "error", [StoreUnavailable("the Chroma server went away"), BotError("cannot answer")]
)
def test_an_engine_failure_mid_stream_is_an_error_event_before_done(
    client: TestClient, engine: FakeEngine, error: Exception
) -> None:
    engine.stream_error = error
    events = sse_events(client.post("/v1/ask", json={"question": QUESTION, "stream": True}).text)
    assert events == [
        ("delta", json.dumps({"text": PIECES[0]}, ensure_ascii=False)),
        ("error", json.dumps({"detail": str(error)})),
        ("done", "{}"),
    ]


@pytest.mark.parametrize(
    "payload", [{"question": " ", "stream": True}, {"question": "x", "k": 0, "stream": True}]
)
def test_bad_stream_requests_get_422_not_a_stream(
    client: TestClient, engine: FakeEngine, payload: dict[str, object]
) -> None:
    r = client.post("/v1/ask", json=payload)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"] and engine.calls == []


def test_search_returns_the_engines_passages(client: TestClient, engine: FakeEngine) -> None:
    r = client.post("/v1/search", json={"query": "  extorsión en Lima ", "k": 5})
    assert r.status_code == 200
    assert r.json() == {
        "query": "extorsión en Lima",
        "language": "en",
        "passages": [passage_out(PASSAGE).model_dump(), passage_out(OTHER).model_dump()],
    }
    first = r.json()["passages"][0]
    assert (first["title"], first["score"], first["why"]) == (
        "Conflicto armado interno",
        0.8765,
        ["dense", "lexical"],
    )
    assert engine.calls == [("search", "  extorsión en Lima ", {"k": 5, "filters": Filters()})]


def test_search_passes_k_and_the_filters(client: TestClient, engine: FakeEngine) -> None:
    body = {"query": "extorsión", "k": 1, "languages": ["es"], "date_to": "2023-12-31"}
    assert len(client.post("/v1/search", json=body).json()["passages"]) == 1
    [(_, _, options)] = engine.calls
    assert options == {"k": 1, "filters": Filters(date_to="2023-12-31", languages=("es",))}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"query": ""},
        {"query": "   "},
        {"query": "x", "k": 51},
        {"query": "x", "date_from": "?"},
    ],
)
def test_bad_searches_get_422(
    client: TestClient, engine: FakeEngine, payload: dict[str, object]
) -> None:
    assert client.post("/v1/search", json=payload).status_code == 422
    assert engine.calls == []
