"""Error bodies, and the error statuses each route declares in the OpenAPI document.

Every error is JSON. On the OpenAI paths (:data:`OPENAI_PATHS`) the body is OpenAI's,
``{"error": {"message", "type", "param", "code"}}``; elsewhere it is ``{"detail": "..."}``,
except 422, which carries FastAPI's list of problems::

    400  BotError (ask, search); an unusable chat body (OpenAI paths, where 422 is not used)
    401  no key, or a wrong one (with ``WWW-Authenticate: Bearer``), when keys are configured
    403  a read key on an admin route (documents, jobs)
    404  an unknown model, document or job
    409  an upload whose doc id is taken (without ``replace=true``)
    405  a method the path does not have (with ``Allow``)
    413  a body over ``max_body_kb`` (an upload over ``max_upload_mb``, a file over
         ``max_file_mb``)
    415  an upload of a type ingest cannot read
    422  an invalid body (native routes)
    429  over ``rate_limit`` (with ``Retry-After``)
    500  an IngestError, or any unexpected error (with the request id, :mod:`bot.api.requests`)
    503  the store or the embedders are unavailable, the index unreadable or busy
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from bot.api.openai import openai_error

OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
"""Paths whose errors use OpenAI's body: ``{"error": {"message", "type", ...}}``."""

REASONS = {
    400: "Bad request",
    401: "Missing or wrong API key",
    403: "The API key's role cannot do this (needs admin)",
    404: "Not found",
    409: "Conflicts with a document already in the index",
    413: "Request body too large",
    415: "A file type ingest has no reader for, or an unknown content type",
    422: "Validation error",
    429: "Too many requests (see Retry-After)",
    500: "Internal error",
    503: "The index or the models are unavailable",
}
"""The description of each error status in the OpenAPI document."""
HEADERS = {
    401: {"WWW-Authenticate": "The scheme to use: `Bearer`."},
    429: {"Retry-After": "Seconds until a request will be accepted again."},
}
"""The headers an error status always carries."""


class ErrorBody(BaseModel):
    """The error body of the native routes."""

    detail: str


class ValidationBody(BaseModel):
    """The body of a 422: FastAPI's list of problems."""

    detail: list[dict[str, Any]]


class OpenAIErrorDetail(BaseModel):
    """What went wrong, as OpenAI says it."""

    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorBody(BaseModel):
    """The error body of the OpenAI routes."""

    error: OpenAIErrorDetail


def is_openai_path(path: str) -> bool:
    """Whether errors on ``path`` use OpenAI's body."""
    return path.startswith(OPENAI_PATHS)


def error_response(
    path: str, status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error response for ``path``: OpenAI's body or ``{"detail": message}``."""
    body = openai_error(message, status) if is_openai_path(path) else {"detail": message}
    return JSONResponse(status_code=status, content=body, headers=dict(headers or {}))


def declare(*statuses: int, openai: bool = False) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of ``statuses``, with the body of the route's family."""
    model = OpenAIErrorBody if openai else ErrorBody
    return {
        status: _response(status, ValidationBody if status == 422 else model) for status in statuses
    }


def _response(status: int, model: type[BaseModel]) -> dict[str, Any]:
    response: dict[str, Any] = {"model": model, "description": REASONS[status]}
    if status in HEADERS:
        response["headers"] = {
            name: {"description": text, "required": True, "schema": {"type": "string"}}
            for name, text in HEADERS[status].items()
        }
    return response
