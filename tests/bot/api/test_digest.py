"""``POST /v1/digest`` on the real app over a fake engine and library (plumbing only)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import bot.library
from tests.bot.api.conftest import FakeEngine
from tests.bot.brief.conftest import WordEmbedder
from tests.bot.brief.test_digest import LIBRARY, FakeLibrary


@pytest.fixture(autouse=True)
def library(engine: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    opened: list[object] = []

    def open_library(settings: object) -> FakeLibrary:
        opened.append(settings)
        return FakeLibrary(LIBRARY)

    engine.settings = "the engine's settings"  # type: ignore[attr-defined]
    engine.sentence_embedder = WordEmbedder()  # type: ignore[attr-defined]
    monkeypatch.setattr(bot.library, "Library", open_library)
    return opened


def test_digest_groups_the_new_documents(client: TestClient, library: list[object]) -> None:
    response = client.post("/v1/digest", json={"since": "2024-01-01", "topic": "extortion"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["since"] == "2024-01-01" and body["topic"] == "extortion"
    [group] = body["groups"]
    assert (group["topic"], group["place"]) == ("extortion", "Piura")
    assert [c["n"] for c in body["citations"]] == [1, 2]
    assert library == ["the engine's settings"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"since": "2024"},
        {"since": "2024-13-01"},
        {"since": 20240101},
        {"since": "2024-01-01", "topic": "  "},
        {"since": "2024-01-01", "topic": "x" * 201},
        {"since": "2024-01-01", "until": "2025-01-01"},
    ],
)
def test_digest_refuses_an_invalid_body(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/digest", json=body).status_code == 422


def test_digest_declares_its_statuses(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/digest"]["post"]
    assert {"200", "400", "413", "422", "500", "503"} <= set(operation["responses"])
    schema = client.get("/openapi.json").json()["components"]["schemas"]["DigestRequest"]
    assert schema["properties"]["since"]["format"] == "date"
    assert schema["additionalProperties"] is False
