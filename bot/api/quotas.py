"""How much a client may send: requests per key (or IP), body size, question length.

- :class:`RateLimit` (a dependency): ``rate_limit`` requests per moving window, counted per
  key when keys are configured, else per client IP (``limits``, in-memory); over it, 429 with
  ``Retry-After``.
- :class:`BodyLimit` (ASGI middleware): a body over ``max_body_kb`` is a 413, whether its
  ``Content-Length`` says so or the bytes streamed in do.
- :func:`check_length`: a question or query over ``max_question_chars`` is a 422 like any
  other invalid field.
"""

from __future__ import annotations

import math
import time

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import error_response


class RateLimit:
    """A dependency counting each caller's requests against one rate, e.g. ``60/minute``."""

    def __init__(self, rate: str) -> None:
        """Limit every caller to ``rate`` (the ``limits`` notation)."""
        self.item = parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, request: Request) -> None:
        """Count this request; 429 with ``Retry-After`` once the caller is over the rate."""
        caller = getattr(request.state, "key_id", None)
        if caller is None:
            caller = "ip:" + (request.client.host if request.client else "unknown")
        if self.limiter.hit(self.item, caller):
            return
        reset, _ = self.limiter.get_window_stats(self.item, caller)
        retry = max(1, math.ceil(reset - time.time()))
        raise HTTPException(
            429,
            f"over the rate limit of {self.item}; retry in {retry} s",
            {"Retry-After": str(retry)},
        )


class BodyLimit:
    """ASGI middleware answering 413 to a request body over ``max_bytes`` (or over the
    larger limit of a path in ``larger``, such as the uploads route)."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        """Wrap ``app``; bodies up to the path's limit pass, read once and replayed."""
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a large body before the app sees it; pass everything else through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        limit = self.larger.get(scope["path"], self.max_bytes)
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        if scope["path"] in self.larger:  # large bodies stream through, counted on the way
            await self.app(scope, _counted(receive, limit), send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(scope, receive, send, self.max_bytes)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = error_response(scope["path"], 413, _over(limit))
        await response(scope, receive, send)


def _over(limit: int) -> str:
    return f"the request body is over {limit // 1024} KB"


def _counted(receive: Receive, limit: int) -> Receive:
    """``receive``, raising a 413 once more than ``limit`` bytes have come in."""
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > limit:
            raise HTTPException(413, _over(limit))
        return message

    return counted


def check_length(text: str, limit: int, field: str) -> None:
    """Refuse ``text`` over ``limit`` characters as FastAPI refuses an invalid field (422).

    Raises:
        RequestValidationError: ``text`` is too long; ``loc`` is ``("body", field)``.
    """
    if len(text) > limit:
        raise RequestValidationError(
            [
                {
                    "type": "string_too_long",
                    "loc": ("body", field),
                    "msg": f"String should have at most {limit} characters",
                    "ctx": {"max_length": limit},
                }
            ]
        )
