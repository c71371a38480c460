"""The app: errors translated once (status and body), validation, start-up, OpenAPI."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import bot.api
import bot.api.app
from bot.api import create_app, serving_app
from bot.api.deps import get_engine_dep
from bot.errors import BadRequest, BotError
from ingest.errors import EmbedderMismatch, IngestError, SourceError, StoreUnavailable

from .conftest import FakeEngine

ASK = {"question": "¿Qué pasó en Ecuador?"}
CHAT = {"model": "briefbot", "messages": [{"role": "user", "content": "¿Qué pasó en Ecuador?"}]}


@pytest.mark.parametrize(
    "error, status",
    [
        (StoreUnavailable("the Chroma server at :8001 cannot be reached"), 503),
        (EmbedderMismatch("the index was built with e5; rebuild it"), 503),
        (IngestError("something else broke"), 500),
        (SourceError("a source broke"), 500),
        (BotError("the question is unusable"), 400),
        (BadRequest("the options are invalid"), 400),
    ],
)
def test_engine_errors_get_a_status_and_a_detail(
    client: TestClient, engine: FakeEngine, error: Exception, status: int
) -> None:
    engine.error = error
    r = client.post("/v1/ask", json=ASK)
    assert (r.status_code, r.json()) == (status, {"detail": str(error)})
    search = client.post("/v1/search", json={"query": "Ecuador"})
    assert (search.status_code, search.json()) == (status, {"detail": str(error)})


@pytest.mark.parametrize(
    "error, status, kind",
    [
        (StoreUnavailable("the Chroma server cannot be reached"), 503, "server_error"),
        (IngestError("something else broke"), 500, "server_error"),
        (BotError("the question is unusable"), 400, "invalid_request_error"),
    ],
)
def test_engine_errors_on_openai_paths_get_openai_bodies(
    client: TestClient, engine: FakeEngine, error: Exception, status: int, kind: str
) -> None:
    engine.error = error
    r = client.post("/v1/chat/completions", json=CHAT)
    assert r.status_code == status
    assert r.json() == {"error": {"message": str(error), "type": kind, "param": None, "code": None}}


def test_an_engine_that_cannot_be_built_is_a_503(app: FastAPI, client: TestClient) -> None:
    def unavailable() -> FakeEngine:
        raise StoreUnavailable("the Chroma server cannot be reached")

    app.dependency_overrides[get_engine_dep] = unavailable
    r = client.get("/health")
    assert r.status_code == 503
    assert r.json() == {"detail": "the Chroma server cannot be reached"}


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "   "}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "x", "k": 0}, "k"),
        ({"question": "x", "k": 51}, "k"),
        ({"question": "x", "date_from": "yesterday"}, "date_from"),
        ({"question": "x", "conversation_id": "no spaces"}, "conversation_id"),
    ],
)
def test_invalid_bodies_get_fastapis_422(
    client: TestClient, engine: FakeEngine, payload: dict[str, object], field: str
) -> None:
    r = client.post("/v1/ask", json=payload)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert [e["loc"] for e in r.json()["detail"]] == [["body", field]]
    assert engine.calls == []


@pytest.mark.parametrize("path, field", [("/v1/ask", "question"), ("/v1/search", "query")])
def test_unknown_options_are_refused_not_ignored(
    client: TestClient, engine: FakeEngine, path: str, field: str
) -> None:
    r = client.post(path, json={field: "extorsión", "filters": {"languages": ["es"]}})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "filters"]]
    assert engine.calls == []
    assert client.post(path, json={field: "extorsión", "languages": ["es"]}).status_code == 200


def test_bad_json_is_422_natively_and_an_openai_400(client: TestClient) -> None:
    json_type = {"content-type": "application/json"}
    assert client.post("/v1/ask", content=b"{not json", headers=json_type).status_code == 422
    r = client.post("/v1/chat/completions", content=b"{not json", headers=json_type)
    assert r.status_code == 400
    assert r.json()["error"]["type"] == "invalid_request_error"


def test_invalid_chat_bodies_are_openai_400s_naming_the_field(client: TestClient) -> None:
    r = client.post("/v1/chat/completions", json={**CHAT, "k": 0})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"].startswith("k: ")
    missing = client.post("/v1/chat/completions", json={"model": "briefbot"})
    assert missing.json()["error"]["message"].startswith("messages: ")


def test_http_errors_keep_fastapis_body_off_the_openai_paths(client: TestClient) -> None:
    r = client.get("/v1/nowhere")
    assert (r.status_code, r.json()) == (404, {"detail": "Not Found"})
    wrong_method = client.get("/v1/ask")
    assert (wrong_method.status_code, wrong_method.json()) == (
        405,
        {"detail": "Method Not Allowed"},
    )


@pytest.mark.parametrize("warm", [True, False])
def test_the_engine_is_warmed_at_start_up_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(bot.api.app, "get_engine", lambda settings: engine)
    with TestClient(create_app(warm=warm)):
        assert engine.warmed is warm


def test_the_serving_app_is_warm(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(bot.api.app, "get_engine", lambda settings: engine)
    with TestClient(serving_app()):
        assert engine.warmed


def test_the_package_exports_the_app_factories() -> None:
    assert bot.api.__all__ == ["create_app", "local_client", "serving_app"]


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/health",
        "/v1/ask",
        "/v1/search",
        "/v1/brief",
        "/v1/digest",
        "/v1/models",
        "/v1/models/{model}",
        "/v1/chat/completions",
        "/v1/documents",
        "/v1/documents/{doc_id}",
        "/v1/jobs/{job_id}",
    }
    assert "text/event-stream" in paths["/v1/ask"]["post"]["responses"]["200"]["content"]
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(
    "path, allowed, body",
    [
        ("/v1/ask", "POST", {"detail": "Method Not Allowed"}),
        (
            "/v1/models",
            "GET",
            {
                "error": {
                    "message": "Method Not Allowed",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
            },
        ),
    ],
)
def test_an_undeclared_method_is_405_json_with_allow(
    client: TestClient, path: str, allowed: str, body: dict[str, object]
) -> None:
    r = client.request("DELETE", path)
    assert (r.status_code, r.json(), r.headers["allow"]) == (405, body, allowed)


def test_every_status_a_route_returns_is_declared(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    declared = {
        (method, path): sorted(op["responses"])
        for path, ops in paths.items()
        for method, op in ops.items()
    }
    assert declared == {
        ("get", "/health"): ["200", "500", "503"],
        ("post", "/v1/ask"): ["200", "400", "413", "422", "500", "503"],
        ("post", "/v1/search"): ["200", "400", "413", "422", "500", "503"],
        ("post", "/v1/brief"): ["200", "400", "413", "422", "500", "503"],
        ("post", "/v1/digest"): ["200", "400", "413", "422", "500", "503"],
        ("get", "/v1/models"): ["200"],
        ("get", "/v1/models/{model}"): ["200", "404"],
        ("post", "/v1/chat/completions"): ["200", "400", "413", "500", "503"],
        ("post", "/v1/documents"): ["202", "409", "413", "415", "422", "500", "503", "507"],
        ("get", "/v1/documents"): ["200", "422"],
        ("get", "/v1/documents/{doc_id}"): ["200", "404", "422"],
        ("delete", "/v1/documents/{doc_id}"): ["200", "404", "422", "500", "503"],
        ("get", "/v1/jobs/{job_id}"): ["200", "404", "422"],
    }
    chat_400 = paths["/v1/chat/completions"]["post"]["responses"]["400"]
    assert chat_400["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OpenAIErrorBody"
    }
    ask_503 = paths["/v1/ask"]["post"]["responses"]["503"]
    assert ask_503["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
