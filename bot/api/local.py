"""The app in-process: an :class:`httpx.Client` whose requests go straight to the ASGI app.

``briefbot ui`` started alone (no ``BRIEFBOT_API_URL``, no server recorded in the data dir)
and the UI's tests use it, so that the UI is a client of the same routes whether the API runs
in another process or in its own. The process then owns the data dir as ``briefbot serve``
does (:func:`ingest.owner.claim`, unless the index is a Chroma server), until the client is
closed. Only this process can reach that app, so the API keys and the rate limit of the
settings (which guard the network) are left out of it; the body limit stays.

Starlette's ``TestClient`` runs the app (its lifespan, and an event loop in a thread that
every request shares) and streams the replies; it is built on its own HTTP library, so the
client handed out is a plain :class:`httpx.Client` whose transport forwards to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.api.app import create_app
from ingest import owner
from ingest.config import Settings

LOCAL_URL = "http://briefbot.local"
"""The base URL of the in-process app (no socket behind it)."""


def local_settings(settings: Settings) -> Settings:
    """``settings`` without what guards the network: keys, keys file, rate limit."""
    server = settings.server.model_copy(
        update={"api_keys": [], "api_keys_file": None, "rate_limit": None}
    )
    return settings.model_copy(update={"server": server})


def local_client(
    settings: Settings, *, warm: bool = True, purpose: str = "briefbot ui (the API in-process)"
) -> httpx.Client:
    """A client of :func:`bot.api.create_app` running in this process, which owns the data
    dir until the client is closed.

    Args:
        settings: the configuration of the index and the answers.
        warm: build and warm the engine now (models loaded, index open) rather than on the
            first question.
        purpose: what this process is, shown to another that finds the data dir taken.

    Raises:
        IndexBusy: another process owns the data dir.
    """
    data_dir = settings.index.data_dir
    if settings.index.chroma_url:
        return app_client(create_app(local_settings(settings), warm=warm))
    owner.claim(data_dir, purpose)
    try:
        app = create_app(local_settings(settings), warm=warm)
        return app_client(app, on_close=lambda: owner.release(data_dir))
    except BaseException:
        owner.release(data_dir)
        raise


def app_client(
    app: FastAPI,
    headers: dict[str, str] | None = None,
    *,
    on_close: Callable[[], None] | None = None,
) -> httpx.Client:
    """An :class:`httpx.Client` of ``app`` in this process, its lifespan run.

    An unexpected error in a route is a 500 reply, as from a server, not an exception in the
    caller. Closing the client runs the app's shutdown, then ``on_close``.
    """
    runner = TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False)
    runner.__enter__()  # the lifespan, and the event loop thread every request shares
    transport = _AppTransport(runner, on_close)
    return httpx.Client(base_url=LOCAL_URL, headers=headers, transport=transport, timeout=None)


class _AppTransport(httpx.BaseTransport):
    """Requests handed to a started ``TestClient``; its replies streamed back as they come."""

    def __init__(self, runner: TestClient, on_close: Callable[[], None] | None) -> None:
        self.runner = runner
        self.on_close = on_close

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        forwarded = self.runner.build_request(
            request.method, str(request.url), headers=request.headers.raw, content=request.read()
        )
        reply = self.runner.send(forwarded, stream=True)
        return httpx.Response(
            reply.status_code, headers=reply.headers.raw, stream=_Body(reply), request=request
        )

    def close(self) -> None:
        try:
            self.runner.__exit__(None, None, None)
        finally:
            if self.on_close is not None:
                self.on_close()
                self.on_close = None


class _Body(httpx.SyncByteStream):
    def __init__(self, reply: Any) -> None:
        self.reply = reply

    def __iter__(self) -> Iterator[bytes]:
        yield from self.reply.iter_raw()

    def close(self) -> None:
        self.reply.close()
