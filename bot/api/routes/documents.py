"""The library over HTTP: add documents (uploads or a link) as jobs, list, show, remove.

``POST /v1/documents`` answers 202 at once with a job id; the job runs in the background on
the server, which owns the index (:mod:`bot.jobs`), and ``GET /v1/jobs/{job_id}`` follows it.
The same limits and reports as ``briefbot ingest``: a file over ``max_file_mb`` is a 413; a
file of a type ingest has no reader for, or that cannot be read (a broken PDF, an empty file),
is listed in the job's report as skipped, with the reason; the others are ingested.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from bot.api.deps import JobsDep, SettingsDep
from bot.api.errors import declare
from bot.api.library_schemas import (
    DocumentPage,
    JobAccepted,
    JobOut,
    PathsRequest,
    Removed,
    UrlRequest,
)
from bot.jobs import Job, JobRunner, disk_full
from bot.uploads import readable, safe_name, unsupported, upload_doc_id
from ingest.config import Settings
from ingest.types import DocumentDetail, DocumentRow

M = TypeVar("M", bound=BaseModel)
router = APIRouter(tags=["documents"])
MAX_FILES = 100
"""Files one upload request may carry."""
_CHUNK = 1 << 20
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "minItems": 1,
                            "description": "One or more files (md, txt, html, pdf, docx ...).",
                        },
                        "replace": {
                            "type": "boolean",
                            "default": False,
                            "description": "Replace an earlier upload of the same name.",
                        },
                    },
                }
            },
            "application/json": {"schema": UrlRequest.model_json_schema()},
        },
    }
}


@router.post(
    "/v1/documents",
    status_code=202,
    response_model=JobAccepted,
    responses=declare(409, 413, 415, 422, 500, 503, 507),  # 415: neither multipart nor JSON
    openapi_extra=UPLOAD_BODY,
)
async def add_documents(
    request: Request, response: Response, jobs: JobsDep, settings: SettingsDep
) -> JobAccepted:
    """Upload files (multipart field ``files``, and ``replace=true`` to replace earlier
    uploads of the same names) or give a link (JSON ``{"url": ...}``); 202 with the job."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        job = await _uploads(request, jobs, settings)
    elif kind in ("application/json", ""):
        body = _validated(UrlRequest, await request.body())
        job = jobs.submit([body.url])
    else:
        raise HTTPException(415, "send multipart/form-data (files) or application/json (url)")
    response.headers["Location"] = f"/v1/jobs/{job.job_id}"
    return JobAccepted(job_id=job.job_id, status="queued")


@router.post(
    "/v1/local-documents",
    status_code=202,
    response_model=JobAccepted,
    include_in_schema=False,
)
async def add_local_documents(request: Request, response: Response, jobs: JobsDep) -> JobAccepted:
    """Ingest files and folders on the server's machine (and links); loopback clients only:
    ``briefbot ingest`` sends its paths here when a server owns the data dir."""
    if not _loopback(request):
        raise HTTPException(403, "local paths are accepted from this machine only")
    body = _validated(PathsRequest, await request.body())
    missing = [
        p
        for p in body.paths
        if not p.startswith(("http://", "https://"))
        and (not Path(p).is_absolute() or not Path(p).exists())
    ]
    if missing:
        raise HTTPException(404, f"no such file or folder on the server: {', '.join(missing)}")
    job = jobs.submit(body.paths)
    response.headers["Location"] = f"/v1/jobs/{job.job_id}"
    return JobAccepted(job_id=job.job_id, status="queued")


@router.get("/v1/jobs/{job_id}", response_model=JobOut, responses=declare(404))
def get_job(job_id: str, jobs: JobsDep) -> JobOut:
    """An ingest job: ``queued``, ``running`` (with progress), ``done`` (with the report:
    added, skipped with reasons ...) or ``failed`` (with the reason)."""
    job = jobs.store.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job '{job_id}'")
    return JobOut.model_validate(job.as_dict())


@router.get("/v1/documents", response_model=DocumentPage)
def list_documents(
    jobs: JobsDep,
    offset: Annotated[int, Query(ge=0, description="Documents to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Documents per page.")] = 100,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the title, id or publisher.")
    ] = None,
    language: Annotated[str | None, Query(max_length=8, description="Language code.")] = None,
    source_type: Annotated[str | None, Query(max_length=20, description="Source type.")] = None,
) -> DocumentPage:
    """The documents in the index, in doc id order, filtered and paged."""
    rows = jobs.library.documents()
    if q:
        words = q.lower().split()
        rows = [r for r in rows if all(w in _haystack(r) for w in words)]
    if language:
        rows = [r for r in rows if r.language == language]
    if source_type:
        rows = [r for r in rows if r.source_type == source_type]
    page = rows[offset : offset + limit]
    return DocumentPage(
        total=len(rows),
        offset=offset,
        limit=limit,
        documents=page,
    )


@router.get("/v1/documents/{doc_id:path}", response_model=DocumentDetail, responses=declare(404))
def get_document(doc_id: str, jobs: JobsDep) -> DocumentDetail:
    """One document with its metadata and passages."""
    doc = jobs.library.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document '{doc_id}' in the index")
    return doc


@router.delete(
    "/v1/documents/{doc_id:path}", response_model=Removed, responses=declare(404, 500, 503)
)
def remove_document(doc_id: str, jobs: JobsDep) -> Removed:
    """Remove a document and its passages (and the uploaded file behind it)."""
    if not jobs.remove(doc_id):
        raise HTTPException(404, f"no document '{doc_id}' in the index")
    return Removed(doc_id=doc_id, removed=True)


async def _uploads(request: Request, jobs: JobRunner, settings: Settings) -> Job:
    async with request.form(max_files=MAX_FILES) as form:
        files = [f for f in form.getlist("files") if not isinstance(f, str)]
        flag = form.get("replace", "false")
        if flag not in ("true", "false"):
            _invalid("replace", "replace is true or false", kind="bool_parsing")
        replace = flag == "true"
        if not files:
            _invalid("files", "at least one file is required (multipart field 'files')")
        rejected = [
            {"path": f.filename or "upload", "reason": unsupported(f.filename or "upload")}
            for f in files
            if not readable(f.filename or "upload")
        ]
        files = [f for f in files if readable(f.filename or "upload")]
        names = [f.filename or "upload" for f in files]
        ids = [upload_doc_id(n) for n in names]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise HTTPException(409, f"two files in this request would be {', '.join(twice)}")
        taken = [i for i in ids if jobs.library.document(i) is not None]
        if taken and not replace:
            raise HTTPException(
                409,
                f"already in the index: {', '.join(taken)}; send replace=true to replace",
            )
        saved = await _save(files, jobs.library.uploads_dir(), settings.index.max_file_mb)
    paths = [str(p) for p in saved]
    return jobs.submit(
        paths,
        doc_ids=dict(zip(paths, ids, strict=True)),
        names=dict(zip(paths, names, strict=True)),
        uploads=paths,
        rejected=rejected,
    )


async def _save(files: list[UploadFile], folder: Path, max_mb: float) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    limit = int(max_mb * 1_000_000)
    saved: list[Path] = []
    try:
        for f in files:
            path = folder / safe_name(f.filename or "upload")
            part = path.with_name(f".{path.name}.part")
            size = 0
            with part.open("wb") as out:
                while chunk := await f.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise HTTPException(
                            413, f"{f.filename} is over the {max_mb:g} MB file limit"
                        )
                    out.write(chunk)
            part.replace(path)
            saved.append(path)
    except BaseException as err:
        for path in saved:
            path.unlink(missing_ok=True)
        for part in folder.glob(".*.part"):
            part.unlink(missing_ok=True)
        if disk_full(err):
            raise HTTPException(507, f"no space left to save the upload in {folder}") from err
        raise
    return saved


def _validated(model: type[M], raw: bytes) -> M:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        _invalid("", f"the body is not UTF-8 JSON: {err}", kind="json_invalid")
    try:
        return model.model_validate_json(raw or b"null")
    except ValidationError as err:
        problems = json.loads(err.json(include_url=False, include_context=False))
        for problem in problems:
            problem["loc"] = ["body", *problem["loc"]]
        raise RequestValidationError(problems) from None


def _invalid(field: str, message: str, *, kind: str = "missing") -> NoReturn:
    loc = ["body", field] if field else ["body"]
    raise RequestValidationError([{"type": kind, "loc": loc, "msg": message, "input": None}])


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    if host in ("testclient", "localhost"):
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    return False


def _haystack(row: DocumentRow) -> str:
    return f"{row.doc_id} {row.title} {row.source or ''}".lower()
