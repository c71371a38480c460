"""The MCP server as MCP clients see it, with the SDK's own clients: ``/mcp`` of a real
``python -m bot serve`` (Streamable HTTP, with a key) and ``python -m bot mcp`` (stdio), each
on its own copy of the mini index."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent

from bot.answer.render import answer_text
from bot.types import Answer
from ingest.config import Settings
from tests.conftest import MINI_CORPUS, MODELS_DIR
from tests.e2e.servers import ROOT, api_cmd, free_port, running, server_env

pytestmark = pytest.mark.e2e

QUESTION = "¿Cuándo declaró Ecuador el conflicto armado interno?"
KEY = "e2e-reader"


def data_copy(mini_index: Settings, tmp_path: Path) -> Path:
    """A copy of the mini index for one server process (one process opens an index)."""
    return Path(shutil.copytree(mini_index.index.data_dir, tmp_path / "data"))


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_cited_from_the_corpus(result: CallToolResult) -> None:
    """A grounded Spanish answer whose every quote is text of the cited mini-corpus file."""
    assert not result.is_error, result.content
    answer = Answer.model_validate(result.structured_content)
    assert answer.grounded and answer.language == "es"
    assert answer.citations[0].doc_id == "ecuador/conflicto-armado.md"
    for citation in answer.citations:
        source = (MINI_CORPUS / citation.doc_id).read_text(encoding="utf-8")
        assert flat(citation.quote) in flat(source)
    [block] = result.content
    assert isinstance(block, TextContent) and block.text == answer_text(answer)
    assert "[1]" in block.text and "Fuentes:\n[1] " in block.text


def test_ask_over_streamable_http_with_a_key(mini_index: Settings, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(data_copy(mini_index, tmp_path), MODELS_DIR)
    env["BRIEFBOT_API_KEYS"] = f"{KEY}:read"

    async def ask() -> CallToolResult:
        headers = {"Authorization": f"Bearer {KEY}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=120) as http,
            Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
        ):
            return await client.call_tool("ask", {"question": QUESTION})

    with running(api_cmd(port), f"{url}/health", env, tmp_path / "api.log"):
        refused = httpx.post(f"{url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert_cited_from_the_corpus(anyio.run(ask))


def test_ask_over_stdio_with_nothing_but_protocol_on_stdout(
    mini_index: Settings, tmp_path: Path
) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "bot", "mcp"],
        env=server_env(data_copy(mini_index, tmp_path), MODELS_DIR),
        cwd=ROOT,
    )
    unreadable: list[Any] = []

    async def record(message: Any) -> None:
        if isinstance(message, Exception):
            unreadable.append(message)

    async def ask(stderr: Any) -> CallToolResult:
        transport = stdio_client(params, errlog=stderr)
        async with Client(transport, message_handler=record) as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            assert tools == {"search", "ask", "brief"}
            return await client.call_tool("ask", {"question": QUESTION})

    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        result = anyio.run(ask, stderr)
    assert unreadable == [], log.read_text()[-3000:]
    assert_cited_from_the_corpus(result)
