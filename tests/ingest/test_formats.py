"""PDF, DOCX and HTML files written by real libraries, checked where it matters: in the index."""

import re
from pathlib import Path
from typing import Any

import pytest

from ingest.config import Settings
from ingest.errors import SourceError
from ingest.formats import parse_pdf
from ingest.loaders import load_file
from ingest.manifest import Manifest
from ingest.pipeline import Indexer, manifest_path
from ingest.types import DocumentDetail, IngestReport
from tests.conftest import make_settings
from tests.ingest.samples import (
    ARTICLE_HTML,
    BOILERPLATE,
    BRIEFING_HEADER,
    BRIEFING_PAGES,
    PAGE_TOPICS,
    briefing_pdf,
    docx_bytes,
    pdf_bytes,
    report_pdf,
)

pytestmark = pytest.mark.slow  # ingests with the real models


MB = 1_000_000


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, IngestReport]:
    """One real ingest (real embedder, real Chroma) of two PDFs, two DOCX files and a web page."""
    src = tmp_path_factory.mktemp("formats")
    (src / "report.pdf").write_bytes(report_pdf())
    (src / "briefing.pdf").write_bytes(briefing_pdf())
    (src / "memo.docx").write_bytes(docx_bytes(core_title="Memorando sobre Tumbes"))
    (src / "nota.docx").write_bytes(
        docx_bytes(core_title=None, closing="La Sunat prepara más controles en Aguas Verdes.")
    )
    (src / "article.html").write_bytes(ARTICLE_HTML.encode("utf-8"))
    settings = make_settings(tmp_path_factory.mktemp("formats-data"))
    indexer = Indexer(settings)
    try:
        report = indexer.ingest([str(src)])
    finally:
        indexer.close()
    return settings, report


def _document(settings: Settings, doc_id: str) -> DocumentDetail:
    manifest = Manifest(manifest_path(settings))
    try:
        doc = manifest.document(doc_id)
    finally:
        manifest.close()
    assert doc is not None, doc_id
    return doc


def _stored(settings: Settings, doc: DocumentDetail) -> list[Any]:
    """The chunks of a document as Chroma holds them (every collection checked for ids)."""
    indexer = Indexer(settings)
    try:
        ids = [p.chunk_id for p in doc.passages]
        for per_embedder in indexer.store.all_ids().values():
            assert set(ids) <= per_embedder
        return indexer.store.get(ids)
    finally:
        indexer.close()


def test_every_format_is_ingested(indexed: tuple[Settings, IngestReport]) -> None:
    _, report = indexed
    assert report.skipped == [] and report.warnings == []
    assert report.added == 5


def test_pdf_chunks_know_their_page(indexed: tuple[Settings, IngestReport]) -> None:
    settings, _ = indexed
    doc = _document(settings, "report.pdf")
    assert doc.title == "Ports and cocaine routes in northern Peru"
    assert doc.language == "en"
    passages = doc.passages
    assert {p.page for p in passages} == set(PAGE_TOPICS)
    topics = "|".join(PAGE_TOPICS.values())
    for p in passages:
        first = re.search(topics, p.text)
        assert first is not None and first[0] == PAGE_TOPICS[p.page], p
    stored = _stored(settings, doc)
    assert [h.meta["page"] for h in stored] == [p.page for p in passages]
    assert [h.text for h in stored] == [p.text for p in passages]


def test_pdf_joins_words_hyphenated_at_line_ends(indexed: tuple[Settings, IngestReport]) -> None:
    settings, _ = indexed
    text = " ".join(p.text for p in _document(settings, "report.pdf").passages)
    assert "international cooperation with Ecuador" in text
    assert "inter-" not in text
    assert "\n" not in text.replace("\n\n", "")


def test_pdf_hyphenation_and_accents_from_bytes() -> None:
    data = pdf_bytes(
        [
            [
                "La extorsión en Piura se extien-",
                "de a Sullana y Paita; los gre-",
                "mios piden ayuda.",
            ]
        ]
    )
    loaded = parse_pdf(data)
    assert (
        loaded.text
        == "La extorsión en Piura se extiende a Sullana y Paita; los gremios piden ayuda."
    )
    assert loaded.pages == ((1, 0),) and loaded.warnings == ()


FURNITURE = re.compile(
    "|".join([*(re.escape(line) for line in BRIEFING_HEADER), r"Page \d+ of \d+"])
)
"""What the running header and footer of :func:`briefing_pdf` leave in the text, if anything."""


def test_pdf_running_header_and_footer_stay_out_of_chunks(
    indexed: tuple[Settings, IngestReport],
) -> None:
    settings, _ = indexed
    doc = _document(settings, "briefing.pdf")
    stored = _stored(settings, doc)
    texts = [h.text for h in stored]
    assert [p.text for p in doc.passages] == texts
    for text in texts:
        assert FURNITURE.search(text) is None, text
    for sentences in BRIEFING_PAGES.values():
        for sentence in sentences:
            assert any(sentence in text for text in texts), sentence
    ports = {page: sentences[0].split()[0] for page, sentences in BRIEFING_PAGES.items()}
    for p in doc.passages:
        first = re.search("|".join(ports.values()), p.text)
        assert first is not None and first[0] == ports[p.page], p
    assert [h.meta["page"] for h in stored] == [p.page for p in doc.passages]


def test_pdf_furniture_removed_and_page_offsets_follow() -> None:
    loaded = parse_pdf(briefing_pdf())
    assert loaded.text == "\n\n".join(" ".join(s) for s in BRIEFING_PAGES.values())
    assert [number for number, _ in loaded.pages] == list(BRIEFING_PAGES)
    for number, start in loaded.pages:
        assert loaded.text[start:].startswith(BRIEFING_PAGES[number][0])
    assert loaded.warnings == ()


def test_pdf_page_of_nothing_but_furniture_is_left_out_with_a_warning() -> None:
    pages = {n: BRIEFING_PAGES[n] for n in (1, 2, 4)}
    loaded = parse_pdf(briefing_pdf(pages))
    assert FURNITURE.search(loaded.text) is None
    assert [number for number, _ in loaded.pages] == [1, 2, 4]
    assert loaded.text[loaded.pages[2][1] :].startswith(BRIEFING_PAGES[4][0])
    assert loaded.warnings == (
        "page 3 left out: nothing but running headers, footers or page numbers (3 lines)",
    )


def test_docx_title_from_properties_else_first_heading(
    indexed: tuple[Settings, IngestReport],
) -> None:
    settings, _ = indexed
    memo = _document(settings, "memo.docx")
    nota = _document(settings, "nota.docx")
    assert memo.title == "Memorando sobre Tumbes"
    assert nota.title == "Contrabando en la frontera de Tumbes"
    text = "\n".join(p.text for p in nota.passages)
    assert "puente de Aguas Verdes" in text
    assert "Año | Decomisos" in text and "2024 | 1.250 toneladas" in text
    assert "más controles en Aguas Verdes" in text
    assert nota.language == "es"
    stored = _stored(settings, nota)
    assert stored and all(h.meta["title"] == nota.title for h in stored)
    assert all("page" not in h.meta for h in stored)


def test_html_main_text_and_metadata_reach_the_index(
    indexed: tuple[Settings, IngestReport],
) -> None:
    settings, _ = indexed
    doc = _document(settings, "article.html")
    assert doc.title == "Extortion rackets squeeze Piura's transport sector"
    assert doc.source == "María Quispe"
    assert doc.published == "2024-03-05"
    assert doc.language == "en"
    stored = _stored(settings, doc)
    text = "\n".join(h.text for h in stored)
    assert "weekly payments from mototaxi drivers" in text
    assert "strike in Sullana" in text
    for junk in BOILERPLATE:
        assert junk.lower() not in text.lower(), junk
    meta = stored[0].meta
    assert (meta["source"], meta["published"], meta["published_ord"]) == (
        "María Quispe",
        "2024-03-05",
        20240305,
    )


def test_html_site_name_wins_over_author(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace(
        '<meta name="author"',
        '<meta property="og:site_name" content="Andean Monitor"><meta name="author"',
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    assert load_file(tmp_path / "a.html", "a.html", max_bytes=MB).meta["source"] == "Andean Monitor"


def test_front_matter_language_wins_over_detection(tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text(
        "---\nlanguage: es\n---\nThe text is English but the front matter says Spanish.",
        encoding="utf-8",
    )
    assert load_file(tmp_path / "n.md", "n.md", max_bytes=MB).meta["language"] == "es"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("x.docx", b"PK\x03\x04 not really a zip", "not a readable .docx"),
        ("x.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "PDF"),
        ("x.html", b"<html><head><title>T</title></head><body> </body></html>", "no text"),
    ],
)
def test_parser_failures_become_source_errors(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SourceError, match=reason):
        load_file(tmp_path / name, name, max_bytes=MB)


def test_unexpected_parser_exception_is_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.loaders

    def explode(data: bytes) -> Any:
        raise ZeroDivisionError("parser bug")

    monkeypatch.setitem(ingest.loaders.LOADERS, ".txt", explode)
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot parse: ZeroDivisionError: parser bug"):
        load_file(tmp_path / "a.txt", "a.txt", max_bytes=MB)
