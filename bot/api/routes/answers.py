"""``POST /v1/ask`` (a cited answer, optionally streamed) and ``POST /v1/search`` (passages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Response
from fastapi.sse import ServerSentEvent

from bot.api.deps import EngineDep, SettingsDep
from bot.api.errors import declare
from bot.api.quotas import check_length
from bot.api.schemas import AskRequest, SearchRequest, SearchResult
from bot.api.sse import event_stream, json_event, sse_response
from bot.errors import BotError
from bot.types import Answer
from ingest.errors import IngestError

router = APIRouter(tags=["answers"])
ERRORS = declare(400, 413, 500, 503)
"""The errors of both routes besides 422 (and 401, 429 when keys or a rate are set)."""
ANSWER_EVENTS = sse_response(
    "`delta`: {text}; `answer`: the Answer; `error`: {detail}; `done`: {}",
    ("delta", "answer", "error", "done"),
)


@router.post("/v1/ask", response_model=Answer, responses={**ANSWER_EVENTS, **ERRORS})
def ask(body: AskRequest, engine: EngineDep, settings: SettingsDep) -> Answer | Response:
    """Answer a question with numbered citations, or say there is no evidence.

    With ``"stream": true`` the reply is ``text/event-stream``: ``delta`` events
    (``{"text"}``) as the answer is written, one ``answer`` event (the Answer JSON, whose
    text is the verified one), then ``done``.
    """
    check_length(body.question, settings.server.max_question_chars, "question")
    options: dict[str, Any] = {
        "k": body.k,
        "filters": body.filters(),
        "conversation_id": body.conversation_id,
    }
    if body.stream:
        return event_stream(answer_events(engine.stream(body.question, **options)))
    return engine.ask(body.question, **options)


@router.post("/v1/search", response_model=SearchResult, responses=ERRORS)
def search(body: SearchRequest, engine: EngineDep, settings: SettingsDep) -> SearchResult:
    """The passages retrieval finds for a query, best first, without composing an answer."""
    check_length(body.query, settings.server.max_question_chars, "query")
    return SearchResult.from_search(engine.search(body.query, k=body.k, filters=body.filters()))


def answer_events(items: Iterator[str | Answer]) -> Iterator[ServerSentEvent]:
    """``Engine.stream`` output as events: ``delta`` per piece, ``answer``, then ``done``.

    An engine failure mid-way becomes an ``error`` event (``{"detail": ...}``) before ``done``.
    """
    try:
        for item in items:
            if isinstance(item, Answer):
                yield ServerSentEvent(raw_data=item.model_dump_json(), event="answer")
            else:
                yield json_event({"text": item}, "delta")
    except (IngestError, BotError) as err:
        yield json_event({"detail": str(err)}, "error")
    yield ServerSentEvent(raw_data="{}", event="done")
