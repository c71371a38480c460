"""Bodies of the documents and jobs routes (``/v1/documents``, ``/v1/jobs/{job_id}``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas import SPACE
from ingest.types import DocumentRow


class UrlRequest(BaseModel):
    """Fetch a web page or PDF by its link and ingest it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: str = Field(
        ...,
        pattern=f"^https?://[^{SPACE}/]+[^{SPACE}]*$",
        max_length=2000,
        description="An http(s):// link.",
        examples=["https://example.org/informe.html"],
    )


class PathsRequest(BaseModel):
    """Ingest files and folders on the server's own machine (only from a loopback client:
    the CLI uses it when it finds a running server)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    paths: list[str] = Field(
        ...,
        min_length=1,
        max_length=1000,
        description="Absolute paths of files or folders, or http(s) links.",
    )


class JobAccepted(BaseModel):
    """An ingest job was queued; follow it at ``GET /v1/jobs/{job_id}``."""

    job_id: str
    status: Literal["queued"]


class Progress(BaseModel):
    """Sources read so far out of the total."""

    done: int
    total: int


class Skipped(BaseModel):
    """A source that was not ingested, and why."""

    path: str
    reason: str


class Warning_(BaseModel):
    """A source that was ingested with a warning."""

    path: str
    message: str


class Report(BaseModel):
    """What an ingest did (the CLI's ``briefbot ingest --json``)."""

    added: int
    updated: int
    unchanged: int
    removed: int
    skipped: list[Skipped]
    warnings: list[Warning_]
    chunks: int
    seconds: float


class JobOut(BaseModel):
    """An ingest job: its status, progress and, once done, its report."""

    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: Progress
    report: Report | None
    error: str | None
    created: float
    started: float | None
    finished: float | None


class DocumentPage(BaseModel):
    """A page of the library, in doc id order."""

    total: int = Field(description="Documents matching the filters.")
    offset: int
    limit: int
    documents: list[DocumentRow]


class Removed(BaseModel):
    """A document was removed from the index."""

    doc_id: str
    removed: Literal[True]
