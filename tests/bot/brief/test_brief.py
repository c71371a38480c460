"""build_brief over a fake engine: the JSON contract's guarantees (pure)."""

import pytest

from bot.brief import Brief, build_brief
from bot.brief.brief import BRIEF_PASSAGES, BRIEF_PER_DOCUMENT
from bot.brief.timeline import date_stated
from tests.bot.brief.conftest import CORPUS, FakeEngine, passage


def assert_contract(brief: Brief) -> None:
    """Every n resolves to a citation whose quote holds the cited text; every event's date
    is stated in its text and its quotes."""
    by_n = {c.n: c for c in brief.citations}
    assert sorted(by_n) == list(range(1, len(by_n) + 1))
    for item in [*brief.points, *brief.timeline]:
        assert item.citations and item.citations == [q.n for q in item.quotes]
        assert item.text in by_n[item.citations[0]].quote
        for q in item.quotes:
            assert q.text in by_n[q.n].quote
    for event in brief.timeline:
        assert all(date_stated(event.date, q.text) for q in event.quotes), event
    texts = [q.text for e in brief.timeline for q in e.quotes]
    assert len(texts) == len(set(texts)), "a sentence is one event"
    for named in [*brief.actors, *brief.places]:  # by its full name or its surname
        assert all(named.name.split()[-1] in by_n[n].quote for n in named.citations), named


def test_a_brief_has_points_a_sorted_timeline_actors_places_and_coverage(
    fake_engine: FakeEngine,
) -> None:
    brief = build_brief(fake_engine, "extortion in Piura")
    assert_contract(brief)
    assert brief.evidence == "related" and brief.language == "en"
    assert 4 <= len(brief.points) <= 10
    dates = [e.date for e in brief.timeline]
    assert dates == sorted(dates) and "2023-09-20" in dates and "2023-09" in dates
    assert "2024-05-01" not in dates  # a publication date is never an event date
    assert "Sullana" in {p.name for p in brief.places}
    assert brief.coverage.documents == 4 and brief.coverage.languages == ["en", "es"]
    assert brief.coverage.date_range == ["2024-01-10", "2024-05-01"]
    call = fake_engine.retriever.calls[0]
    assert call["k"] == BRIEF_PASSAGES and call["max_per_doc"] == BRIEF_PER_DOCUMENT


def test_a_sentence_with_several_dates_appears_once_in_the_timeline() -> None:
    several = passage(
        6,
        "elecciones.md#0",
        "Extortion complaints in Piura rose in March 2024 and again on 9 May 2025, when "
        "transport stopped. In 2024 extortion reached Sullana.",
        published="2025-06-01",
    )
    again = passage(7, "elecciones.md#1", several.text.split(". ")[0] + ".", published="2025-06-01")
    brief = build_brief(FakeEngine([*CORPUS, several, again]), "extortion in Piura")
    assert_contract(brief)
    dated = [e.date for e in brief.timeline if "complaints in Piura rose" in e.text]
    assert dated == ["2024-03"]


def test_a_topic_the_corpus_does_not_cover_gets_nothing_but_the_refusal() -> None:
    brief = build_brief(FakeEngine(list(CORPUS), evidence="none"), "¿Quién ganó el mundial?")
    assert brief.evidence == "none" and brief.language == "es"
    assert brief.lead.startswith("El corpus no trata este tema")
    assert not (brief.points or brief.timeline or brief.citations or brief.actors)


def test_since_until_bound_event_dates_and_drop_points_of_passages_dated_outside(
    fake_engine: FakeEngine,
) -> None:
    brief = build_brief(fake_engine, "extortion in Piura", since="2024", until="2024-12")
    assert_contract(brief)
    assert brief.timeline and all(e.date.startswith("2024") for e in brief.timeline)
    cited = {brief.citations[n - 1].chunk_id for p in brief.points for n in p.citations}
    assert "old.md#0" not in cited  # its only event is 1998
    assert "rpp.md#1" in cited  # no dated event: still a point


def test_headings_follow_the_asked_language_quotes_keep_theirs(fake_engine: FakeEngine) -> None:
    brief = build_brief(fake_engine, "extortion in Piura", language="es")
    assert brief.lead.startswith("Lo que dicen las fuentes")
    assert any(p.text.startswith("Extortion") for p in brief.points)


def test_source_types_filter_retrieval(fake_engine: FakeEngine) -> None:
    brief = build_brief(fake_engine, "extortion in Piura", source_types=["official"])
    assert {c.doc_id for c in brief.citations} == {"correo.md"}
    assert any("ninguna" not in m and "single" in m for m in brief.coverage.missing)


def test_an_unreadable_period_is_an_error(fake_engine: FakeEngine) -> None:
    with pytest.raises(ValueError, match="YYYY"):
        build_brief(fake_engine, "extortion", since="last year")
