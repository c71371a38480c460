"""The API over the real engine (real models, the mini index): what the answers contain."""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.types import Answer
from tests.bot.answer.test_llm import REPLY, _Handler
from tests.conftest import make_settings

from .events import sse_events

pytestmark = pytest.mark.slow


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


@pytest.mark.parametrize("path, field", [("/v1/ask", "question"), ("/v1/search", "query")])
def test_unknown_options_are_refused_not_ignored(client, path, field) -> None:  # type: ignore[no-untyped-def]
    r = client.post(path, json={field: "extorsión", "filters": {"languages": ["es"]}})
    assert r.status_code == 422
    assert any(e["loc"][-1] == "filters" for e in r.json()["detail"])
    assert client.post(path, json={field: "extorsión", "languages": ["es"]}).status_code == 200


def test_openapi_is_published(client) -> None:  # type: ignore[no-untyped-def]
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


MNNA_QUESTION = "What does Major Non-NATO Ally status give a country?"
ECUADOR_QUESTION = "¿Cuándo declaró Ecuador el conflicto armado interno?"


def test_ask_streams_deltas_then_the_answer(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/ask", json={"question": MNNA_QUESTION, "stream": True})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache" and r.headers["x-accel-buffering"] == "no"
    events = sse_events(r.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["answer", "done"] and set(names[:-2]) == {"delta"}
    text = "".join(json.loads(data)["text"] for name, data in events if name == "delta")
    answer = Answer.model_validate_json(events[-2][1])
    assert answer.grounded and answer.citations[0].doc_id == "mnna.md"
    assert text.strip() and text == answer.answer  # extractive: the answer is one piece
    plain = client.post("/v1/ask", json={"question": MNNA_QUESTION}).json()
    assert plain["answer"] == answer.answer and answer.question == MNNA_QUESTION


def test_streamed_turns_are_remembered(client) -> None:  # type: ignore[no-untyped-def]
    first = client.post(
        "/v1/ask",
        json={"question": ECUADOR_QUESTION, "conversation_id": "streamed-1", "stream": True},
    )
    assert Answer.model_validate_json(sse_events(first.text)[-2][1]).grounded
    follow = client.post(
        "/v1/ask", json={"question": "¿Y qué grupos nombró?", "conversation_id": "streamed-1"}
    ).json()
    assert follow["conversation_id"] == "streamed-1"
    assert "Ecuador" in follow["standalone_question"]


@pytest.mark.parametrize(
    "payload",
    [{"question": " ", "stream": True}, {"question": "x", "k": 0, "stream": True}],
)
def test_bad_stream_requests_get_422_not_a_stream(client, payload) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/ask", json=payload)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"]


def test_search_returns_ranked_passages(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/search", json={"query": "extortion of bus drivers in Lima"})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "extortion of bus drivers in Lima" and body["language"] == "en"
    passages = body["passages"]
    assert passages[0]["doc_id"] == "extorsion-transporte.txt"
    assert [p["rank"] for p in passages] == list(range(1, len(passages) + 1))
    assert {"chunk_id", "title", "source", "published", "language", "score", "text"} <= set(
        passages[0]
    )
    one = client.post("/v1/search", json={"query": "extortion of bus drivers", "k": 1}).json()
    assert len(one["passages"]) == 1


def test_search_applies_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    query = "What does Major Non-NATO Ally status mean?"
    spanish = client.post("/v1/search", json={"query": query, "languages": ["es"]}).json()
    assert spanish["passages"] and {p["language"] for p in spanish["passages"]} == {"es"}
    old = client.post("/v1/search", json={"query": query, "date_to": "2023-12-31"}).json()
    assert old["passages"] and all(p["published"] <= "2023-12-31" for p in old["passages"])
    analysis = client.post("/v1/search", json={"query": query, "source_types": ["analysis"]})
    assert {p["doc_id"] for p in analysis.json()["passages"]} <= {"mnna.md", "piura-frontera.md"}


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
def test_bad_searches_get_422(client, payload) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/v1/search", json=payload).status_code == 422


def test_models_lists_briefbot(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/v1/models").json()
    assert body["object"] == "list"
    assert [(m["id"], m["object"], m["owned_by"]) for m in body["data"]] == [
        ("briefbot", "model", "briefbot")
    ]
    assert isinstance(body["data"][0]["created"], int)
    assert client.get("/v1/models/briefbot").json()["id"] == "briefbot"
    missing = client.get("/v1/models/gpt-4")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "invalid_request_error"


def chat(client, messages, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        "/v1/chat/completions",
        json={"model": "briefbot", "messages": messages, "temperature": 0.2, **extra},
    )


def test_chat_completion_answers_with_sources(client) -> None:  # type: ignore[no-untyped-def]
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": MNNA_QUESTION},
    ]
    r = chat(client, messages)
    assert r.status_code == 200
    body = r.json()
    assert body["id"].startswith("chatcmpl-") and body["object"] == "chat.completion"
    assert body["model"] == "briefbot" and isinstance(body["created"], int)
    choice = body["choices"][0]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    answer = Answer.model_validate(body["briefbot"])
    assert answer.grounded and answer.citations[0].doc_id == "mnna.md"
    assert answer.question == MNNA_QUESTION and answer.standalone_question is None
    content = choice["message"]["content"]
    assert content.startswith(answer.answer + "\n\nSources:\n")
    assert "[1] What Major Non-NATO Ally status means (briefbot test note, " in content
    usage = body["usage"]
    assert usage["completion_tokens"] == len(content.split())
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0


def test_chat_understands_a_follow_up_from_the_messages(client) -> None:  # type: ignore[no-untyped-def]
    messages = [
        {"role": "user", "content": ECUADOR_QUESTION},
        {"role": "assistant", "content": "Ecuador lo declaró el 9 de enero de 2024 [1]."},
        {"role": "user", "content": [{"type": "text", "text": "¿Y qué grupos nombró?"}]},
    ]
    body = chat(client, messages).json()
    answer = body["briefbot"]
    assert answer["question"] == "¿Y qué grupos nombró?"
    assert answer["standalone_question"].startswith("¿Y qué grupos nombró? (")
    assert "Ecuador" in answer["standalone_question"]
    assert answer["grounded"] and answer["language"] == "es"
    assert "\n\nFuentes:\n[1] " in body["choices"][0]["message"]["content"]


def test_chat_completion_streams_openai_chunks(client) -> None:  # type: ignore[no-untyped-def]
    messages = [{"role": "user", "content": MNNA_QUESTION}]
    r = chat(client, messages, stream=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    assert {name for name, _ in events} == {"message"}  # OpenAI streams name no events
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert [c["choices"][0]["finish_reason"] for c in chunks] == [None] * (len(chunks) - 1) + [
        "stop"
    ]
    assert chunks[-1]["choices"][0]["delta"] == {}
    content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    whole = chat(client, messages).json()
    assert content == whole["choices"][0]["message"]["content"]
    final = Answer.model_validate(chunks[-1]["briefbot"])
    assert final.grounded and final.citations[0].doc_id == "mnna.md"


def test_chat_accepts_the_retrieval_filters(client) -> None:  # type: ignore[no-untyped-def]
    messages = [{"role": "user", "content": "Which border crossing links Piura with Macará?"}]
    spanish = chat(client, messages, languages=["es"]).json()["briefbot"]
    assert spanish["citations"] and {c["language"] for c in spanish["citations"]} == {"es"}
    english = chat(client, messages, languages=["en"]).json()["briefbot"]
    shown = english["citations"] + english["passages"]
    assert "piura-frontera.md" not in {c["doc_id"] for c in shown}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"messages": []},
        {"messages": "hello"},
        {"messages": [{"content": "no role"}]},
        {"messages": [{"role": "system", "content": "only a system prompt"}]},
        {"messages": [{"role": "user", "content": " "}, {"role": "assistant", "content": "hi"}]},
        {"messages": [{"role": "user", "content": "x" * 2001}]},
        {"messages": [{"role": "user", "content": "x"}], "date_from": "someday"},
    ],
)
def test_bad_chat_bodies_get_openai_400s(client, payload) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/chat/completions", json=payload)
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]


def test_chat_bad_json_is_an_openai_400(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/v1/chat/completions", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


@pytest.fixture(scope="module")
def llm_client(mini_index):  # type: ignore[no-untyped-def]
    """The API over an engine whose LLM is a scripted OpenAI-compatible server (see test_llm)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    settings = make_settings(
        mini_index.index.data_dir,
        llm="openai",
        llm_model="test-model",
        llm_base_url=f"http://127.0.0.1:{httpd.server_address[1]}/v1",
        llm_timeout=5.0,
    )
    with TestClient(create_app(settings)) as c:
        yield c
    httpd.shutdown()


def test_llm_replies_stream_in_many_pieces(llm_client) -> None:  # type: ignore[no-untyped-def]
    REPLY.update(text="In January 2024 Ecuador declared an internal armed conflict [1].", delay=0)
    question = "What did Ecuador declare in January 2024?"
    events = sse_events(
        llm_client.post("/v1/ask", json={"question": question, "stream": True}).text
    )
    deltas = [json.loads(data)["text"] for name, data in events if name == "delta"]
    assert len(deltas) > 1 and "".join(deltas) == REPLY["text"]
    answer = Answer.model_validate_json(events[-2][1])
    assert answer.backend.startswith("llm:")
    assert answer.citations[0].doc_id == "ecuador/conflicto-armado.md"

    r = llm_client.post(
        "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": question}], "stream": True},
    )
    chunks = [json.loads(data) for _, data in sse_events(r.text)[:-1]]
    pieces = [c["choices"][0]["delta"].get("content") for c in chunks]
    assert len([p for p in pieces if p]) > 2  # the reply's pieces, then the sources block
    assert "".join(p or "" for p in pieces).startswith(REPLY["text"] + "\n\nSources:\n[1] ")


def test_a_warm_server_has_loaded_the_models_before_the_first_question(mini_index) -> None:  # type: ignore[no-untyped-def]
    from bot.factory import get_engine

    engine = get_engine(mini_index)
    e5 = next(e for e in engine.embedders.values() if e.id.startswith("e5"))
    e5._query_session = None  # as in a fresh process: questions not yet seen
    with TestClient(create_app(mini_index, warm=True)) as c:
        assert e5._query_session is not None  # loaded at start-up, not by a request
        assert c.get("/health").json()["status"] == "ok"
