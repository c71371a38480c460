"""The OpenAI wire format over a fake engine: models, completions, chunks, errors, the client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from bot.answer.render import sources_text
from bot.api.openai import HISTORY_TURNS, ChatMessage, chat_question
from bot.errors import BotError
from bot.filters import Filters
from bot.types import Answer
from ingest.errors import StoreUnavailable

from .conftest import ANSWER, PIECES, QUESTION, FakeEngine
from .events import sse_events

CONTENT = ANSWER.answer + sources_text(ANSWER)


def chat(client: TestClient, messages: list[dict[str, Any]], **extra: Any) -> Any:
    body = {"model": "briefbot", "messages": messages, "temperature": 0.2, **extra}
    return client.post("/v1/chat/completions", json=body)


def messages(*pairs: tuple[str, Any]) -> list[ChatMessage]:
    return [ChatMessage(role=role, content=content) for role, content in pairs]


def test_models_lists_briefbot(client: TestClient) -> None:
    body = client.get("/v1/models").json()
    assert body["object"] == "list"
    assert [(m["id"], m["object"], m["owned_by"]) for m in body["data"]] == [
        ("briefbot", "model", "briefbot")
    ]
    card = client.get("/v1/models/briefbot").json()
    assert card == body["data"][0] and isinstance(card["created"], int)
    missing = client.get("/v1/models/gpt-4")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "message": "the model 'gpt-4' does not exist",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }


def test_a_completion_is_the_answer_then_its_sources(
    client: TestClient, engine: FakeEngine
) -> None:
    r = chat(
        client, [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}]
    )
    assert r.status_code == 200
    body = r.json()
    assert body["id"].startswith("chatcmpl-") and body["object"] == "chat.completion"
    assert body["model"] == "briefbot" and isinstance(body["created"], int)
    assert body["choices"] == [
        {"index": 0, "message": {"role": "assistant", "content": CONTENT}, "finish_reason": "stop"}
    ]
    assert CONTENT.startswith(
        ANSWER.answer + "\n\nFuentes:\n[1] Conflicto armado interno (El Comercio, "
    )
    assert Answer.model_validate(body["briefbot"]).citations == ANSWER.citations
    assert body["briefbot"]["evidence"] == "answer"
    prompt = len("Be brief.".split()) + len(QUESTION.split())
    assert body["usage"] == {
        "prompt_tokens": prompt,
        "completion_tokens": len(CONTENT.split()),
        "total_tokens": prompt + len(CONTENT.split()),
    }
    options: dict[str, Any] = {"k": None, "filters": Filters(), "conversation_id": None}
    assert engine.calls == [("ask", QUESTION, {**options, "history": []})]


def test_an_answer_without_citations_has_no_sources(client: TestClient, engine: FakeEngine) -> None:
    engine.answer = Answer(question="", answer="No evidence.", language="en", grounded=False)
    r = chat(client, [{"role": "user", "content": "cake?"}])
    assert r.json()["choices"][0]["message"]["content"] == "No evidence."


def test_the_earlier_turns_reach_the_engine_as_pairs(
    client: TestClient, engine: FakeEngine
) -> None:
    chat(
        client,
        [
            {"role": "user", "content": QUESTION},
            {"role": "assistant", "content": "El 9 de enero de 2024 [1]."},
            {"role": "user", "content": [{"type": "text", "text": "¿Y qué grupos nombró?"}]},
        ],
        languages=["es"],
        k=4,
    )
    [(kind, question, options)] = engine.calls
    assert (kind, question) == ("ask", "¿Y qué grupos nombró?")
    assert options["history"] == [(QUESTION, "El 9 de enero de 2024 [1].")]
    assert (options["k"], options["filters"]) == (4, Filters(languages=("es",)))


def test_chat_question_pairs_each_user_message_with_the_reply_after_it() -> None:
    question, history = chat_question(
        messages(
            ("system", "Be brief."),
            ("user", " first "),
            ("assistant", "one"),
            ("tool", "ignored"),
            ("user", "  "),
            ("user", "second"),
            ("user", [{"type": "text", "text": "third"}, {"type": "image_url", "url": "x"}]),
            ("assistant", [{"type": "text", "text": "three"}, {"type": "text", "text": "3"}]),
            ("user", " last? "),
        ),
        2000,
    )
    assert question == "last?"
    assert history == [("first", "one"), ("second", ""), ("third", "three\n3")]


def test_a_last_user_message_without_text_leaves_the_question_before_it() -> None:
    question, history = chat_question(messages(("user", "fine"), ("user", " ")), 2000)
    assert (question, history) == ("fine", [])


def test_chat_question_keeps_the_last_turns_only() -> None:
    earlier = [p for n in range(10) for p in (("user", f"q{n}"), ("assistant", f"a{n}"))]
    _, history = chat_question(messages(*earlier, ("user", "now")), 2000)
    assert history == [(f"q{n}", f"a{n}") for n in range(10 - HISTORY_TURNS, 10)]


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("system", "only a system prompt")], "messages holds no user message with text"),
        ([("assistant", "hello")], "messages holds no user message with text"),
        ([("user", " "), ("assistant", "hi")], "messages holds no user message with text"),
        (
            [("user", [{"type": "image_url", "url": "x"}])],
            "messages holds no user message with text",
        ),
        ([("user", "x" * 2001)], "the last user message is over 2000 characters"),
    ],
)
def test_chat_question_refuses_unusable_messages(
    pairs: list[tuple[str, Any]], message: str
) -> None:
    with pytest.raises(HTTPException) as caught:
        chat_question(messages(*pairs), 2000)
    assert (caught.value.status_code, caught.value.detail) == (400, message)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"messages": []},
        {"messages": "hello"},
        {"messages": [{"content": "no role"}]},
        {"messages": [{"role": "system", "content": "only a system prompt"}]},
        {"messages": [{"role": "user", "content": "x" * 2001}]},
        {"messages": [{"role": "user", "content": "x"}], "date_from": "someday"},
    ],
)
def test_bad_chat_bodies_get_openai_400s(
    client: TestClient, engine: FakeEngine, payload: dict[str, Any]
) -> None:
    r = client.post("/v1/chat/completions", json=payload)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    assert engine.calls == []


def test_a_streamed_completion_is_openai_chunks_then_done(
    client: TestClient, engine: FakeEngine
) -> None:
    r = chat(client, [{"role": "user", "content": QUESTION}], stream=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache" and r.headers["x-accel-buffering"] == "no"
    assert r.text.startswith("data: {") and r.text.endswith("\n\ndata: [DONE]\n\n")
    events = sse_events(r.text)
    assert {name for name, _ in events} == {"message"}  # OpenAI streams name no events
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert {c["model"] for c in chunks} == {"briefbot"}
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas == [
        {"role": "assistant", "content": ""},
        *({"content": p} for p in PIECES),
        {"content": sources_text(ANSWER)},
        {},
    ]
    assert [c["choices"][0]["finish_reason"] for c in chunks] == [None] * 4 + ["stop"]
    assert Answer.model_validate(chunks[-1]["briefbot"]).question == QUESTION
    assert "".join(d.get("content", "") for d in deltas) == CONTENT
    assert [kind for kind, _, _ in engine.calls] == ["stream"]


@pytest.mark.parametrize(
    "error, status, kind",
    [
        (StoreUnavailable("the Chroma server went away"), 500, "server_error"),
        (BotError("cannot answer"), 400, "invalid_request_error"),
    ],
)
def test_an_engine_failure_mid_stream_is_an_openai_error_before_done(
    client: TestClient, engine: FakeEngine, error: Exception, status: int, kind: str
) -> None:
    engine.stream_error = error
    events = sse_events(chat(client, [{"role": "user", "content": QUESTION}], stream=True).text)
    assert [json.loads(data)["choices"][0]["delta"] for _, data in events[:2]] == [
        {"role": "assistant", "content": ""},
        {"content": PIECES[0]},
    ]
    assert json.loads(events[2][1]) == {
        "error": {"message": str(error), "type": kind, "param": None, "code": None}
    }
    assert events[3:] == [("message", "[DONE]")]
