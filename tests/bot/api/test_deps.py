"""The dependencies: the engine is the process-wide one for the app's own settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import bot.api.deps
from bot.api import create_app
from ingest.config import Settings
from tests.conftest import make_settings

from .conftest import FakeEngine


def test_the_engine_is_built_for_the_apps_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built: list[Settings] = []
    engine = FakeEngine()

    def get_engine(settings: Settings) -> FakeEngine:
        built.append(settings)
        return engine

    monkeypatch.setattr(bot.api.deps, "get_engine", get_engine)
    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").json()["chunks"] == 42
        client.post("/v1/search", json={"query": "Piura"})
    assert [id(s) for s in built] == [id(settings)] * 2
    assert [kind for kind, _, _ in engine.calls] == ["search"]
