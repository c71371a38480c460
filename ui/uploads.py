"""Library actions behind the Library page, through the documents API: upload files or give
a link (``POST /v1/documents``, then the job followed to its end), remove documents
(``DELETE /v1/documents/{doc_id}``).

No Streamlit here: each action returns an :class:`Outcome` the page renders, so that a bad
file, a refused request or an unreachable server becomes a message, never a traceback.

The server keeps uploaded files and indexes them as ``uploads/<name>``, a namespace of their
own, so an upload never replaces a corpus document. An upload whose name is taken is
refused (409) unless ``replace`` is asked: the outcome says so (``conflict``) and the page
offers to replace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.client import BriefbotClient
from bot.errors import RemoteError
from bot.remote import Job
from ingest.loaders import supported_suffixes
from ingest.types import DocumentRow, IngestReport

UPLOAD_TYPES = ("md", "txt", "html", "pdf", "docx")
"""The formats the upload widget offers (those ingest cannot read are refused by the API)."""

OnProgress = Callable[[Job], None]
"""Called with each new state of the ingest job."""


@dataclass
class Outcome:
    """What an action did: an ingest report, an error, or a plain message; ``conflict`` when
    an upload was refused because its name is taken (send it again with ``replace``)."""

    report: IngestReport | None = None
    error: str | None = None
    message: str | None = None
    conflict: bool = False

    @staticmethod
    def display_name(location: str) -> str:
        """A path in the report as the user knows it (the uploaded file's own name)."""
        return Path(location).name or location


def upload_types() -> list[str]:
    """Extensions the upload widget accepts: the offered formats plus any ingest can read."""
    readable = {s.lstrip(".") for s in supported_suffixes()}
    return sorted(set(UPLOAD_TYPES) | readable)


def ingest_uploads(
    client: BriefbotClient,
    files: Sequence[tuple[str, bytes]],
    *,
    replace: bool = False,
    on_progress: OnProgress | None = None,
) -> Outcome:
    """Upload files and wait for their ingest; files that cannot be read are in the report."""
    if not files:
        return Outcome(error="No hay archivos · No files selected")
    try:
        job = client.upload(list(files), replace=replace)
    except RemoteError as err:
        return Outcome(error=_words(err), conflict=err.status == 409)
    return _finish(client, job, on_progress)


def ingest_url(client: BriefbotClient, url: str, on_progress: OnProgress | None = None) -> Outcome:
    """Have the server fetch a link and ingest it; wait for the job."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        return Outcome(error="Escriba un enlace http(s):// · Enter an http(s):// link")
    try:
        job = client.add_url(url)
    except RemoteError as err:
        return Outcome(error=_words(err))
    return _finish(client, job, on_progress)


def remove_documents(client: BriefbotClient, docs: Sequence[DocumentRow]) -> Outcome:
    """Remove documents (the server deletes the uploaded files behind them)."""
    removed = []
    try:
        for doc in docs:
            if client.remove(doc.doc_id):
                removed.append(doc.title or doc.doc_id)
    except RemoteError as err:
        done = f" (eliminado · removed: {'; '.join(removed)})" if removed else ""
        return Outcome(error=_words(err) + done)
    if not removed:
        return Outcome(error="Nada que eliminar · Nothing to remove")
    return Outcome(message="Eliminado · Removed: " + "; ".join(removed))


def _finish(client: BriefbotClient, job: Job, on_progress: OnProgress | None) -> Outcome:
    try:
        job = client.wait(job.job_id, on_progress)
    except RemoteError as err:
        return Outcome(error=_words(err))
    if job.status == "failed":
        return Outcome(error=f"No se pudo indexar · Ingest failed: {job.error}")
    return Outcome(report=job.report or IngestReport())


def _words(err: RemoteError) -> str:
    """The server's own words when it sent some, else the whole message."""
    return err.detail or str(err)
