"""The application: the engine warmed at start-up, guards and limits, errors translated once.

Errors become a status and a JSON body here and nowhere else (the table is in
:mod:`bot.api.errors`)::

    IngestError   StoreUnavailable, EmbedderMismatch -> 503; any other -> 500
    BotError      400
    HTTPException its own status (401, 404, 405, 429 ...) and headers
    invalid body  422 with FastAPI's body; 400 on the OpenAI paths

The routers get their guards here: the key check (:mod:`bot.api.auth`) when keys are
configured and the rate limit (:mod:`bot.api.quotas`) when one is set; ``/health`` has
neither. The OpenAPI document declares what is enforced, the length limit included.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.params import Depends as DependsParam
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.api import mcp
from bot.api.auth import require
from bot.api.errors import declare, error_response, is_openai_path
from bot.api.quotas import BodyLimit, RateLimit
from bot.api.routes import answers, brief, digest, health, openai
from bot.errors import BotError
from bot.factory import get_engine
from bot.keys import load_keys
from ingest.config import Settings, get_settings
from ingest.errors import EmbedderMismatch, IndexUnreadable, IngestError, StoreUnavailable


def serving_app() -> FastAPI:
    """The app ``briefbot serve`` runs: settings from the environment, engine warmed."""
    return create_app(warm=True)


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: configuration (default: from the environment).
        warm: build and warm the engine (load models, open the index) at start-up, so the
            server answers only when the first question will be fast.

    Raises:
        KeyFileError: a configured key or a line of the keys file cannot be read.
    """
    settings = settings or get_settings()
    server = settings.server

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            get_engine(settings).warm()
        yield

    app = FastAPI(
        title="briefbot API",
        version="0.1.0",
        description="Cited answers on Peru–US–Ecuador security from the ingested corpus.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.started = int(time.time())
    app.state.keys = keys = load_keys(server.api_keys, server.api_keys_file)
    app.add_middleware(BodyLimit, max_bytes=server.max_body_kb * 1024)
    _translate_errors(app)
    rate = RateLimit(server.rate_limit) if server.rate_limit else None
    app.include_router(health.router)
    for routes, is_openai in ((answers, False), (brief, False), (digest, False), (openai, True)):
        guards: list[DependsParam] = []
        statuses: list[int] = []
        if keys:
            guards.append(Depends(require("read")))
            statuses.append(401)
        if rate:
            guards.append(Depends(rate))
            statuses.append(429)
        responses = declare(*statuses, openai=is_openai)
        app.include_router(routes.router, dependencies=guards, responses=responses)
    mcp.mount(app, settings, keys)
    _document(app, settings)
    return app


def _translate_errors(app: FastAPI) -> None:
    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, err: IngestError) -> Response:
        status = (
            503 if isinstance(err, StoreUnavailable | EmbedderMismatch | IndexUnreadable) else 500
        )
        return error_response(request.url.path, status, str(err))

    @app.exception_handler(BotError)
    async def bot_error(request: Request, err: BotError) -> Response:
        return error_response(request.url.path, 400, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        return error_response(request.url.path, err.status_code, str(err.detail), err.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> Response:
        if is_openai_path(request.url.path):
            problems = [
                f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}"
                for e in err.errors()
            ]
            return error_response(request.url.path, 400, "; ".join(problems))
        return await request_validation_exception_handler(request, err)


def _document(app: FastAPI, settings: Settings) -> None:
    """Make ``app.openapi()`` declare the length limit of the settings, and no 422 on the
    OpenAI paths (their invalid bodies are 400)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        limit = settings.server.max_question_chars
        schemas = doc["components"]["schemas"]
        schemas["AskRequest"]["properties"]["question"]["maxLength"] = limit
        schemas["SearchRequest"]["properties"]["query"]["maxLength"] = limit
        schemas["BriefRequest"]["properties"]["topic"]["maxLength"] = limit
        for path, operations in doc["paths"].items():
            if is_openai_path(path):
                for operation in operations.values():
                    operation["responses"].pop("422", None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
