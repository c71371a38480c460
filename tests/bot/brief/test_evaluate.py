"""The brief scorer and the split helpers (pure), and the briefs of the dev topics on the real
starter corpus keeping the contract (slow; the figures' floors are tests/eval/test_briefs.py)."""

from __future__ import annotations

from pathlib import Path

from bot.brief import build_brief
from bot.brief.evaluate import check, load_jsonl, reported, score_timeline, split_files
from bot.brief.timeline import events_of
from ingest.config import Settings
from ingest.types import IngestReport
from tests.bot.brief.conftest import CORPUS
from tests.bot.brief.test_brief import assert_contract

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_score_timeline_matches_by_document_date_and_phrase() -> None:
    events = events_of(CORPUS[0])  # 2023, 2023-09-20, 2023-09
    golden = [
        {"doc_id": "rpp.md", "date": "2023-09-20", "phrase": "state of emergency"},
        {"doc_id": "rpp.md", "date": "2023-10", "phrase": "That month the police"},
        {"doc_id": "other.md", "date": "2023", "phrase": "Extortion of transport"},
    ]
    scores = score_timeline(events, golden)
    assert scores["recall"] == round(1 / 3, 3)
    # judged: the two events whose sentence holds a golden phrase of rpp.md; one is right
    assert (scores["judged"], scores["precision"]) == (2, 0.5)
    assert scores["wrong"][0]["date"] == "2023-09"


def test_a_split_is_checked_against_its_own_floors_and_test_shows_figures_only() -> None:
    headline = {"timeline_precision": 0.9, "timeline_recall": 0.8, "document_recall": 1.0}
    result = {"split": "test", "headline": headline, "counts": {}, "timeline": {"missed": [1]}}
    floors = {"timeline_recall": 0.85, "document_recall": 0.9}
    assert check(result, floors) == ["brief test timeline_recall = 0.800, floor 0.850"]
    assert check({**result, "split": "dev"}, {"timeline_recall": 0.8}) == []
    assert "timeline" not in reported(result)
    assert reported({**result, "split": "dev"})["timeline"] == {"missed": [1]}
    assert split_files(EVAL, "dev") == (
        EVAL / "timeline_dev.jsonl",
        EVAL / "brief_topics_dev.jsonl",
    )


def test_dev_topics_brief_within_the_contract(
    corpus_index: tuple[Settings, IngestReport],
) -> None:
    from bot.factory import build_engine

    engine = build_engine(corpus_index[0])
    for t in load_jsonl(split_files(EVAL, "dev")[1]):
        brief = build_brief(engine, t["topic"])
        assert brief.evidence != "none" and 4 <= len(brief.points) <= 10
        assert_contract(brief)
    off_topic = build_brief(engine, "Who won the 1930 football World Cup?")
    assert off_topic.evidence == "none" and not off_topic.citations
