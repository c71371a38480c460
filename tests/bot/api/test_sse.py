"""Server-Sent Events: the exact bytes on the wire."""

from __future__ import annotations

import asyncio

from fastapi.sse import ServerSentEvent

from bot.api.sse import event_stream, json_event


def _body(events: list[ServerSentEvent]) -> bytes:
    response = event_stream(events)

    async def read() -> bytes:
        body = b""
        async for frame in response.body_iterator:
            assert isinstance(frame, bytes)
            body += frame
        return body

    return asyncio.run(read())


def test_events_are_framed_with_bare_newlines_and_no_pings() -> None:
    body = _body(
        [
            json_event({"text": "¿Qué pasó?"}, "delta"),
            ServerSentEvent(raw_data="{}", event="done"),
            ServerSentEvent(raw_data="[DONE]"),
        ]
    )
    assert body.decode() == (
        'event: delta\ndata: {"text": "¿Qué pasó?"}\n\nevent: done\ndata: {}\n\ndata: [DONE]\n\n'
    )


def test_the_response_is_an_uncached_unbuffered_event_stream() -> None:
    response = event_stream([])
    assert response.media_type == "text/event-stream"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
