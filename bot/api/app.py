"""The application: the engine warmed at start-up, errors translated once, the routers.

Errors become a status and a JSON body here and nowhere else::

    IngestError   StoreUnavailable, EmbedderMismatch -> 503; any other -> 500
    BotError      400
    HTTPException its own status
    invalid body  422 with FastAPI's body; 400 on the OpenAI paths

On the OpenAI paths (:data:`OPENAI_PATHS`) the body is OpenAI's,
``{"error": {"message", "type", ...}}``; elsewhere it is ``{"detail": ...}``.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.api.openai import openai_error
from bot.api.routes import answers, brief, health, openai
from bot.errors import BotError
from bot.factory import get_engine
from ingest.config import Settings, get_settings
from ingest.errors import EmbedderMismatch, IngestError, StoreUnavailable

OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
"""Paths whose errors use OpenAI's body: ``{"error": {"message", "type", ...}}``."""


def serving_app() -> FastAPI:
    """The app ``briefbot serve`` runs: settings from the environment, engine warmed."""
    return create_app(warm=True)


def create_app(settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: configuration (default: from the environment).
        warm: build and warm the engine (load models, open the index) at start-up, so the
            server answers only when the first question will be fast.
    """
    settings = settings or get_settings()

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
    _translate_errors(app)
    for routes in (health, answers, brief, openai):
        app.include_router(routes.router)
    return app


def _translate_errors(app: FastAPI) -> None:
    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, err: IngestError) -> JSONResponse:
        status = 503 if isinstance(err, StoreUnavailable | EmbedderMismatch) else 500
        return _error(request, status, str(err))

    @app.exception_handler(BotError)
    async def bot_error(request: Request, err: BotError) -> JSONResponse:
        return _error(request, 400, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if _is_openai(request):
            return _error(request, err.status_code, str(err.detail))
        return await http_exception_handler(request, err)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> Response:
        if _is_openai(request):
            problems = [
                f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}"
                for e in err.errors()
            ]
            return _error(request, 400, "; ".join(problems))
        return await request_validation_exception_handler(request, err)


def _is_openai(request: Request) -> bool:
    return request.url.path.startswith(OPENAI_PATHS)


def _error(request: Request, status: int, message: str) -> JSONResponse:
    body = openai_error(message, status) if _is_openai(request) else {"detail": message}
    return JSONResponse(status_code=status, content=body)
