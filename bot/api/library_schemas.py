"""Bodies of the documents and jobs routes (``/v1/documents``, ``/v1/jobs/{job_id}``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas import SPACE
from ingest.types import DocumentDetail, DocumentRow


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


class DocumentInfo(BaseModel):
    """One document of the library, with its chunk count."""

    doc_id: str
    title: str
    chunks: int
    root: str | None
    source: str | None
    source_type: str
    published: str | None
    url: str | None
    language: str
    topics: list[str]
    places: list[str]
    path: str | None
    content_hash: str
    ingested_at: str

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentInfo:
        """The library row as sent to clients."""
        return cls(**_row_fields(row))


class DocumentPassage(BaseModel):
    """One passage (chunk) of a document."""

    chunk_id: str
    n: int
    page: int | None
    text: str


class DocumentFull(DocumentInfo):
    """One document with its passages, in order."""

    passages: list[DocumentPassage]

    @classmethod
    def of_detail(cls, doc: DocumentDetail) -> DocumentFull:
        """The library document as sent to clients."""
        return cls(**doc.as_dict())


class DocumentPage(BaseModel):
    """A page of the library, in doc id order."""

    total: int = Field(description="Documents matching the filters.")
    offset: int
    limit: int
    documents: list[DocumentInfo]


class Removed(BaseModel):
    """A document was removed from the index."""

    doc_id: str
    removed: Literal[True]


def _row_fields(row: DocumentRow) -> dict[str, Any]:
    data = row.as_dict()
    data.pop("passages", None)
    return data
