"""Library actions behind the Library page, called directly (no Streamlit): through the
client, against a stand-in of the documents routes, and once against the real ones."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi import FastAPI

from bot.api import create_app, local_client
from bot.api.deps import get_engine_dep
from bot.api.local import app_client
from bot.client import BriefbotClient
from bot.remote import Job
from ingest.errors import IngestError
from tests.bot.api.conftest import FakeEngine
from tests.bot.fake_documents import FakeLibrary, document, serve_library
from tests.conftest import make_settings
from tests.e2e.servers import free_port
from ui.uploads import ingest_uploads, ingest_url, remove_documents, upload_types


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    app = create_app(make_settings(tmp_path / "data"))
    app.dependency_overrides[get_engine_dep] = FakeEngine
    return app


@pytest.fixture
def library(app: FastAPI, tmp_path: Path) -> FakeLibrary:
    return serve_library(app, tmp_path / "data", ("a.md", "uploads/c.md"))


@pytest.fixture
def client(app: FastAPI, library: FakeLibrary) -> Iterator[BriefbotClient]:
    with app_client(app) as http:
        yield BriefbotClient(http)


def test_upload_types_cover_the_offered_formats() -> None:
    assert {"md", "txt", "html", "pdf", "docx"} <= set(upload_types())


def test_no_files_and_bad_links_are_messages_and_nothing_is_sent(
    client: BriefbotClient, library: FakeLibrary
) -> None:
    assert ingest_uploads(client, []).error == "No hay archivos · No files selected"
    assert "http" in (ingest_url(client, "ftp://example.org/x").error or "")
    assert library.added == []


def test_an_upload_is_followed_to_its_report(client: BriefbotClient, library: FakeLibrary) -> None:
    seen: list[Job] = []
    files = [("Informe Piura.md", b"# Piura"), ("vacio.md", b"")]
    outcome = ingest_uploads(client, files, on_progress=seen.append)
    assert outcome.error is None and not outcome.conflict
    assert outcome.report is not None and outcome.report.added == 1
    [skipped] = outcome.report.skipped
    assert outcome.display_name(skipped["path"]) == "vacio.md"
    assert "uploads/Informe-Piura.md" in library.docs
    assert seen and seen[-1].status == "done" and seen[-1].progress.done == 2


def test_a_taken_name_is_a_conflict_then_replaced_when_asked(
    client: BriefbotClient, library: FakeLibrary
) -> None:
    refused = ingest_uploads(client, [("c.md", b"otra")])
    assert refused.conflict and refused.report is None
    assert refused.error == "already in the index: uploads/c.md; send replace=true to replace"
    replaced = ingest_uploads(client, [("c.md", b"otra")], replace=True)
    assert not replaced.conflict and replaced.report is not None and replaced.report.added == 1


def test_a_refused_file_is_a_message_not_a_conflict(client: BriefbotClient) -> None:
    outcome = ingest_uploads(client, [("tool.exe", b"MZ")])
    assert not outcome.conflict and outcome.report is not None
    assert outcome.report.skipped == [
        {"path": "tool.exe", "reason": "unsupported file type '.exe'"}
    ]


def test_a_failed_job_is_an_error(client: BriefbotClient, library: FakeLibrary) -> None:
    library.fail = IngestError("cannot fetch https://example.org/x: timed out")
    outcome = ingest_url(client, " https://example.org/x ")
    assert outcome.error == (
        "No se pudo indexar · Ingest failed: cannot fetch https://example.org/x: timed out"
    )
    assert library.added == [(["https://example.org/x"], {})]


def test_remove_names_what_it_removed(client: BriefbotClient, library: FakeLibrary) -> None:
    docs = [document("a.md", "Informe A")]
    assert remove_documents(client, docs).message == "Eliminado · Removed: Informe A"
    assert "a.md" not in library.docs
    assert remove_documents(client, docs).error == "Nada que eliminar · Nothing to remove"


def test_an_unreachable_server_is_a_message(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    outcome = ingest_uploads(BriefbotClient.connect(url), [("nota.md", b"# Nota")])
    assert outcome.error is not None and url in outcome.error and not outcome.conflict


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    """A tiny web server on 127.0.0.1 serving one Markdown note."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "nota.md").write_text(
        "# Rutas del oro en Tumbes\n\nEl oro ilegal cruza la frontera por Aguas Verdes "
        "y Huaquillas escondido en camiones de carga, según la nota.\n",
        encoding="utf-8",
    )
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow  # ingests with the real models
def test_a_link_is_ingested_by_the_real_app_and_a_dead_link_reported(
    tmp_path: Path, local_site: str
) -> None:
    settings = make_settings(tmp_path / "data", fetch_timeout=5)
    with local_client(settings, warm=False) as http:
        client = BriefbotClient(http)
        outcome = ingest_url(client, f"{local_site}/nota.md")
        assert outcome.error is None and outcome.report is not None
        assert outcome.report.added == 1
        assert [d.title for d in client.all_documents()] == ["Rutas del oro en Tumbes"]
        dead = ingest_url(client, f"{local_site}/missing.md")
        assert dead.error is None and dead.report is not None
        [skipped] = dead.report.skipped
        assert "404" in skipped["reason"]
