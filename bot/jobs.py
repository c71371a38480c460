"""Ingest jobs: queued by the API, run one at a time in the background, kept in SQLite.

A job is a list of sources (files, folders, URLs) with their doc ids; :class:`JobRunner` runs
them in order on one thread of the server process, which owns the data dir, so the running
server answers from new documents as soon as a job is done. Jobs live in
``<data_dir>/jobs.sqlite``, so any worker of the server can report any job, and a job whose
process died (``kill -9``, a crash) is found at the next start and marked failed with the
sources it did not finish: those are not in the index (the ingest pipeline repairs a run
that was cut short, see :meth:`ingest.pipeline.Indexer.repair`).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import queue
import sqlite3
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.library import Library
from ingest.errors import IngestError
from ingest.owner import alive
from ingest.types import IngestReport

log = logging.getLogger(__name__)

Status = Literal["queued", "running", "done", "failed"]
KEEP_DAYS = 30.0
"""Finished jobs are kept this long (``GET /v1/jobs/{id}`` answers 404 after)."""
WAIT_FOR_OWNER = 600.0
"""Seconds a job waits for another writer of a shared (Chroma server) index to finish."""


@dataclass
class Job:
    """One ingest job as clients see it."""

    job_id: str
    status: Status
    sources: list[str]
    doc_ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Display name of each source (the uploaded file's own name)."""
    uploads: list[str] = field(default_factory=list)
    """Saved uploads among the sources: deleted again if they are not ingested."""
    rejected: list[dict[str, str]] = field(default_factory=list)
    """Sources refused before the job ran (``{path, reason}``), reported as skipped."""
    done: int = 0
    total: int = 0
    report: dict[str, Any] | None = None
    error: str | None = None
    created: float = 0.0
    started: float | None = None
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The job as the API returns it."""
        return {
            "job_id": self.job_id,
            "status": self.status,
            "progress": {"done": self.done, "total": self.total},
            "report": self.report,
            "error": self.error,
            "created": self.created,
            "started": self.started,
            "finished": self.finished,
        }


_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY, status TEXT NOT NULL, pid INTEGER NOT NULL, body TEXT NOT NULL
)
"""


class JobStore:
    """Jobs in ``<data_dir>/jobs.sqlite`` (safe across the server's worker processes)."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the job table at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)

    def save(self, job: Job) -> None:
        """Write ``job`` (as this process's)."""
        body = json.dumps(job.__dict__, ensure_ascii=False)
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?)",
                (job.job_id, job.status, os.getpid(), body),
            )

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or None."""
        with self._lock:
            row = self._db.execute("SELECT body FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        return Job(**json.loads(row[0])) if row else None

    def prune(self, keep_days: float) -> int:
        """Forget finished jobs older than ``keep_days``; how many were forgotten."""
        cutoff = time.time() - keep_days * 86400
        with self._lock, self._db:
            rows = self._db.execute(
                "SELECT job_id, body FROM jobs WHERE status IN ('done', 'failed')"
            ).fetchall()
            old = [jid for jid, body in rows if (json.loads(body).get("finished") or 0) < cutoff]
            self._db.executemany("DELETE FROM jobs WHERE job_id = ?", [(j,) for j in old])
        return len(old)

    def orphans(self) -> list[Job]:
        """Unfinished jobs whose process is gone."""
        with self._lock:
            rows = self._db.execute(
                "SELECT pid, body FROM jobs WHERE status IN ('queued', 'running')"
            ).fetchall()
        return [
            Job(**json.loads(body)) for pid, body in rows if pid != os.getpid() and not alive(pid)
        ]


class JobRunner:
    """Runs ingest jobs one after another on a background thread of this process."""

    def __init__(self, library: Library, store: JobStore, *, wait: float = 0.0) -> None:
        """Run jobs on ``library``'s index, recorded in ``store``.

        Args:
            library: the index the jobs write to.
            store: where jobs are kept.
            wait: seconds a job waits for another owner of the data dir (a shared Chroma
                server index written by another worker).
        """
        self.library = library
        self.store = store
        self.wait = wait
        self._writing = threading.Lock()  # jobs and removals write one at a time
        self._queue: queue.Queue[Job] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="ingest-jobs", daemon=True)
        self._thread.start()

    def fail_orphans(self) -> list[Job]:
        """Mark jobs left unfinished by a dead process as failed and forget finished jobs
        older than :data:`KEEP_DAYS`; return the failed ones."""
        self.store.prune(KEEP_DAYS)
        found = self.store.orphans()
        for job in found:
            pending = [job.names.get(s, s) for s in job.sources]
            job.status, job.finished = "failed", time.time()
            job.error = (
                "the server stopped before this job finished; not ingested: "
                + ", ".join(pending)
                + " (documents a finished job reported are in the index)"
            )
            self.store.save(job)
        return found

    def submit(
        self,
        sources: list[str],
        *,
        doc_ids: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
        uploads: list[str] | None = None,
        rejected: list[dict[str, str]] | None = None,
    ) -> Job:
        """Queue an ingest of ``sources``.

        Args:
            sources: files, folders and URLs, as :meth:`bot.library.Library.add` takes them.
            doc_ids: the doc id of a source, when it is not the default.
            names: how the report should call a source (an upload's own file name).
            uploads: saved uploads among ``sources``, deleted if they are not ingested.
            rejected: sources refused before the job (``{path, reason}``), for its report.
        """
        job = Job(
            job_id=uuid.uuid4().hex,
            status="queued",
            sources=list(sources),
            doc_ids=dict(doc_ids or {}),
            names=dict(names or {}),
            uploads=list(uploads or []),
            rejected=list(rejected or []),
            total=len(sources),
            created=time.time(),
        )
        self.store.save(job)
        self._queue.put(job)
        return job

    def remove(self, doc_id: str) -> bool:
        """Remove a document (and the saved upload behind it) between jobs; False if it is
        not in the index."""
        with self._writing:
            doc = self.library.document(doc_id)
            if doc is None or not self.library.remove(doc_id, wait=self.wait):
                return False
        uploads = self.library.uploads_dir().resolve()
        path = Path(doc.path) if doc.path else None
        if path is not None and path.is_file() and path.resolve().parent == uploads:
            path.unlink()
        return True

    def join(self, timeout: float | None = None) -> None:
        """Wait until every queued job has run (tests and shutdown)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if deadline is not None and time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def _failure(self, err: Exception) -> str:
        """What to tell the client about an unexpected error."""
        if disk_full(err):
            folder = self.library.settings.index.data_dir
            return (
                f"no space left on the disk of the index ({folder}): {err}. Free some space "
                "and add the documents again; the index is as it was before this job, except "
                "documents its report would have listed as added (GET /v1/documents)"
            )
        return f"unexpected error: {type(err).__name__}: {err}"

    def _repair(self) -> None:
        """After a failed job, make the index's parts agree again (if the disk allows)."""
        try:
            with self._writing:
                self.library.repair(wait=self.wait)
        except Exception:
            log.exception("the index could not be repaired after a failed job")

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self._run(job)
            finally:
                self._queue.task_done()

    def _run(self, job: Job) -> None:
        job.status, job.started = "running", time.time()
        skipped: set[str] = set()
        self.store.save(job)

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            self.store.save(job)

        try:
            report = IngestReport()
            if job.sources:
                with self._writing:
                    report = self.library.add(
                        job.sources, doc_ids=job.doc_ids, on_progress=progress, wait=self.wait
                    )
        except IngestError as err:
            job.status, job.error = "failed", str(err)
        except Exception as err:  # a full disk, a reader bug: this job fails, never the server
            log.exception("ingest job %s failed", job.job_id)
            job.status, job.error = "failed", self._failure(err)
            self._repair()
        else:
            data = report.as_dict()
            skipped = {item["path"] for item in data["skipped"]}
            for item in data["skipped"] + data["warnings"]:
                item["path"] = job.names.get(item["path"], item["path"])
            data["skipped"] = job.rejected + data["skipped"]
            job.status, job.report = "done", data
        for path in job.uploads:
            if job.status == "failed" or path in skipped:
                Path(path).unlink(missing_ok=True)
        job.finished = time.time()
        self.store.save(job)


def disk_full(err: BaseException) -> bool:
    """Whether ``err`` (or what caused it) says the disk is full."""
    while err is not None:
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(err) or "No space left" in str(err):
            return True
        err = err.__cause__ or err.__context__  # type: ignore[assignment]
    return False
