"""The app in-process: a plain httpx client, replies streamed as written, no network guards."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot.api import local_client
from bot.api.local import app_client
from bot.client import BriefbotClient
from bot.types import Answer
from ingest import owner
from ingest.errors import IndexBusy
from tests.conftest import make_settings
from tests.ingest.test_owner import hold

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


def test_the_local_app_owns_the_data_dir_until_closed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    http = local_client(make_settings(data), warm=False, purpose="a test UI")
    try:
        found = owner.holder(data)
        assert found is not None and found.pid == os.getpid()
        assert '"purpose": "a test UI"' in (data / owner.LOCK_NAME).read_text()
    finally:
        http.close()
    assert owner.holder(data) is None


def test_a_data_dir_owned_elsewhere_is_index_busy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = hold(data)
    try:
        with pytest.raises(IndexBusy, match=f"process {holder.pid} \\(briefbot serve at "):
            local_client(make_settings(data), warm=False)
    finally:
        holder.kill()
        holder.wait()
    assert owner.holder(data) is None  # nothing left claimed by the failed attempt
