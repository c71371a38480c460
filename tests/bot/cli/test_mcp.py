"""``briefbot mcp`` in-process over pipes, with the API's fake engine: JSON-RPC lines in, the
replies out on stdout, and the command returns once stdin closes."""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from typing import Any

import pytest

from bot.cli import main
from tests.bot.api.conftest import ANSWER, QUESTION, FakeEngine

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    },
}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}
MESSAGES = [
    INITIALIZE,
    INITIALIZED,
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "tools/call",
        "params": {"name": "ask", "arguments": {"question": QUESTION}},
    },
]


class Replies(io.BytesIO):
    """A stdout that calls ``done`` once it holds ``count`` lines."""

    def __init__(self, count: int, done: Any) -> None:
        super().__init__()
        self.count, self.done = count, done

    def write(self, data: Any) -> int:
        written = super().write(data)
        if self.getvalue().count(b"\n") >= self.count:
            self.done()
        return written


def run_mcp(monkeypatch: pytest.MonkeyPatch, messages: list[dict[str, Any]], replies: int) -> str:
    """``briefbot mcp`` fed ``messages``; stdin closes after ``replies`` lines (or 30 s)."""
    read_end, write_end = os.pipe()
    os.write(write_end, "".join(json.dumps(m) + "\n" for m in messages).encode())
    closed = threading.Lock()

    def close_stdin() -> None:
        if closed.acquire(blocking=False):
            os.close(write_end)

    stdout = Replies(replies, close_stdin)
    timer = threading.Timer(30, close_stdin)
    timer.start()
    with open(read_end, "rb") as stdin:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stdin))
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(stdout, write_through=True))
        try:
            main(["mcp"], standalone_mode=False)
        finally:
            timer.cancel()
            close_stdin()
    return stdout.getvalue().decode()


def test_mcp_answers_on_stdout_and_stops_when_stdin_closes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = FakeEngine()
    monkeypatch.setattr("bot.mcp.server.get_engine", lambda settings: engine)
    lines = run_mcp(monkeypatch, MESSAGES, replies=3).splitlines()
    replies = {r["id"]: r for r in map(json.loads, lines)}
    assert len(lines) == 3 and set(replies) == {1, 2, 3}
    assert replies[1]["result"]["serverInfo"]["name"] == "briefbot"
    assert {t["name"] for t in replies[2]["result"]["tools"]} == {"search", "ask", "brief"}
    called = replies[3]["result"]
    assert not called["isError"]
    assert called["structuredContent"]["citations"][0]["quote"] == ANSWER.citations[0].quote
    assert called["content"][0]["text"].startswith(ANSWER.answer)
    assert [(name, question) for name, question, _ in engine.calls] == [("ask", QUESTION)]
