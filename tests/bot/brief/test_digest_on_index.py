"""The digest on the real mini index (real models, real manifest): slow."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.brief.digest import build_digest
from bot.factory import get_engine
from ingest.config import Settings


@pytest.fixture(scope="module")
def engine(mini_index: Settings):  # type: ignore[no-untyped-def]
    return get_engine(mini_index)


def test_every_document_ingested_today_is_in_the_digest(engine) -> None:  # type: ignore[no-untyped-def]
    today = dt.datetime.now(dt.UTC).date()
    result = build_digest(engine, today)
    entries = {e.doc_id: e for g in result.groups for e in g.entries}
    assert result.documents == 4 and len(entries) == 4
    assert all(e.new_because == ["ingested"] for e in entries.values())
    groups = {(g.topic, g.place) for g in result.groups}
    assert ("ecuador", "Ecuador") in groups and ("border", "Piura") in groups
    by_n = {c.n: c for c in result.citations}
    for entry in entries.values():
        [n] = entry.citations
        assert entry.text in by_n[n].quote and by_n[n].doc_id == entry.doc_id


def test_a_topic_keeps_its_documents_and_their_best_sentence(engine) -> None:  # type: ignore[no-untyped-def]
    result = build_digest(engine, dt.date(2024, 1, 1), "extortion of public transport")
    [group] = result.groups
    [entry] = group.entries
    assert entry.doc_id == "extorsion-transporte.txt"
    assert "gangs" in entry.text or "extortion" in entry.text.lower()


def test_nothing_is_new_after_today(engine) -> None:  # type: ignore[no-untyped-def]
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    assert build_digest(engine, tomorrow).groups == []
