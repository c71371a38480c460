"""``/mcp`` on the real app: the SDK's Streamable HTTP client over the ASGI app (no sockets,
no models), the app's lifespan run as uvicorn runs it; keys and the rate limit honoured."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
from fastapi import FastAPI
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client
from mcp.types import TextContent

from bot.api import create_app
from bot.types import Answer
from tests.conftest import make_settings

from .conftest import ANSWER, QUESTION, FakeEngine

READER, ADMIN = "reader-key", "admin-key"
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
ACCEPT = {"Accept": "application/json, text/event-stream"}


@pytest.fixture(autouse=True)
def fake_engine(engine: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """The MCP tools get ``engine`` where they would build the real one."""
    monkeypatch.setattr("bot.mcp.server.get_engine", lambda settings: engine)
    return engine


def serve(app: FastAPI, use: Callable[[httpx2.AsyncClient], Awaitable[Any]], **headers: str) -> Any:
    """Run ``use`` with an HTTP client of ``app``, inside the app's lifespan."""

    async def main() -> Any:
        transport = httpx2.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx2.AsyncClient(
                transport=transport, base_url="http://testserver", headers=headers
            ) as http,
        ):
            return await use(http)

    return anyio.run(main)


def ask(mode: str = "auto") -> Callable[[httpx2.AsyncClient], Awaitable[Any]]:
    """Call the ``ask`` tool with the SDK's client over the given HTTP client."""

    async def use(http: httpx2.AsyncClient) -> Any:
        transport = streamable_http_client("http://testserver/mcp", http_client=http)
        async with Client(transport, mode=mode) as client:
            return await client.call_tool("ask", {"question": QUESTION})

    return use


def posts(*bodies: dict[str, Any]) -> Callable[[httpx2.AsyncClient], Awaitable[Any]]:
    async def use(http: httpx2.AsyncClient) -> Any:
        return [await http.post("/mcp", json=body, headers=ACCEPT) for body in bodies]

    return use


def keyed(tmp_path: Path, **settings: Any) -> FastAPI:
    return create_app(
        make_settings(tmp_path / "data", api_keys=[f"{READER}:read", ADMIN], **settings)
    )


@pytest.mark.parametrize("mode", ["legacy", "auto"])
def test_without_keys_mcp_answers_with_the_engines_answer(
    tmp_path: Path, engine: FakeEngine, mode: str
) -> None:
    result = serve(create_app(make_settings(tmp_path / "data")), ask(mode))
    assert not result.is_error
    answer = Answer.model_validate(result.structured_content)
    assert answer.question == QUESTION and answer.citations == ANSWER.citations
    [block] = result.content
    assert isinstance(block, TextContent) and block.text.startswith(ANSWER.answer)
    assert [name for name, _, _ in engine.calls] == ["ask"]


@pytest.mark.parametrize(
    "headers, detail",
    [
        ({}, "an API key is required: Authorization: Bearer KEY"),
        ({"Authorization": "Bearer wrong"}, "the API key is not valid"),
        ({"Authorization": f"Basic {READER}"}, "an API key is required: Authorization: Bearer KEY"),
    ],
)
def test_with_keys_mcp_refuses_a_missing_or_wrong_key(
    tmp_path: Path, engine: FakeEngine, headers: dict[str, str], detail: str
) -> None:
    [response] = serve(keyed(tmp_path), posts(INITIALIZE), **headers)
    assert (response.status_code, response.json()) == (401, {"detail": detail})
    assert response.headers["www-authenticate"] == "Bearer"
    with pytest.raises(ExceptionGroup) as refused:
        serve(keyed(tmp_path), ask(), **headers)
    assert refused.group_contains(MCPError, match="error response")
    assert engine.calls == []


@pytest.mark.parametrize("key", [READER, ADMIN])
def test_with_keys_a_read_key_is_enough(tmp_path: Path, engine: FakeEngine, key: str) -> None:
    result = serve(keyed(tmp_path), ask(), Authorization=f"Bearer {key}")
    assert not result.is_error and result.structured_content["grounded"]
    assert len(engine.calls) == 1


def test_the_rate_limit_counts_mcp_requests(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path / "data", rate_limit="2/minute"))
    first, second, third = serve(app, posts(INITIALIZE, INITIALIZE, INITIALIZE))
    assert (first.status_code, second.status_code) == (200, 200)
    assert third.status_code == 429 and "over the rate limit" in third.json()["detail"]
    assert int(third.headers["retry-after"]) >= 1
