"""Library actions behind the Library page, called directly (no Streamlit)."""

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.library import Library
from tests.conftest import MINI_CORPUS, make_settings
from ui.uploads import (
    ingest_uploads,
    ingest_url,
    remove_documents,
    safe_name,
    upload_types,
)

pytestmark = pytest.mark.slow  # ingests with the real models


def test_safe_name_strips_folders_and_odd_characters() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\Informe final (v2).pdf") == "Informe-final-v2.pdf"
    assert safe_name("Análisis Piura.md") == "Análisis-Piura.md"
    assert safe_name("...") == "upload"


def test_upload_types_cover_the_offered_formats() -> None:
    assert {"md", "txt", "html", "pdf", "docx"} <= set(upload_types())


def test_no_files_and_bad_links_are_messages(tmp_path: Path) -> None:
    library = Library(make_settings(tmp_path / "data"))
    assert ingest_uploads(library, []).error
    assert "http" in (ingest_url(library, "ftp://example.org/x").error or "")
    assert remove_documents(library, ["missing.md"]).error


def test_bad_file_is_reported_and_not_kept(tmp_path: Path) -> None:
    library = Library(make_settings(tmp_path / "data"))
    outcome = ingest_uploads(library, [("notes.md", b"")])
    assert outcome.error is None and outcome.report is not None
    [skipped] = outcome.report["skipped"]
    assert outcome.display_name(skipped["path"]) == "notes.md"
    assert skipped["reason"] == "empty file"
    assert not list((tmp_path / "data" / "uploads").iterdir())


def test_uploads_have_their_own_doc_ids(tmp_path: Path, copy_tree) -> None:  # type: ignore[no-untyped-def]
    corpus = copy_tree(MINI_CORPUS, "corpus")
    library = Library(make_settings(tmp_path / "data"))
    library.add([str(corpus)])
    corpus_doc = library.document("mnna.md")
    assert corpus_doc is not None

    note = "# Nota subida\n\nEl puerto de Paita exporta harina de pescado a China.\n"
    first = ingest_uploads(library, [("mnna.md", note.encode())])
    assert first.error is None and first.report is not None and first.report["added"] == 1
    upload = library.document("uploads/mnna.md")
    assert upload is not None and upload.title == "Nota subida"
    assert library.document("mnna.md") == corpus_doc  # the corpus document is untouched

    # the same name again replaces the earlier upload (and only it)
    fixed = "# Nota corregida\n\nEl puerto de Paita exporta harina y aceite de pescado.\n"
    again = ingest_uploads(library, [("mnna.md", fixed.encode())])
    assert again.report is not None
    assert (again.report["added"], again.report["updated"]) == (0, 1)
    ids = [d.doc_id for d in library.documents()]
    assert ids.count("uploads/mnna.md") == 1 and "mnna.md" in ids
    fixed_doc = library.document("uploads/mnna.md")
    assert fixed_doc is not None and fixed_doc.title == "Nota corregida"

    # re-ingesting the corpus folder leaves uploads alone; removing an upload deletes its file
    assert library.add([str(corpus)]).removed == 0
    assert remove_documents(library, ["uploads/mnna.md"]).error is None
    assert not (tmp_path / "data" / "uploads" / "mnna.md").exists()
    assert library.document("mnna.md") == corpus_doc


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


def test_link_is_ingested_and_a_dead_link_is_reported(tmp_path: Path, local_site: str) -> None:
    library = Library(make_settings(tmp_path / "data", fetch_timeout=5))
    outcome = ingest_url(library, f"{local_site}/nota.md")
    assert outcome.error is None and outcome.report is not None
    assert outcome.report["added"] == 1
    assert [d.title for d in library.documents()] == ["Rutas del oro en Tumbes"]
    dead = ingest_url(library, f"{local_site}/missing.md")
    assert dead.error is None and dead.report is not None
    [skipped] = dead.report["skipped"]
    assert "404" in skipped["reason"]
