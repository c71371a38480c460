"""A typed client of the briefbot HTTP API: the project's own types, parsed from JSON.

:class:`BriefbotClient` wraps an :class:`httpx.Client` (a real server's, from
:meth:`BriefbotClient.connect`, or the in-process app's, from :func:`bot.api.local_client`)::

    client = BriefbotClient.connect("http://127.0.0.1:8000", api_key="...")
    answer = client.ask("¿Qué es el VRAEM?", Filters.build(languages=["es"]))
    job = client.wait(client.upload([("nota.md", b"# Nota ...")]).job_id)

Every failure is one exception, :class:`~bot.errors.RemoteError`: an error status (``status``
and the server's ``detail``), a reply that is not what the route sends, or a server that
cannot be reached (the message names its URL).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from bot.brief import Brief, check_period
from bot.brief.digest import Digest
from bot.errors import RemoteError
from bot.filters import Filters
from bot.remote import DocumentPage, Job, Passages, detail_of, events, filter_fields, parse
from bot.types import Answer, PassageOut
from ingest.types import DocumentDetail, DocumentRow

TIMEOUT = httpx.Timeout(300.0, connect=10.0)
"""A brief or the first answer of a cold server takes a while; a dead address does not."""


class BriefbotClient:
    """The briefbot API over ``http``, an :class:`httpx.Client` whose ``base_url`` is the
    API's root (and which sends the key, if any).

    Raises (every method):
        RemoteError: an error status, an unreadable reply, or an unreachable server.
    """

    def __init__(self, http: httpx.Client) -> None:
        """Call the API through ``http``."""
        self.http = http

    @classmethod
    def connect(
        cls, url: str, api_key: str | None = None, *, timeout: httpx.Timeout = TIMEOUT
    ) -> BriefbotClient:
        """A client of the server at ``url``, sending ``Authorization: Bearer api_key``."""
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        return cls(httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout))

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        conversation_id: str | None = None,
        k: int | None = None,
    ) -> Answer:
        """A cited answer (``POST /v1/ask``), continuing the conversation when given one."""
        body = {**self._question(question, filters, conversation_id), **({"k": k} if k else {})}
        return self._call("POST", "/v1/ask", Answer, json=body)

    def stream(
        self, question: str, filters: Filters | None = None, conversation_id: str | None = None
    ) -> Iterator[str | Answer]:
        """The answer's text pieces as the server writes them, then the :class:`Answer`.

        Raises:
            RemoteError: also for an ``error`` event, or a stream that ends with no answer.
        """
        body = {**self._question(question, filters, conversation_id), "stream": True}
        try:
            with self.http.stream("POST", "/v1/ask", json=body) as response:
                if response.is_error:
                    response.read()
                    raise self._failed(response)
                for event, data in events(response.iter_lines()):
                    if event == "delta":
                        yield parse(data, dict[str, str], "/v1/ask")["text"]
                    elif event == "answer":
                        yield parse(data, Answer, "/v1/ask")
                        return
                    elif event == "error":
                        raise RemoteError(detail_of(data), status=response.status_code)
        except httpx.HTTPError as err:
            raise self._unreachable(err) from err
        raise RemoteError(f"the answer stream of {self.url} ended with no answer")

    def search(
        self, query: str, filters: Filters | None = None, k: int | None = None
    ) -> list[PassageOut]:
        """The passages retrieval finds for ``query``, best first (``POST /v1/search``)."""
        body = {"query": query, **filter_fields(filters), **({"k": k} if k else {})}
        return self._call("POST", "/v1/search", Passages, json=body).passages

    def brief(
        self,
        topic: str,
        since: str | None = None,
        until: str | None = None,
        language: str | None = None,
        source_types: Sequence[str] = (),
        places: Sequence[str] = (),
    ) -> Brief:
        """A cited brief on ``topic`` (``POST /v1/brief``).

        Raises:
            ValueError: a ``since``/``until`` that cannot be read (checked before sending).
        """
        options = {
            "since": check_period(since),
            "until": check_period(until),
            "language": language,
            "source_types": list(source_types),
            "places": list(places),
        }
        body = {"topic": topic, **{name: value for name, value in options.items() if value}}
        return self._call("POST", "/v1/brief", Brief, json=body)

    def digest(self, since: dt.date | str, topic: str | None = None) -> Digest:
        """What the index gained since ``since`` (``POST /v1/digest``)."""
        day = since.isoformat() if isinstance(since, dt.date) else since
        body = {"since": day, **({"topic": topic} if topic else {})}
        return self._call("POST", "/v1/digest", Digest, json=body)

    def health(self) -> dict[str, Any]:
        """``GET /health``: ``status``, ``chunks`` and ``embedders``."""
        return self._call("GET", "/health", dict[str, Any])

    def documents(
        self,
        q: str | None = None,
        language: str | None = None,
        source_type: str | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
    ) -> DocumentPage:
        """One page of the library (``GET /v1/documents``), filtered."""
        params = {"q": q, "language": language, "source_type": source_type}
        params = {name: value for name, value in params.items() if value}
        return self._call(
            "GET",
            "/v1/documents",
            DocumentPage,
            params={**params, "offset": offset, "limit": limit},
        )

    def all_documents(self, page: int = 500) -> list[DocumentRow]:
        """Every document of the library, page by page."""
        rows: list[DocumentRow] = []
        while True:
            found = self.documents(offset=len(rows), limit=page)
            rows += found.documents
            if not found.documents or len(rows) >= found.total:
                return rows

    def document(self, doc_id: str) -> DocumentDetail | None:
        """One document with its passages; None when there is no such document."""
        try:
            return self._call("GET", _document_path(doc_id), DocumentDetail)
        except RemoteError as err:
            if err.status == 404:
                return None
            raise

    def upload(self, files: Sequence[tuple[str, bytes]], replace: bool = False) -> Job:
        """Send files to ingest (``POST /v1/documents``); 409 when a name is taken and not
        ``replace``."""
        parts = [("files", (name, data)) for name, data in files]
        form = {"replace": "true" if replace else "false"}
        return self._call("POST", "/v1/documents", Job, files=parts, data=form)

    def add_url(self, url: str) -> Job:
        """Have the server fetch and ingest a link (``POST /v1/documents``)."""
        return self._call("POST", "/v1/documents", Job, json={"url": url})

    def add_paths(self, paths: Sequence[str]) -> Job:
        """Have the server ingest files and folders of its own machine, or links
        (``POST /v1/local-documents``, loopback clients only: the CLI beside its server)."""
        return self._call("POST", "/v1/local-documents", Job, json={"paths": list(paths)})

    def job(self, job_id: str) -> Job:
        """An ingest job's status, progress and report (``GET /v1/jobs/{job_id}``)."""
        return self._call("GET", f"/v1/jobs/{quote(job_id, safe='')}", Job)

    def wait(
        self,
        job_id: str,
        on_progress: Callable[[Job], None] | None = None,
        timeout: float = 900.0,
        poll: float = 0.25,
    ) -> Job:
        """Poll a job until it is done or failed; ``on_progress`` sees each new state.

        Raises:
            RemoteError: also when the job is not over after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        seen: tuple[str, int, int] | None = None
        while True:
            job = self.job(job_id)
            state = (job.status, job.progress.done, job.progress.total)
            if on_progress is not None and state != seen:
                on_progress(job)
            seen = state
            if job.over:
                return job
            if time.monotonic() > deadline:
                raise RemoteError(f"job {job_id} is still {job.status} after {timeout:.0f} s")
            time.sleep(poll)

    def remove(self, doc_id: str) -> bool:
        """Remove a document (``DELETE /v1/documents/{doc_id}``); False when there is none."""
        try:
            self._call("DELETE", _document_path(doc_id), dict[str, Any])
        except RemoteError as err:
            if err.status == 404:
                return False
            raise
        return True

    @property
    def url(self) -> str:
        """The API's root URL."""
        return str(self.http.base_url).rstrip("/")

    def _question(
        self, question: str, filters: Filters | None, conversation_id: str | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"question": question, **filter_fields(filters)}
        if conversation_id:
            body["conversation_id"] = conversation_id
        return body

    def _call(self, method: str, path: str, kind: Any, **request: Any) -> Any:
        try:
            response = self.http.request(method, path, **request)
        except httpx.HTTPError as err:
            raise self._unreachable(err) from err
        if response.is_error:
            raise self._failed(response)
        return parse(response.content, kind, path, response.status_code)

    def _failed(self, response: httpx.Response) -> RemoteError:
        detail = detail_of(response.content)
        return RemoteError(
            f"briefbot API {response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.reason_phrase}: {detail}",
            status=response.status_code,
            detail=detail,
        )

    def _unreachable(self, err: httpx.HTTPError) -> RemoteError:
        return RemoteError(f"cannot reach the briefbot API at {self.url}: {err}")


def _document_path(doc_id: str) -> str:
    return f"/v1/documents/{quote(doc_id, safe='/')}"
