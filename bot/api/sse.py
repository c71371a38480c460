"""Server-Sent Events responses, framed by FastAPI's own encoder (``fastapi.sse``).

The streaming endpoints answer JSON or a stream depending on the body, so they return an
:class:`~fastapi.sse.EventSourceResponse` themselves rather than being generator endpoints;
each event is a :class:`~fastapi.sse.ServerSentEvent` whose ``raw_data`` is one line of JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.sse import EventSourceResponse, ServerSentEvent, format_sse_event

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
"""No caching, and no buffering by a proxy (nginx) in front of the API."""


def sse_response(description: str, events: tuple[str, ...]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of an endpoint that may answer with a stream.

    Before OpenAPI 3.2 the ``schema`` of ``text/event-stream`` describes one event: its name
    (one of ``events``; an unnamed event is a ``message``) and its ``data``.
    """
    event = {
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": {"type": "string", "enum": list(events)},
            "data": {"type": "string", "description": description},
        },
    }
    return {200: {"content": {"text/event-stream": {"schema": event}}}}


def json_event(value: Any, event: str | None = None) -> ServerSentEvent:
    """An event whose data is ``value`` as JSON (non-ASCII text kept as is)."""
    return ServerSentEvent(raw_data=json.dumps(value, ensure_ascii=False), event=event)


def event_stream(events: Iterable[ServerSentEvent]) -> EventSourceResponse:
    """A ``text/event-stream`` response sending ``events`` as they are produced."""
    return EventSourceResponse(_frames(events), headers=SSE_HEADERS)


def _frames(events: Iterable[ServerSentEvent]) -> Iterator[bytes]:
    for e in events:
        yield format_sse_event(
            data_str=e.raw_data, event=e.event, id=e.id, retry=e.retry, comment=e.comment
        )
