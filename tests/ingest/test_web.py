"""URLs against a real HTTP server on 127.0.0.1: formats, redirects, caps, timeouts, errors."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from ingest.web import load_url
from tests.conftest import make_settings
from tests.ingest.samples import ARTICLE_HTML, BOILERPLATE, pdf_bytes, report_pdf

pytestmark = pytest.mark.slow  # ingests with the real models


PDF = report_pdf()
DOWNLOAD = pdf_bytes([["A download served without a PDF content type.", "Paita port, 2024."]])
"""Another PDF (the same text under a second URL would be reported as a duplicate)."""
BIG = b"x" * 200_000
RELEASE = threading.Event()
"""Set at teardown so that the slow endpoint's handler returns at once."""

ROUTES: dict[str, tuple[str, bytes]] = {
    "/article.html": ("text/html; charset=utf-8", ARTICLE_HTML.encode("utf-8")),
    "/report.pdf": ("application/pdf", PDF),
    "/download?id=7": ("application/octet-stream", DOWNLOAD),
    "/notes.md": ("text/markdown", "# Notas\n\nExtorsión en Piura y Sullana.".encode()),
    "/plain": ("text/plain; charset=utf-8", b"Illegal gold mining in Pataz keeps growing."),
    "/latin": ("text/plain; charset=ISO-8859-1", "Minería ilegal en Pataz.".encode("latin-1")),
    "/big.txt": ("text/plain", BIG),
    "/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/old-article":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif self.path == "/slow":
            RELEASE.wait(10)
            self._send("text/plain", b"too late")
        elif self.path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b"y" * 10_000)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path in ROUTES:
            self._send(*ROUTES[self.path])
        else:
            self.send_error(404, "Not Found")

    def _send(self, content_type: str, body: bytes) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A threaded HTTP server on a random local port; yields its base URL."""
    RELEASE.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(key, raising=False)


def closed_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_one_run_over_good_and_bad_urls(server: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", fetch_timeout=0.5, max_file_mb=0.1)
    dead = f"http://127.0.0.1:{closed_port()}/"
    good = [
        f"{server}/old-article",
        f"{server}/report.pdf",
        f"{server}/download?id=7",
        f"{server}/notes.md",
        f"{server}/plain",
        f"{server}/latin",
    ]
    bad = {
        f"{server}/slow": "timed out after 0.5 s",
        f"{server}/big.txt": "download is 0.2 MB, above the 0.1 MB cap",
        f"{server}/big-stream": "download is more than 0.1 MB, above the 0.1 MB cap",
        f"{server}/missing": "HTTP 404 Not Found",
        f"{server}/logo.png": "unsupported content type 'image/png'",
        dead: "cannot reach 127.0.0.1",
    }
    indexer = Indexer(settings)
    try:
        report = indexer.ingest(good + list(bad))
    finally:
        indexer.close()

    assert report.added == len(good)
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert set(reasons) == set(bad)
    for url, expected in bad.items():
        assert expected in reasons[url], (url, reasons[url])

    manifest = Manifest(manifest_path(settings))
    try:
        article = manifest.document(f"{server}/old-article")
        pdf = manifest.document(f"{server}/report.pdf")
        download = manifest.document(f"{server}/download?id=7")
        notes = manifest.document(f"{server}/notes.md")
        latin = manifest.document(f"{server}/latin")
    finally:
        manifest.close()
    assert article is not None and pdf is not None and download is not None and notes is not None
    assert article.url == f"{server}/article.html"
    assert article.title == "Extortion rackets squeeze Piura's transport sector"
    assert article.published == "2024-03-05" and article.source == "María Quispe"
    text = " ".join(p.text for p in article.passages)
    assert "weekly payments" in text
    assert not any(junk.lower() in text.lower() for junk in BOILERPLATE)
    assert pdf.url == f"{server}/report.pdf"
    assert {p.page for p in pdf.passages} == {1, 2, 3}
    assert download.passages[0].text.startswith("A download served without a PDF content type.")
    assert notes.title == "Notas" and notes.language == "es"
    assert latin is not None and latin.passages[0].text == "Minería ilegal en Pataz."


def test_rerun_of_unchanged_urls_is_idempotent(server: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    urls = [f"{server}/plain", f"{server}/report.pdf"]
    for expected in ((2, 0), (0, 2)):
        indexer = Indexer(settings)
        try:
            report = indexer.ingest(urls)
        finally:
            indexer.close()
        assert (report.added, report.unchanged) == expected


def test_load_url_times_out_within_its_budget(server: str) -> None:
    import time

    started = time.monotonic()
    with pytest.raises(SourceError, match=r"timed out after 0\.3 s"):
        load_url(f"{server}/slow", max_bytes=1_000_000, timeout=0.3)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("url", ["ftp://example.org/file.txt", "http://"])
def test_bad_urls_are_source_errors(url: str) -> None:
    with pytest.raises(SourceError):
        load_url(url, max_bytes=1000, timeout=1)
