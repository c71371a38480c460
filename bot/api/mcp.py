"""``/mcp``: the MCP server (:mod:`bot.mcp`) over Streamable HTTP, beside the API's routes.

:func:`mount` adds one route to the app, the SDK's Streamable HTTP transport, behind the same
guards as the native routes: the bearer key check (:func:`bot.api.auth.require`, a ``read``
key) when keys are configured and the rate limit when one is set (counted apart from the
other routes'). A refused request gets the API's error body (401 or 429, JSON). The SDK's
session manager runs in the lifespan of a router, which FastAPI merges with the app's.
There is no Host check (DNS-rebinding protection), as for the other routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, FastAPI, Request
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.api.auth import BEARER, require
from bot.api.quotas import RateLimit
from bot.keys import KeyRing
from ingest.config import Settings

PATH = "/mcp"
"""Where MCP clients connect: ``http://HOST:PORT/mcp``."""


def mount(app: FastAPI, settings: Settings, keys: KeyRing) -> None:
    """Serve the MCP tools at :data:`PATH` of ``app``.

    Args:
        app: the API application.
        settings: its settings (the tools' engine and limits, the rate limit).
        keys: its keys; when there are any, ``/mcp`` needs a ``read`` key.
    """
    from bot.mcp import build_server  # here: bot.mcp imports bot.api.schemas

    server = build_server(settings)
    server.streamable_http_app(
        streamable_http_path=PATH,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    manager = server.session_manager
    checks: list[Callable[[Request], Awaitable[None]]] = []
    if keys:
        checks.append(_key_check())
    if settings.server.rate_limit:
        checks.append(RateLimit(settings.server.rate_limit))
    route = Route(PATH, Guarded(StreamableHTTPASGIApp(manager), checks))
    app.include_router(APIRouter(routes=[route], lifespan=lambda _: manager.run()))


def _key_check() -> Callable[[Request], Awaitable[None]]:
    check = require("read")

    async def key_check(request: Request) -> None:
        await check(request, await BEARER(request))

    return key_check


class Guarded:
    """An ASGI app behind checks that raise ``HTTPException`` (the app's handlers answer)."""

    def __init__(self, app: ASGIApp, checks: list[Callable[[Request], Awaitable[None]]]) -> None:
        """Run ``checks`` in order on each request, then ``app``."""
        self.app = app
        self.checks = checks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request when a check raises; pass it on otherwise."""
        request = Request(scope, receive)
        for check in self.checks:
            await check(request)
        await self.app(scope, receive, send)
