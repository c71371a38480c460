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
    """ASGI middleware answering 413 to a request body over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        """Wrap ``app``; bodies up to ``max_bytes`` pass, read once and replayed."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a large body before the app sees it; pass everything else through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        kb = self.max_bytes // 1024
        response = error_response(scope["path"], 413, f"the request body is over {kb} KB")
        await response(scope, receive, send)


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
