"""The brief as PDF: a real document, its pages, its text (read back with pypdf)."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from bot.brief import build_brief
from bot.brief import pdf as brief_pdf_module
from bot.brief.pdf import brief_pdf
from tests.bot.brief.conftest import FakeEngine


def _read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(BytesIO(data))


def test_a_brief_is_a_pdf_with_its_sources_on_a_second_page(fake_engine: FakeEngine) -> None:
    brief = build_brief(fake_engine, "extorsión en Piura")
    reader = _read(brief_pdf(brief))
    assert len(reader.pages) == 2
    first, second = (" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Informe: extorsión en Piura" in first
    assert "Puntos clave" in first and "Cronología" in first
    assert brief.timeline[0].date in first
    assert second.startswith("Fuentes")
    for c in brief.citations:
        assert f"[{c.n}] {c.title}" in second


def test_a_refused_brief_is_one_page() -> None:
    brief = build_brief(FakeEngine([], evidence="none"), "world cup winners")
    reader = _read(brief_pdf(brief))
    assert len(reader.pages) == 1
    assert "Brief: world cup winners" in reader.pages[0].extract_text()


def test_without_dejavu_the_core_font_writes_ascii_for_dashes_and_quotes(
    fake_engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(brief_pdf_module, "FONT_DIRS", ())
    brief = build_brief(fake_engine, "extorsión en Piura “Sullana”")
    text = _read(brief_pdf(brief)).pages[0].extract_text()
    assert 'Informe: extorsión en Piura "Sullana"' in text
    assert " - On 20 September 2023" in " ".join(text.split())
