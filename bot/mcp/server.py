"""The MCP server: ``search``, ``ask`` and ``brief`` as Model Context Protocol tools.

:func:`build_server` makes one :class:`~mcp.server.MCPServer` for a process's settings; the
stdio command (``briefbot mcp``) runs it on stdin/stdout and the API mounts its Streamable
HTTP transport at ``/mcp`` (:mod:`bot.api.mcp`). Every tool returns the JSON the HTTP API
returns as structured content (an :class:`~bot.types.Answer`, a
:class:`~bot.api.schemas.SearchResult`, a :class:`~bot.brief.Brief`, each declared as the
tool's output schema) and, for a reader, the text the CLI prints: the answer and its
numbered sources (:mod:`bot.answer.render`), the brief as Markdown. Arguments are checked
as the API checks its bodies, the ``max_question_chars`` limit included (the input schemas
declare it); an engine or index failure is a tool error whose text is the error's message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from bot.answer.render import answer_text, source_line
from bot.api.schemas import NOT_BLANK, IsoDate, Language, Passages, Period, SearchResult, SourceType
from bot.brief import Brief, brief_markdown, build_brief
from bot.engine import Engine, Search
from bot.errors import BotError
from bot.factory import get_engine
from bot.filters import Filters
from bot.strings import say
from bot.types import Answer, citation_for
from ingest.config import Settings
from ingest.errors import IngestError

T = TypeVar("T")
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
"""The tools read the index and change nothing (``ask`` only records a conversation's turns)."""
INSTRUCTIONS = (
    "briefbot answers from an index of sources on Peru–US–Ecuador security, in Spanish or "
    "English. Every claim it makes cites a numbered source and quotes its passage; when the "
    "sources do not answer, it says so instead of guessing."
)
K = Annotated[Passages | None, Field(description="Passages to retrieve (default: the server's).")]
Languages = Annotated[
    list[Language] | None, Field(description="Only sources in these languages: es, en.")
]
SourceTypes = Annotated[
    list[SourceType] | None,
    Field(description="Only these source types: news, official, report, analysis, opinion, other."),
]
DateFrom = Annotated[
    IsoDate | None, Field(description="Only sources published on/after this date (YYYY-MM-DD).")
]
DateTo = Annotated[
    IsoDate | None, Field(description="Only sources published on/before this date (YYYY-MM-DD).")
]
ConversationId = Annotated[
    str | None,
    Field(
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Continue a conversation: a follow-up question is understood in its light.",
    ),
]
PeriodBound = Annotated[
    Period | None, Field(description="A bound of the event dates: YYYY, YYYY-MM or YYYY-MM-DD.")
]
BriefLanguage = Annotated[
    Language | None, Field(description="The brief's language: es or en (default: the topic's).")
]


def build_server(settings: Settings, engine: Callable[[], Engine] | None = None) -> MCPServer:
    """The MCP server over the index of ``settings``.

    Args:
        settings: configuration; ``server.max_question_chars`` bounds a question, query or
            topic, as on the HTTP API.
        engine: what gives the engine on each call (default: the process-wide engine of
            ``settings``, built on the first call).
    """
    engine_of = engine or (lambda: get_engine(settings))
    server: MCPServer = MCPServer(
        "briefbot", version="0.1.0", instructions=INSTRUCTIONS, log_level="WARNING"
    )

    def text(what: str) -> Any:
        return Field(
            ...,
            max_length=settings.server.max_question_chars,
            pattern=NOT_BLANK,
            description=f"{what}, in Spanish or English.",
        )

    query_text = text("What to look for")
    question_text = text("The question")
    topic_text = text("The topic")

    @server.tool(
        description="Search the indexed sources: the passages that match a query, best first, "
        "each with its document, title, publisher, date, language and score; no answer is "
        "composed. Returns the passages as JSON and as numbered text.",
        annotations=READ_ONLY,
    )
    def search(
        query: str = query_text,
        k: K = None,
        languages: Languages = None,
        source_types: SourceTypes = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
    ) -> Annotated[CallToolResult, SearchResult]:
        filters = _filters(date_from, date_to, source_types, languages)
        found = _run(lambda: engine_of().search(query, k=k, filters=filters))
        return _result(SearchResult.from_search(found), search_text(found))

    @server.tool(
        description="Answer a question from the indexed sources, in the question's language "
        "(Spanish or English). Returns the answer with numbered citations, each quoting the "
        "source passage it rests on, and whether the sources answer the question (evidence: "
        "answer), only discuss its subject (related) or say nothing about it (none); as JSON "
        "and as text followed by the numbered sources.",
        annotations=READ_ONLY,
    )
    def ask(
        question: str = question_text,
        conversation_id: ConversationId = None,
        k: K = None,
        languages: Languages = None,
        source_types: SourceTypes = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
    ) -> Annotated[CallToolResult, Answer]:
        filters = _filters(date_from, date_to, source_types, languages)
        answer = _run(
            lambda: engine_of().ask(question, k=k, filters=filters, conversation_id=conversation_id)
        )
        return _result(answer, answer_text(answer))

    @server.tool(
        description="A cited brief on a topic from the indexed sources: key points, a dated "
        "timeline (since/until bound the event dates), actors and places, coverage and the "
        "numbered sources, every point quoting its source; a topic the sources do not cover "
        "gets evidence: none and nothing else. Returns the brief as JSON and as Markdown.",
        annotations=READ_ONLY,
    )
    def brief(
        topic: str = topic_text,
        since: PeriodBound = None,
        until: PeriodBound = None,
        language: BriefLanguage = None,
    ) -> Annotated[CallToolResult, Brief]:
        result = _run(
            lambda: build_brief(engine_of(), topic, since=since, until=until, language=language)
        )
        return _result(result, brief_markdown(result))

    return server


def search_text(found: Search) -> str:
    """Each passage as its numbered source line (as an answer lists its sources), then its text."""
    if not found.passages:
        return say("no_passages", found.language)
    return "\n\n".join(
        f"{source_line(citation_for(p.rank, p), found.language)}\n{p.text}" for p in found.passages
    )


def _filters(
    date_from: dt.date | None,
    date_to: dt.date | None,
    source_types: list[SourceType] | None,
    languages: list[Language] | None,
) -> Filters:
    return Filters.build(
        date_from.isoformat() if date_from else None,
        date_to.isoformat() if date_to else None,
        source_types,
        languages,
    )


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except (IngestError, BotError) as err:
        raise ToolError(str(err)) from err


def _result(body: BaseModel, text: str) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content=body.model_dump(mode="json"),
    )
