"""Every request gets an id and a log line; an unexpected error becomes a JSON 500 naming it.

:class:`RequestLog` is ASGI middleware: it takes the client's ``X-Request-ID`` when it is a
short token, else makes one; sends it back in the ``X-Request-ID`` header; logs
``id method path status ms`` for each request on the ``bot.api.requests`` logger; and turns
an exception no handler took into a 500 whose JSON body carries the request id (OpenAI's
error body on the OpenAI paths), with the traceback in the log under the same id.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import error_response

log = logging.getLogger(__name__)
HEADER = "X-Request-ID"
_GIVEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestLog:
    """ASGI middleware: request ids, one log line per request, JSON 500s."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with an id; log it; answer 500 in JSON if it raised."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER.lower().encode(), b"").decode("latin-1")
        request_id = given if _GIVEN.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        sent = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status, sent = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (HEADER.lower().encode(), request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("request %s %s %s failed", request_id, scope["method"], scope["path"])
            if sent:
                raise
            response = error_response(
                scope["path"],
                500,
                f"internal error; the server log has the details under request id {request_id}",
                {HEADER: request_id},
            )
            await response(scope, receive, send)
            status = 500
        finally:
            log.info(
                "%s %s %s %d %.1f ms",
                request_id,
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
            )
