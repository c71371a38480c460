"""The LLM composer: a real langchain-openai client against an OpenAI-compatible server on
127.0.0.1 that replies with a scripted text, so the parsing, checking, streaming and fallback
logic is exercised through the real integration."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.answer.verify import Verifier
from bot.factory import build_engine
from bot.types import Answer, Passage
from ingest.embedders import get_embedder
from ingest.types import SourceInfo
from tests.conftest import make_settings

REPLY = {"text": "", "delay": 0.0}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        time.sleep(REPLY["delay"])
        text = REPLY["text"]
        if body.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), 20):
                chunk = {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "m",
                    "choices": [
                        {"index": 0, "delta": {"content": text[i : i + 20]}, "finish_reason": None}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        out = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


@pytest.fixture
def llm_engine(mini_index, server):  # type: ignore[no-untyped-def]
    settings = make_settings(
        mini_index.index.data_dir,
        llm="openai",
        llm_model="test-model",
        llm_base_url=server,
        llm_timeout=2.0,
    )
    REPLY.update(text="", delay=0.0)
    return build_engine(settings)


def _passage(n: int, text: str) -> Passage:
    return Passage(n, f"d{n}#0", text, SourceInfo(f"d{n}", f"Doc {n}"), 1.0)


def test_verifier_drops_bad_markers_and_unsupported_sentences(mini_index) -> None:  # type: ignore[no-untyped-def]
    verifier = Verifier(get_embedder("use", mini_index))
    passages = [
        _passage(
            1,
            "Argentina received Major Non-NATO Ally status in 1998, Brazil in 2019 and Colombia in 2022.",
        ),
        _passage(2, "The port of Paita is one of the main ports of northern Peru."),
    ]
    reply = (
        "Colombia became a Major Non-NATO Ally in 2022 [1][7]. "
        "Paita is a main port of northern Peru. "
        "The moon is made of green cheese and orbits Jupiter [2]."
    )
    checked = verifier.check(reply, passages)
    assert checked.text == (
        "Colombia became a Major Non-NATO Ally in 2022 [1]. "
        "Paita is a main port of northern Peru [2]."
    )
    assert [c.doc_id for c in checked.citations] == ["d1", "d2"]
    assert checked.removed == 1 and checked.rematched == 1


def test_llm_answer_is_verified_and_renumbered(llm_engine) -> None:  # type: ignore[no-untyped-def]
    question = "What does Major Non-NATO Ally status give a country?"
    passages = llm_engine._retrieve(question, "en", None, None)
    target = next(i for i, p in enumerate(passages, 1) if p.doc_id == "mnna.md")
    REPLY["text"] = (
        f"The status makes a partner eligible for excess defence articles and loans of "
        f"equipment [{target}]. It also brings cheaper pizza on Fridays [{target}]."
    )
    answer = llm_engine.ask(question)
    assert answer.backend == "llm:openai:test-model"
    assert answer.grounded
    assert answer.answer.endswith("[1].") and "pizza" not in answer.answer
    assert [c.doc_id for c in answer.citations] == ["mnna.md"]
    assert "1 unsupported sentence(s) removed" in (answer.reason or "")


def test_stream_yields_pieces_then_the_verified_answer(llm_engine) -> None:  # type: ignore[no-untyped-def]
    REPLY["text"] = "In January 2024 Ecuador declared an internal armed conflict [1]."
    items = list(llm_engine.stream("What did Ecuador declare in January 2024?"))
    pieces, final = items[:-1], items[-1]
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == REPLY["text"]
    assert isinstance(final, Answer) and final.backend.startswith("llm:")
    assert final.citations[0].doc_id == "ecuador/conflicto-armado.md"


def test_timeout_falls_back_to_extractive_with_the_reason(llm_engine) -> None:  # type: ignore[no-untyped-def]
    REPLY.update(text="Too late [1].", delay=3.5)
    answer = llm_engine.ask("What did Ecuador declare in January 2024?")
    assert answer.backend == "extractive"
    assert answer.grounded and answer.citations
    assert "LLM failed" in (answer.reason or "")
