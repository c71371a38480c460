"""What a briefbot API sends, read back into the project's types (no HTTP calls here).

The request fields of a :class:`~bot.filters.Filters`; the bodies that have no type of their
own elsewhere (:class:`Job`, :class:`DocumentPage`, :class:`Passages`); a reply validated
against its type (:func:`parse`); the server's own words in an error body
(:func:`detail_of`); and the events of a ``text/event-stream`` reply (:func:`events`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from bot.errors import RemoteError
from bot.filters import Filters
from bot.types import PassageOut
from ingest.types import DocumentRow, IngestReport

T = TypeVar("T")


class Progress(BaseModel):
    """How far a job is: ``done`` of ``total`` sources."""

    done: int = 0
    total: int = 0


class Job(BaseModel):
    """An ingest job of ``POST /v1/documents``, as ``GET /v1/jobs/{job_id}`` reports it."""

    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: Progress = Field(default_factory=Progress)
    report: IngestReport | None = None
    error: str | None = None
    created: float | None = None
    started: float | None = None
    finished: float | None = None

    @property
    def over(self) -> bool:
        """Whether the job has finished, well (``done``) or not (``failed``)."""
        return self.status in ("done", "failed")


class DocumentPage(BaseModel):
    """One page of ``GET /v1/documents``."""

    total: int
    offset: int
    limit: int
    documents: list[DocumentRow]


class Passages(BaseModel):
    """The part of a ``POST /v1/search`` reply a client uses."""

    passages: list[PassageOut]


def filter_fields(filters: Filters | None) -> dict[str, Any]:
    """The request fields of ``RetrievalOptions`` for ``filters`` (empty ones left out)."""
    if filters is None:
        return {}
    fields: dict[str, Any] = {
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "source_types": list(filters.source_types),
        "languages": list(filters.languages),
        "places": list(filters.places),
        "topics": list(filters.topics),
    }
    return {name: value for name, value in fields.items() if value}


def parse(data: str | bytes, kind: Any, where: str, status: int | None = None) -> Any:
    """``data`` (JSON) validated as ``kind``.

    Raises:
        RemoteError: the reply of ``where`` is not JSON of that type.
    """
    try:
        return TypeAdapter(kind).validate_json(data)
    except ValidationError as err:
        raise RemoteError(f"the reply of {where} is not what it sends: {err}", status) from err


def detail_of(body: str | bytes) -> str:
    """The server's own words in an error body: ``detail`` (a text, or FastAPI's list of
    problems), OpenAI's ``error.message``, else the start of the body."""
    try:
        value = json.loads(body)
    except ValueError:
        text = body.decode(errors="replace") if isinstance(body, bytes) else body
        return text[:300] or "(empty body)"
    if isinstance(value, dict) and isinstance(value.get("detail"), list):
        return "; ".join(_problem(p) for p in value["detail"])
    if isinstance(value, dict) and "detail" in value:
        return str(value["detail"])
    if isinstance(value, dict) and isinstance(value.get("error"), dict):
        return str(value["error"].get("message"))
    return str(value)[:300]


def events(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The ``(event, data)`` pairs of Server-Sent Events lines (unnamed events are
    ``message``; comments and ``id``/``retry`` fields are skipped)."""
    event = "message"
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    if data:
        yield event, "\n".join(data)


def _problem(problem: Any) -> str:
    if not isinstance(problem, dict):
        return str(problem)
    where = ".".join(str(x) for x in problem.get("loc", ()) if x != "body")
    return f"{where}: {problem.get('msg')}" if where else str(problem.get("msg"))
