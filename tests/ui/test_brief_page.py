"""The Brief page through AppTest, with a prepared brief in place of the real builder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bot.brief import Brief, brief_markdown
from bot.brief.brief import Quote
from bot.brief.digest import Digest, DigestEntry, DigestGroup
from bot.strings import BRIEF_PAGE, BRIEF_SINCE, BRIEF_TOPIC, DIGEST_BUTTON, say
from ingest.config import get_settings
from tests.bot.api.conftest import FakeEngine
from tests.ui.conftest import CITATIONS, FakeBriefs, Serve

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@pytest.fixture(autouse=True)
def _fake_api(serve: Serve) -> None:
    """The chat page opens first: its header asks the API (here over a fake engine)."""
    serve(FakeEngine())


def open_brief_page(monkeypatch: pytest.MonkeyPatch, brief: Brief) -> tuple[AppTest, FakeBriefs]:
    import ui.shared

    fake = FakeBriefs(brief)
    monkeypatch.setattr(ui.shared, "brief", fake)
    get_settings.cache_clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("brief_page.py").run()
    assert not at.exception, at.exception
    return at, fake


def build(at: AppTest, topic: str, since: str = "") -> None:
    at.text_input(key="b_topic").set_value(topic)
    at.text_input(key="b_since").set_value(since)
    at.button[0].click().run()
    assert not at.exception, at.exception


def page_markdown(at: AppTest) -> str:
    return "\n".join(md.value for md in at.markdown)


def test_the_pdf_export_builds_the_brief_pdf_when_pressed(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    import ui.briefs

    made: list[Brief] = []

    def spy(b: Brief) -> bytes:
        made.append(b)
        return b"%PDF-1.4 spy"

    monkeypatch.setattr(ui.briefs, "brief_pdf", spy)
    deferred: list[object] = []
    real = ui.briefs.st.download_button

    def download_button(label: str, data: object, **options: object) -> bool:
        if callable(data):
            deferred.append((label, options["file_name"], options["mime"], data))
        return real(label, data, **options)

    monkeypatch.setattr(ui.briefs.st, "download_button", download_button)
    at, _ = open_brief_page(monkeypatch, brief)
    build(at, "el Acta de Brasilia")
    [(label, name, mime, data)] = deferred  # the PDF only: built when the button is pressed
    assert (label, name, mime) == (
        say("export_pdf", "es"),
        "brief-el-acta-de-brasilia.pdf",
        "application/pdf",
    )
    assert not made
    assert data() == b"%PDF-1.4 spy" and made[0].topic == "el Acta de Brasilia"  # type: ignore[operator]


def test_page_shows_the_form_and_no_brief_yet(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    at, fake = open_brief_page(monkeypatch, brief)
    assert at.title[0].value == BRIEF_PAGE
    assert {BRIEF_TOPIC, BRIEF_SINCE} <= {w.label for w in at.text_input}
    assert not fake.calls and not at.get("download_button")


def test_brief_shows_points_timeline_names_sources_and_export(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    import ui.briefs

    exported: list[str] = []

    def spy(b: Brief) -> str:
        exported.append(brief_markdown(b))
        return exported[-1]

    monkeypatch.setattr(ui.briefs, "brief_markdown", spy)
    at, fake = open_brief_page(monkeypatch, brief)
    build(at, "el Acta de Brasilia", since="1998")
    assert fake.calls[0]["topic"] == "el Acta de Brasilia" and fake.calls[0]["since"] == "1998"
    assert fake.calls[0]["language"] is None  # "the topic's" by default
    text = page_markdown(at)
    assert "##### Puntos clave" in text and "##### Cronología" in text
    assert "- El Acta de Brasilia se firmó el 26 de octubre de 1998. **:blue[\\[1\\]]**" in text
    assert "- **1998-10-26** — El Acta de Brasilia se firmó" in text
    assert text.count('<div class="bb-quote">') == 2 and "<mark>" in text
    assert "**:blue[\\[2\\]] La frontera de Tiwinza**" in text
    badges = " ".join(md.value for md in at.markdown if ":material/place:" in md.value)
    assert "Tiwinza · 1" in badges
    assert any(
        c.value.startswith(":material/fact_check: Cobertura: 2 documentos") for c in at.caption
    )
    assert not at.warning
    markdown, pdf = at.get("download_button")
    assert markdown.proto.label == say("export_markdown", "es")
    assert markdown.proto.url  # the Markdown below, served as a file
    assert pdf.proto.label == say("export_pdf", "es")
    assert exported[-1].startswith("# Informe: el Acta de Brasilia")
    assert "[1] El Acta de Brasilia (Cancillería, oficial, 1998-10-26, español)" in exported[-1]


def test_a_topic_the_corpus_does_not_cover_is_a_warning_only(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    none = Brief(
        topic="lemon pie",
        language="en",
        lead=say("brief_none", "en"),
        evidence="none",
        reason="off-topic (best similarity 0.12, under 0.30)",
    )
    at, _ = open_brief_page(monkeypatch, none)
    build(at, "lemon pie")
    assert [w.value for w in at.warning] == [say("brief_none", "en")]
    assert "Reason: off-topic (best similarity 0.12, under 0.30)" in [c.value for c in at.caption]
    text = page_markdown(at)
    assert "Key points" not in text and "bb-quote" not in text
    assert not at.get("download_button")


def test_an_unreadable_date_is_an_error_not_an_exception(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    import ui.shared

    def refuse(topic: str, **options: object) -> Brief:
        raise ValueError("cannot read the date 'ayer' (use YYYY, YYYY-MM or YYYY-MM-DD)")

    at, _ = open_brief_page(monkeypatch, brief)
    monkeypatch.setattr(ui.shared, "brief", refuse)
    build(at, "el Acta de Brasilia", since="ayer")
    assert "cannot read the date 'ayer'" in at.error[0].value
    assert "Puntos clave" not in page_markdown(at)


def test_grouped_points_show_their_sub_topic_headings(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    grouped = brief.model_copy(
        update={
            "points": [
                brief.points[0].model_copy(update={"group": "Brasilia"}),
                brief.points[1].model_copy(update={"group": None}),
            ]
        }
    )
    at, _ = open_brief_page(monkeypatch, grouped)
    build(at, "el Acta de Brasilia")
    values = [md.value for md in at.markdown]
    at_points = values.index("##### Puntos clave")
    assert values[at_points + 1] == "**Brasilia**"
    assert values[at_points + 2].startswith("- El Acta de Brasilia se firmó")
    assert values[at_points + 3] == "**Otros puntos**"


def digest_of(since: dt.date) -> Digest:
    quote = "El Acta de Brasilia se firmó el 26 de octubre de 1998."
    entry = DigestEntry(
        doc_id="doc1.md",
        title="El Acta de Brasilia",
        published="1998-10-26",
        ingested_at="2026-12-01T10:00:00",
        new_because=["ingested"],
        text=quote,
        citations=[1],
        quotes=[Quote(n=1, text=quote)],
    )
    return Digest(
        since=since.isoformat(),
        topic="paz",
        documents=1,
        groups=[DigestGroup(topic="peace", place="Brasilia", entries=[entry])],
        citations=[CITATIONS[0]],
    )


def open_digest(
    monkeypatch: pytest.MonkeyPatch, brief: Brief, digest: Digest
) -> tuple[AppTest, list]:  # type: ignore[type-arg]
    import ui.shared

    calls: list[tuple[dt.date, str | None]] = []

    def fake(since: dt.date, topic: str | None = None) -> Digest:
        calls.append((since, topic))
        return digest

    monkeypatch.setattr(ui.shared, "digest", fake)
    at, _ = open_brief_page(monkeypatch, brief)
    return at, calls


def show_digest(at: AppTest, since: dt.date, topic: str) -> None:
    at.date_input(key="d_since").set_value(since)
    at.text_input(key="d_topic").set_value(topic)
    next(b for b in at.button if b.label == DIGEST_BUTTON).click().run()
    assert not at.exception, at.exception


def test_the_digest_section_shows_what_changed_grouped_and_cited(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    since = dt.date(2026, 11, 1)
    at, calls = open_digest(monkeypatch, brief, digest_of(since))
    assert at.date_input(key="d_since").value == dt.date.today() - dt.timedelta(days=30)
    assert not calls
    show_digest(at, since, "paz y fronteras")
    assert calls == [(since, "paz y fronteras")]
    text = page_markdown(at)
    assert "#### Novedades desde 2026-11-01" in text
    assert "##### peace · Brasilia" in text
    assert (
        "- **El Acta de Brasilia** (añadido al índice): El Acta de Brasilia se firmó el 26 de "
        "octubre de 1998. **:blue[\\[1\\]]**"
    ) in text
    assert text.count('<div class="bb-quote">') == 1 and "<mark>" in text
    labels = [d.proto.label for d in at.get("download_button")]
    assert say("export_digest", "es") in labels


def test_an_empty_digest_says_nothing_changed_and_no_topic_is_none(monkeypatch, brief) -> None:  # type: ignore[no-untyped-def]
    since = dt.date(2026, 11, 1)
    empty = Digest(since=since.isoformat())
    at, calls = open_digest(monkeypatch, brief, empty)
    show_digest(at, since, "  ")
    assert calls == [(since, None)]
    assert [i.value for i in at.info] == [say("digest_none", "es")]
    assert "bb-quote" not in page_markdown(at)
