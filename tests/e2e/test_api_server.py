"""The HTTP API as a client sees it: a real ``python -m bot serve`` (uvicorn) process."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import api_cmd, free_port, own_copy, running, server_env

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(mini_index, tmp_path_factory) -> Iterator[tuple[httpx.Client, int]]:  # type: ignore[no-untyped-def]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("api") / "api.log"
    env = server_env(own_copy(mini_index.index.data_dir, log.parent / "data"), MODELS_DIR)
    with (
        running(api_cmd(port), f"{url}/health", env, log) as proc,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client, proc.pid


@pytest.fixture(scope="module")
def api(server: tuple[httpx.Client, int]) -> httpx.Client:
    return server[0]


def test_the_serving_process_never_loads_torch(server: tuple[httpx.Client, int]) -> None:
    client, pid = server
    r = client.post("/v1/ask", json={"question": "What does Major Non-NATO Ally status give?"})
    assert r.status_code == 200 and r.json()["citations"]
    maps = Path(f"/proc/{pid}/maps").read_text()
    assert "onnxruntime" in maps  # the check sees the libraries the server did load
    assert "libtorch" not in maps and "/torch/" not in maps


def test_health_reports_the_index(api: httpx.Client) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["chunks"] >= 4


def test_spanish_question_gets_a_cited_spanish_answer(api: httpx.Client) -> None:
    r = api.post(
        "/v1/ask", json={"question": "¿Cuándo declaró Ecuador el conflicto armado interno?"}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["grounded"] and body["language"] == "es"
    assert body["citations"][0]["doc_id"] == "ecuador/conflicto-armado.md"
    assert "[1]" in body["answer"]


def test_english_question_gets_a_cited_english_answer(api: httpx.Client) -> None:
    r = api.post("/v1/ask", json={"question": "How do gangs extort bus drivers in Lima?"})
    assert r.status_code == 200
    body = r.json()
    assert body["grounded"] and body["language"] == "en"
    assert "extorsion-transporte.txt" in {c["doc_id"] for c in body["citations"]}
    assert all(c["quote"] for c in body["citations"])


def test_malformed_bodies_are_422(api: httpx.Client) -> None:
    assert api.post("/v1/ask", json={"q": "no question field"}).status_code == 422
    assert api.post("/v1/ask", json={"question": ""}).status_code == 422
    bad_json = api.post(
        "/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422


def test_ask_streams_server_sent_events(api: httpx.Client) -> None:
    question = "How do gangs extort bus drivers in Lima?"
    events: list[tuple[str, str]] = []
    with api.stream("POST", "/v1/ask", json={"question": question, "stream": True}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        name = "message"
        for line in r.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, line.removeprefix("data: ")))
    assert [n for n, _ in events][-2:] == ["answer", "done"]
    text = "".join(json.loads(d)["text"] for n, d in events if n == "delta")
    answer = json.loads(events[-2][1])
    assert text and answer["grounded"] and answer["answer"] == text
    assert "extorsion-transporte.txt" in {c["doc_id"] for c in answer["citations"]}


def test_the_openai_client_talks_to_the_bot(api: httpx.Client) -> None:
    client = openai.OpenAI(base_url=f"{api.base_url}/v1", api_key="unused", timeout=60)
    assert [m.id for m in client.models.list()] == ["briefbot"]
    messages: list[Any] = [
        {"role": "user", "content": "What does Major Non-NATO Ally status give?"}
    ]

    completion = client.chat.completions.create(model="briefbot", messages=messages)
    content = completion.choices[0].message.content or ""
    answer = (completion.model_extra or {})["briefbot"]
    assert answer["grounded"] and answer["citations"][0]["doc_id"] == "mnna.md"
    assert content.startswith(answer["answer"])
    assert "Sources:\n[1] What Major Non-NATO Ally status means" in content

    pieces, extras = [], []
    for chunk in client.chat.completions.create(model="briefbot", messages=messages, stream=True):
        pieces += [c.delta.content or "" for c in chunk.choices]
        extras.append(chunk.model_extra or {})
    assert "".join(pieces) == content
    assert extras[-1]["briefbot"]["citations"] == answer["citations"]

    with pytest.raises(openai.BadRequestError, match="no user message"):
        client.chat.completions.create(
            model="briefbot", messages=[{"role": "system", "content": "hi"}]
        )
