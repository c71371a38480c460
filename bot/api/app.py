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

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.params import Depends as DependsParam
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from bot.api import mcp
from bot.api.auth import require
from bot.api.errors import declare, error_response, is_openai_path
from bot.api.quotas import BodyLimit, RateLimit
from bot.api.requests import RequestLog
from bot.api.routes import answers, brief, digest, documents, health, openai
from bot.errors import BotError
from bot.factory import get_engine
from bot.jobs import WAIT_FOR_OWNER, JobRunner, JobStore
from bot.keys import Role, load_keys
from bot.library import Library
from ingest.config import Settings, get_settings
from ingest.errors import (
    EmbedderMismatch,
    IndexBusy,
    IndexUnreadable,
    IngestError,
    StoreUnavailable,
)

log = logging.getLogger(__name__)


def serving_app() -> FastAPI:
    """The app ``briefbot serve`` runs: settings from the environment, engine warmed, and
    request lines logged to stderr."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the Chroma server's every call
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
            try:
                recover(app.state.jobs(), settings)
                get_engine(settings).warm()
            except IngestError as err:  # serve anyway: /health and each route say why (503)
                log.error("the index cannot be used: %s", err)
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
    app.state.jobs = job_runner(settings)
    app.add_middleware(
        BodyLimit,
        max_bytes=server.max_body_kb * 1024,
        larger={"/v1/documents": int(server.max_upload_mb * 1_000_000)},
    )
    app.add_middleware(RequestLog)
    _translate_errors(app)
    rate = RateLimit(server.rate_limit) if server.rate_limit else None
    app.include_router(health.router)
    routers: tuple[tuple[Any, Role, bool], ...] = (
        (answers, "read", False),
        (brief, "read", False),
        (digest, "read", False),
        (openai, "read", True),
        (documents, "admin", False),
    )
    for routes, role, is_openai in routers:
        guards: list[DependsParam] = []
        statuses: list[int] = []
        if keys:
            guards.append(Depends(require(role)))
            statuses.extend((401, 403) if role == "admin" else (401,))
        if rate:
            guards.append(Depends(rate))
            statuses.append(429)
        responses = declare(*statuses, openai=is_openai)
        app.include_router(routes.router, dependencies=guards, responses=responses)
    mcp.mount(app, settings, keys)
    _document(app, settings)
    return app


def job_runner(settings: Settings) -> Callable[[], JobRunner]:
    """The app's ingest job runner, made (and its thread started) on first use."""
    made: list[JobRunner] = []
    lock = threading.Lock()

    def get() -> JobRunner:
        with lock:
            if not made:
                store = JobStore(settings.index.data_dir / "jobs.sqlite")
                wait = WAIT_FOR_OWNER if settings.index.chroma_url else 0.0
                made.append(JobRunner(Library(settings), store, wait=wait))
            return made[0]

    return get


def recover(jobs: JobRunner, settings: Settings) -> None:
    """At start-up: fail the jobs a dead server left unfinished and repair a run it cut short,
    so that the manifest, Chroma and the lexical index agree before the first question."""
    jobs.fail_orphans()
    if Library(settings).needs_repair():
        jobs.library.repair(wait=jobs.wait)


def _translate_errors(app: FastAPI) -> None:
    @app.exception_handler(IngestError)
    async def ingest_error(request: Request, err: IngestError) -> Response:
        status = (
            503
            if isinstance(err, StoreUnavailable | EmbedderMismatch | IndexUnreadable | IndexBusy)
            else 500
        )
        return error_response(request.url.path, status, str(err))

    @app.exception_handler(BotError)
    async def bot_error(request: Request, err: BotError) -> Response:
        return error_response(request.url.path, 400, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        headers = dict(err.headers or {})
        if err.status_code == 405:  # Starlette names one route's methods; a path may have more
            headers["Allow"] = ", ".join(allowed_methods(app, request))
        return error_response(request.url.path, err.status_code, str(err.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> Response:
        if is_openai_path(request.url.path):
            problems = [
                f"{'.'.join(str(x) for x in e['loc'] if x != 'body') or 'body'}: {e['msg']}"
                for e in err.errors()
            ]
            return error_response(request.url.path, 400, "; ".join(problems))
        return await request_validation_exception_handler(request, err)


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of ``app`` serves at the request's path, sorted."""
    return [
        method
        for method in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in app.router.routes
        )
    ]


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
