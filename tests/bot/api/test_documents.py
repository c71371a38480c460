"""The documents and jobs routes: uploads and links become jobs; list, show, remove; limits.

The plumbing runs over a fake library (no models); the last tests run the real pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.api.deps import get_engine_dep, get_jobs
from bot.jobs import JobRunner, JobStore
from ingest.errors import IngestError
from ingest.types import DocumentDetail, IngestReport, PassageRow
from tests.bot.api.conftest import FakeEngine
from tests.conftest import MINI_CORPUS, make_settings


def _doc(doc_id: str, path: str | None = None, **fields: Any) -> DocumentDetail:
    base: dict[str, Any] = {
        "doc_id": doc_id,
        "title": doc_id.rsplit("/", 1)[-1],
        "chunks": 1,
        "root": None,
        "source": "El Comercio",
        "source_type": "news",
        "published": "2024-01-10",
        "url": None,
        "language": "es",
        "topics": (),
        "places": (),
        "path": path,
        "content_hash": "h",
        "ingested_at": "2026-12-01T00:00:00Z",
        "passages": (PassageRow(f"{doc_id}#0", 0, None, "texto"),),
    }
    return DocumentDetail(**{**base, **fields})


class FakeLibrary:
    """The library's interface over a dict; ``add`` records its call and indexes uploads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.docs: dict[str, DocumentDetail] = {}
        self.added: list[tuple[list[str], dict[str, str]]] = []
        self.fail: Exception | None = None

    def uploads_dir(self) -> Path:
        return self.folder / "uploads"

    def documents(self) -> list[DocumentDetail]:
        return [self.docs[k] for k in sorted(self.docs)]

    def document(self, doc_id: str) -> DocumentDetail | None:
        return self.docs.get(doc_id)

    def add(
        self,
        sources: list[str],
        *,
        doc_ids: Mapping[str, str] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        wait: float = 0.0,
    ) -> IngestReport:
        self.added.append((list(sources), dict(doc_ids or {})))
        if self.fail:
            raise self.fail
        report = IngestReport()
        for i, src in enumerate(sources):
            if Path(src).read_bytes().strip() == b"":
                report.skip(src, "the file is empty")
            else:
                doc_id = (doc_ids or {}).get(src, src)
                self.docs[doc_id] = _doc(doc_id, src)
                report.added += 1
            if on_progress:
                on_progress(i + 1, len(sources))
        return report

    def remove(self, doc_id: str, *, wait: float = 0.0) -> bool:
        return self.docs.pop(doc_id, None) is not None


@pytest.fixture
def library(tmp_path: Path) -> FakeLibrary:
    return FakeLibrary(tmp_path / "data")


@pytest.fixture
def app(library: FakeLibrary, tmp_path: Path) -> FastAPI:
    app = create_app(make_settings(tmp_path / "data", max_file_mb=0.001))
    runner = JobRunner(library, JobStore(tmp_path / "data" / "jobs.sqlite"))  # type: ignore[arg-type]
    app.dependency_overrides[get_jobs] = lambda: runner
    app.dependency_overrides[get_engine_dep] = FakeEngine
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def finished(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_an_upload_is_a_job_whose_report_names_the_files(
    client: TestClient, library: FakeLibrary
) -> None:
    files = [
        ("files", ("Informe Piura.md", b"# Piura\n\nExtorsion.", "text/markdown")),
        ("files", ("vacio.txt", b"", "text/plain")),
    ]
    r = client.post("/v1/documents", files=files)
    assert r.status_code == 202, r.text
    job_id = r.json()["job_id"]
    assert r.json()["status"] == "queued"
    assert r.headers["location"] == f"/v1/jobs/{job_id}"
    job = finished(client, job_id)
    assert job["status"] == "done"
    assert job["progress"] == {"done": 2, "total": 2}
    assert job["report"]["added"] == 1
    assert job["report"]["skipped"] == [{"path": "vacio.txt", "reason": "the file is empty"}]
    ((sources, ids),) = library.added
    assert [Path(s).name for s in sources] == ["Informe-Piura.md", "vacio.txt"]
    assert sorted(ids.values()) == ["uploads/Informe-Piura.md", "uploads/vacio.txt"]
    uploads = library.uploads_dir()
    assert (uploads / "Informe-Piura.md").read_bytes() == b"# Piura\n\nExtorsion."
    assert not (uploads / "vacio.txt").exists()  # not ingested: not kept


def test_a_taken_name_is_409_unless_replace(client: TestClient, library: FakeLibrary) -> None:
    library.docs["uploads/a.md"] = _doc("uploads/a.md")
    one = [("files", ("a.md", b"nuevo", "text/markdown"))]
    r = client.post("/v1/documents", files=one)
    assert r.status_code == 409
    assert "uploads/a.md" in r.json()["detail"] and "replace=true" in r.json()["detail"]
    r = client.post("/v1/documents", files=one, data={"replace": "true"})
    assert r.status_code == 202
    assert finished(client, r.json()["job_id"])["report"]["added"] == 1
    twice = [("files", ("b.md", b"x", "text/markdown")), ("files", ("b.md", b"y", "text/plain"))]
    assert client.post("/v1/documents", files=twice).status_code == 409


def test_limits_and_bad_bodies(client: TestClient, library: FakeLibrary) -> None:
    big = [("files", ("big.txt", b"x" * 2000, "text/plain"))]  # max_file_mb=0.001
    r = client.post("/v1/documents", files=big)
    assert r.status_code == 413 and "big.txt" in r.json()["detail"]
    no_files = client.post("/v1/documents", files={"replace": (None, "true")})
    assert no_files.status_code == 422
    assert client.post("/v1/documents", data={"replace": "true"}).status_code == 415
    assert client.post("/v1/documents", json={"url": "ftp://x"}).status_code == 422
    assert client.post("/v1/documents", json={"paths": ["/etc"]}).status_code == 422
    r = client.post("/v1/documents", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert library.added == []
    assert list(library.uploads_dir().glob("*")) == []  # the refused upload left nothing
    r = client.post("/v1/documents", files=[("files", ("tool.exe", b"MZ", "application/x"))])
    job = finished(client, r.json()["job_id"])
    assert job["status"] == "done" and job["report"]["added"] == 0
    assert job["report"]["skipped"] == [
        {"path": "tool.exe", "reason": "unsupported file type '.exe'"}
    ]
    assert library.added == [] and list(library.uploads_dir().glob("*")) == []


def test_a_link_is_a_job(client: TestClient, library: FakeLibrary) -> None:
    library.fail = IngestError("cannot fetch https://example.org/x: timed out")
    r = client.post("/v1/documents", json={"url": "https://example.org/x"})
    assert r.status_code == 202
    job = finished(client, r.json()["job_id"])
    assert job["status"] == "failed" and "timed out" in job["error"]
    assert library.added == [(["https://example.org/x"], {})]


def test_list_show_and_remove(client: TestClient, library: FakeLibrary) -> None:
    for n in range(5):
        library.docs[f"peru/doc{n}.md"] = _doc(f"peru/doc{n}.md", language="es" if n else "en")
    page = client.get("/v1/documents", params={"offset": 1, "limit": 2, "language": "es"}).json()
    assert page["total"] == 4 and page["offset"] == 1 and page["limit"] == 2
    assert [d["doc_id"] for d in page["documents"]] == ["peru/doc2.md", "peru/doc3.md"]
    assert client.get("/v1/documents", params={"q": "DOC4"}).json()["total"] == 1
    doc = client.get("/v1/documents/peru/doc1.md").json()
    assert doc["doc_id"] == "peru/doc1.md" and doc["passages"][0]["text"] == "texto"
    assert client.get("/v1/documents/peru/nope.md").status_code == 404
    assert client.delete("/v1/documents/peru/doc1.md").json() == {
        "doc_id": "peru/doc1.md",
        "removed": True,
    }
    assert client.delete("/v1/documents/peru/doc1.md").status_code == 404
    assert client.get("/v1/jobs/unknown").status_code == 404


def test_local_paths_are_for_loopback_clients_and_existing_paths(
    client: TestClient, library: FakeLibrary, tmp_path: Path
) -> None:
    note = tmp_path / "nota.md"
    note.write_text("# Nota\n\nTexto.", encoding="utf-8")
    r = client.post("/v1/local-documents", json={"paths": [str(tmp_path / "missing.md")]})
    assert r.status_code == 404
    r = client.post("/v1/local-documents", json={"paths": [str(note)]})
    assert r.status_code == 202
    assert finished(client, r.json()["job_id"])["report"]["added"] == 1
    with TestClient(client.app, client=("192.0.2.7", 5000)) as remote:
        assert remote.post("/v1/local-documents", json={"paths": [str(note)]}).status_code == 403


def test_documents_need_an_admin_key(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path / "data", api_keys=["reader:read", "boss"]))
    with TestClient(app) as client:
        assert client.get("/v1/documents").status_code == 401
        read = {"Authorization": "Bearer reader"}
        assert client.get("/v1/documents", headers=read).status_code == 403
        admin = {"Authorization": "Bearer boss"}
        assert client.get("/v1/documents", headers=admin).json()["total"] == 0


@pytest.mark.slow
def test_the_real_pipeline_adds_answers_from_and_removes_an_upload(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        text = (MINI_CORPUS / next(p.name for p in MINI_CORPUS.glob("*.md"))).read_bytes()
        files = [("files", ("nota.md", text, "text/markdown"))]
        job = finished(client, client.post("/v1/documents", files=files).json()["job_id"])
        assert job["status"] == "done" and job["report"]["added"] == 1, job
        again = [("files", ("copia.md", text, "text/markdown"))]
        dup = finished(client, client.post("/v1/documents", files=again).json()["job_id"])
        assert dup["report"]["added"] == 0
        assert (
            "duplicate of the indexed document uploads/nota.md"
            in (dup["report"]["skipped"][0]["reason"])
        )
        assert [d["doc_id"] for d in client.get("/v1/documents").json()["documents"]] == [
            "uploads/nota.md"
        ]
        first_line = text.decode().splitlines()[0].lstrip("# ")
        hits = client.post("/v1/search", json={"query": first_line}).json()["passages"]
        assert hits and hits[0]["doc_id"] == "uploads/nota.md"
        assert client.delete("/v1/documents/uploads/nota.md").status_code == 200
        assert client.post("/v1/search", json={"query": first_line}).json()["passages"] == []
        assert not (settings.index.data_dir / "uploads" / "nota.md").exists()
