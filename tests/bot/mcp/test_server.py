"""The MCP tools through the SDK's own in-process client, over the API's fake engines: the
structured content is the JSON the HTTP API returns, the text is the one renderer's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.types import CallToolResult, TextContent

from bot.answer.render import answer_text
from bot.api import create_app
from bot.api.deps import get_engine_dep
from bot.brief import Brief, brief_markdown
from bot.filters import Filters
from bot.mcp import build_server
from bot.strings import say
from bot.types import Answer
from ingest.errors import StoreUnavailable
from tests.bot.api.conftest import QUESTION, FakeEngine
from tests.bot.brief.conftest import CORPUS
from tests.bot.brief.conftest import FakeEngine as BriefEngine
from tests.conftest import make_settings

LIMIT = 60


def call(engine: Any, tmp_path: Path, name: str, arguments: dict[str, Any]) -> CallToolResult:
    """Call one tool of a server over ``engine`` (questions limited to LIMIT characters)."""

    async def run(client: Client) -> CallToolResult:
        return await client.call_tool(name, arguments)

    return connected(engine, tmp_path, run)


def connected(engine: Any, tmp_path: Path, run: Callable[[Client], Awaitable[Any]]) -> Any:
    server = build_server(
        make_settings(tmp_path / "data", max_question_chars=LIMIT), engine=lambda: engine
    )

    async def main() -> Any:
        async with Client(server) as client:
            return await run(client)

    return anyio.run(main)


def text_of(result: CallToolResult) -> str:
    [block] = result.content
    assert isinstance(block, TextContent)
    return block.text


def api_json(engine: Any, tmp_path: Path, path: str, body: dict[str, Any]) -> Any:
    """What the HTTP API answers to ``body`` over the same engine."""
    app = create_app(make_settings(tmp_path / "api"))
    app.dependency_overrides[get_engine_dep] = lambda: engine
    with TestClient(app) as client:
        response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_tools_say_what_they_take_and_return(tmp_path: Path) -> None:
    tools = {t.name: t for t in connected(FakeEngine(), tmp_path, _list_tools)}
    assert set(tools) == {"search", "ask", "brief"}
    for tool in tools.values():
        assert "Returns" in (tool.description or "")
        assert tool.annotations is not None and tool.annotations.read_only_hint
    for name, field in (("search", "query"), ("ask", "question"), ("brief", "topic")):
        schema = tools[name].input_schema
        assert schema["required"] == [field]
        assert schema["properties"][field]["maxLength"] == LIMIT
    assert set(tools["ask"].input_schema["properties"]) == {
        "question", "conversation_id", "k", "languages", "source_types", "date_from", "date_to"
    }  # fmt: skip
    assert set(tools["brief"].input_schema["properties"]) == {"topic", "since", "until", "language"}
    outputs = {name: tool.output_schema or {} for name, tool in tools.items()}
    assert set(outputs["ask"]["properties"]) == set(Answer.model_fields)
    assert set(outputs["brief"]["properties"]) == set(Brief.model_fields)
    assert set(outputs["search"]["properties"]) == {"query", "language", "passages"}


async def _list_tools(client: Client) -> Any:
    return (await client.list_tools()).tools


def test_ask_returns_the_api_answer_and_its_rendered_text(tmp_path: Path) -> None:
    engine = FakeEngine()
    arguments = {
        "question": QUESTION,
        "conversation_id": "c-1",
        "k": 3,
        "languages": ["es"],
        "source_types": ["news", "official"],
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
    }
    result = call(engine, tmp_path, "ask", arguments)
    assert not result.is_error
    assert engine.calls[0][2] == {
        "k": 3,
        "filters": Filters.build("2024-01-01", "2024-12-31", ["news", "official"], ["es"]),
        "conversation_id": "c-1",
        "history": None,
    }
    assert result.structured_content == api_json(FakeEngine(), tmp_path, "/v1/ask", arguments)
    answer = Answer.model_validate(result.structured_content)
    assert answer.citations[0].quote == engine.passages[0].text
    assert text_of(result) == answer_text(answer)
    assert "Fuentes:\n[1] Conflicto armado interno (El Comercio" in text_of(result)


def test_search_returns_the_api_passages_under_their_source_lines(tmp_path: Path) -> None:
    engine = FakeEngine()
    arguments = {"query": "conflicto armado", "k": 1, "languages": ["es"]}
    result = call(engine, tmp_path, "search", arguments)
    assert not result.is_error
    assert engine.calls[0][2] == {"k": 1, "filters": Filters(languages=("es",))}
    assert result.structured_content == api_json(FakeEngine(), tmp_path, "/v1/search", arguments)
    assert text_of(result) == (
        "[1] Conflicto armado interno (El Comercio, news, 2024-01-10, Spanish, p. 2) "
        "https://example.org/conflicto\n" + engine.passages[0].text
    )


def test_a_search_that_finds_nothing_says_so(tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.passages = []
    result = call(engine, tmp_path, "search", {"query": "nothing"})
    assert result.structured_content == {"query": "nothing", "language": "en", "passages": []}
    assert text_of(result) == say("no_passages", "en")


def test_brief_returns_the_api_brief_and_its_markdown(tmp_path: Path) -> None:
    arguments = {"topic": "extortion in Piura", "since": "2024-01", "language": "es"}
    result = call(BriefEngine(list(CORPUS)), tmp_path, "brief", arguments)
    assert not result.is_error
    expected = api_json(BriefEngine(list(CORPUS)), tmp_path, "/v1/brief", arguments)
    timings = "timings_ms"
    assert {**result.structured_content, timings: {}} == {**expected, timings: {}}
    brief = Brief.model_validate(result.structured_content)
    assert brief.points and brief.citations and brief.since == "2024-01"
    assert text_of(result) == brief_markdown(brief)


@pytest.mark.parametrize(
    "name, arguments, problem",
    [
        ("ask", {"question": "x" * (LIMIT + 1)}, f"at most {LIMIT} characters"),
        ("ask", {"question": "   "}, "should match pattern"),
        ("ask", {"question": "hola", "languages": ["fr"]}, "languages"),
        ("ask", {"question": "hola", "k": 0}, "greater than or equal to 1"),
        ("ask", {"question": "hola", "date_from": "ayer"}, "cannot read the date 'ayer'"),
        ("ask", {"question": "hola", "conversation_id": "no spaces"}, "conversation_id"),
        ("search", {"query": "y" * (LIMIT + 1)}, f"at most {LIMIT} characters"),
        ("search", {}, "query"),
        ("brief", {"topic": "z" * (LIMIT + 1)}, f"at most {LIMIT} characters"),
        ("brief", {"topic": "Piura", "since": "yesterday"}, "since"),
    ],
)
def test_invalid_arguments_are_tool_errors_and_reach_no_engine(
    tmp_path: Path, name: str, arguments: dict[str, Any], problem: str
) -> None:
    engine = FakeEngine()
    result = call(engine, tmp_path, name, arguments)
    assert result.is_error and problem in text_of(result)
    assert engine.calls == []


def test_an_index_failure_is_a_tool_error_with_its_message(tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.error = StoreUnavailable("the Chroma server at localhost:8001 is not answering")
    result = call(engine, tmp_path, "ask", {"question": QUESTION})
    assert result.is_error
    assert "the Chroma server at localhost:8001 is not answering" in text_of(result)
