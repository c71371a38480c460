"""API keys over the real app and a fake engine: who gets in, and what the refused get."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.api.auth import require
from bot.api.deps import get_engine_dep
from bot.keys import load_keys
from tests.conftest import make_settings

from .conftest import QUESTION, FakeEngine

READER, ADMIN = "reader-key", "admin-key"
ASK = {"question": QUESTION}
CHAT = {"model": "briefbot", "messages": [{"role": "user", "content": QUESTION}]}


@pytest.fixture
def keyed(engine: FakeEngine, tmp_path: Path) -> Iterator[TestClient]:
    """The app with a read key and an admin key configured."""
    settings = make_settings(tmp_path / "data", api_keys=[f"{READER}:read", ADMIN])
    app = create_app(settings)
    app.dependency_overrides[get_engine_dep] = lambda: engine
    with TestClient(app) as client:
        yield client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    "headers, detail",
    [
        ({}, "an API key is required: Authorization: Bearer KEY"),
        (bearer("wrong"), "the API key is not valid"),
        ({"Authorization": f"Basic {READER}"}, "an API key is required: Authorization: Bearer KEY"),
    ],
)
def test_native_routes_refuse_a_missing_or_wrong_key(
    keyed: TestClient, engine: FakeEngine, headers: dict[str, str], detail: str
) -> None:
    for r in (
        keyed.post("/v1/ask", json=ASK, headers=headers),
        keyed.post("/v1/search", json={"query": "Piura"}, headers=headers),
    ):
        assert (r.status_code, r.json()) == (401, {"detail": detail})
        assert r.headers["www-authenticate"] == "Bearer"
    assert engine.calls == []


@pytest.mark.parametrize("headers", [{}, bearer("wrong")])
def test_openai_routes_refuse_with_openais_error_body(
    keyed: TestClient, engine: FakeEngine, headers: dict[str, str]
) -> None:
    for r in (
        keyed.post("/v1/chat/completions", json=CHAT, headers=headers),
        keyed.get("/v1/models", headers=headers),
        keyed.get("/v1/models/briefbot", headers=headers),
    ):
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        error = r.json()["error"]
        assert error["type"] == "invalid_request_error" and "API key" in error["message"]
    assert engine.calls == []


@pytest.mark.parametrize("key", [READER, ADMIN])
def test_a_configured_key_of_either_role_may_read(
    keyed: TestClient, engine: FakeEngine, key: str
) -> None:
    assert keyed.post("/v1/ask", json=ASK, headers=bearer(key)).status_code == 200
    assert keyed.post("/v1/chat/completions", json=CHAT, headers=bearer(key)).status_code == 200
    assert keyed.get("/v1/models", headers=bearer(key)).json()["data"][0]["id"] == "briefbot"
    assert [kind for kind, _, _ in engine.calls] == ["ask", "ask"]


def test_health_and_the_docs_stay_public(keyed: TestClient) -> None:
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/openapi.json").status_code == 200
    assert keyed.get("/docs").status_code == 200


def test_without_keys_the_api_is_open_and_declares_no_security(client: TestClient) -> None:
    assert client.post("/v1/ask", json=ASK).status_code == 200
    doc = client.get("/openapi.json").json()
    assert "securitySchemes" not in doc.get("components", {})
    assert "401" not in doc["paths"]["/v1/ask"]["post"]["responses"]


def test_with_keys_the_document_declares_bearer_and_401(keyed: TestClient) -> None:
    doc = keyed.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, method in [("/v1/ask", "post"), ("/v1/chat/completions", "post")]:
        operation = doc["paths"][path][method]
        assert operation["security"] == [{"HTTPBearer": []}]
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
    assert "security" not in doc["paths"]["/health"]["get"]


def test_roles_at_the_dependency_a_read_key_cannot_pass_an_admin_guard() -> None:
    app = FastAPI()
    app.state.keys = load_keys([f"{READER}:read", ADMIN], None)

    @app.get("/admin-only", dependencies=[Depends(require("admin"))])
    def admin_only() -> dict[str, bool]:
        return {"ok": True}

    with TestClient(app) as client:
        refused = client.get("/admin-only", headers=bearer(READER))
        assert refused.status_code == 403
        assert refused.json() == {"detail": "a read key cannot do this (needs admin)"}
        assert client.get("/admin-only", headers=bearer(ADMIN)).json() == {"ok": True}
        assert client.get("/admin-only").status_code == 401
