"""The app in-process: a plain httpx client, replies streamed as written, no network guards."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from bot.api import local_client
from bot.api.local import app_client
from bot.client import BriefbotClient
from bot.types import Answer
from tests.conftest import make_settings

from .conftest import PIECES, QUESTION, FakeEngine


class WaitingEngine(FakeEngine):
    """Writes its first piece, then waits until the caller has read it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = threading.Event()

    def stream(self, question: str, **options: Any) -> Iterator[str | Answer]:
        items = super().stream(question, **options)
        yield next(items)
        if not self.seen.wait(10):
            raise AssertionError("the first piece never reached the caller")
        yield from items


def test_a_streamed_answer_reaches_the_caller_piece_by_piece(app: FastAPI) -> None:
    from bot.api.deps import get_engine_dep

    engine = WaitingEngine()
    app.dependency_overrides[get_engine_dep] = lambda: engine
    with app_client(app) as http:
        assert isinstance(http, httpx.Client)
        items = BriefbotClient(http).stream(QUESTION)
        assert next(items) == PIECES[0]  # while the engine still waits
        engine.seen.set()
        rest = list(items)
    assert rest[:-1] == PIECES[1:] and isinstance(rest[-1], Answer)


def test_the_local_app_has_no_keys_or_rate_limit(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", api_keys=["admin-key"], rate_limit="1/minute")
    with local_client(settings, warm=False) as http:
        replies = [http.get("/v1/models") for _ in range(3)]
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert replies[0].json()["data"][0]["id"] == "briefbot"
    assert settings.server.api_keys == ["admin-key"]  # the caller's settings are untouched
