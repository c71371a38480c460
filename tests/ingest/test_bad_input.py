"""A folder of realistic bad files, ingested in one run: every file is accounted for."""

import random
import time
from pathlib import Path

import pytest

from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from tests.conftest import make_settings
from tests.ingest.samples import SCRIPTS_ONLY_HTML, repetitive_text, report_pdf, scanned_pdf

BIG_BYTES = 3_000_000

SKIPPED = {
    "empty.md": "empty file",
    "random.pdf": "not a PDF (no %PDF- header)",
    "truncated.pdf": "truncated or damaged PDF",
    "scanned.pdf": "no text layer (scanned PDF?)",
    "app.html": "no text found",
    "export.xyz": "unsupported file type '.xyz'",
}
ADDED = {"latin1.txt", "bom-crlf.md", "big.txt", "broken-front-matter.md"}
WARNED = {"broken-front-matter.md": "broken YAML front matter ignored"}


def write_bad_folder(folder: Path) -> None:
    """Every kind of bad input a user's folder realistically holds."""
    folder.mkdir()
    (folder / "empty.md").write_bytes(b"")
    (folder / "random.pdf").write_bytes(random.Random(1).randbytes(20_000))
    full = report_pdf()
    (folder / "truncated.pdf").write_bytes(full[: len(full) // 2])
    (folder / "scanned.pdf").write_bytes(scanned_pdf())
    (folder / "latin1.txt").write_bytes(
        "Extorsión y minería ilegal en Pataz: los mineros artesanales pagan cupos.".encode(
            "latin-1"
        )
    )
    (folder / "bom-crlf.md").write_bytes(
        "\ufeff# Tráfico en Tumbes\r\n\r\nEl contrabando cruza Aguas Verdes.\r\n".encode()
    )
    (folder / "big.txt").write_text(repetitive_text(BIG_BYTES), encoding="utf-8")
    (folder / "broken-front-matter.md").write_text(
        "---\ntitle: [unclosed\nsource: x: y\n---\n# Informe\n\nLa frontera con Ecuador en Zarumilla.",
        encoding="utf-8",
    )
    (folder / "app.html").write_text(SCRIPTS_ONLY_HTML, encoding="utf-8")
    (folder / "export.xyz").write_bytes(b"\x00\x01binary export")


@pytest.mark.slow
def test_one_run_accounts_for_every_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "inbox"
    write_bad_folder(src)
    assert (src / "big.txt").stat().st_size >= BIG_BYTES
    settings = make_settings(tmp_path / "data")
    indexer = Indexer(settings)
    started = time.perf_counter()
    try:
        report = indexer.ingest([str(src)])
    finally:
        indexer.close()
    seconds = time.perf_counter() - started

    skipped = {Path(s["path"]).name: s["reason"] for s in report.skipped}
    assert set(skipped) == set(SKIPPED)
    for name, reason in SKIPPED.items():
        assert reason in skipped[name], (name, skipped[name])
    warned = {Path(w["path"]).name: w["message"] for w in report.warnings}
    assert set(warned) == set(WARNED)
    for name, message in WARNED.items():
        assert message in warned[name]
    assert report.added == len(ADDED)
    assert set(SKIPPED) | ADDED == {p.name for p in src.iterdir()}

    manifest = Manifest(manifest_path(settings))
    try:
        docs = {d.doc_id: d for d in manifest.documents()}
        latin = manifest.document("latin1.txt")
        bom = manifest.document("bom-crlf.md")
        broken = manifest.document("broken-front-matter.md")
    finally:
        manifest.close()
    assert set(docs) == ADDED
    assert latin is not None and "Extorsión y minería" in latin.passages[0].text
    assert bom is not None and bom.title == "Tráfico en Tumbes"
    assert not any(c in bom.passages[0].text for c in "\r\ufeff")
    assert broken is not None and broken.title == "Informe"
    assert docs["big.txt"].chunks >= BIG_BYTES // (settings.index.chunk_size + 100)
    assert report.chunks == sum(d.chunks for d in docs.values())
    print(f"bad-input folder with a 3 MB file: {report.chunks} chunks in {seconds:.1f} s")
