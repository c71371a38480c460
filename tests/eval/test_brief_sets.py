"""The golden timeline and brief topics are well-formed and split by document / by topic.

No models: this reads the JSONL sets and the corpus only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.brief.evaluate import SPLITS, load_jsonl, split_files
from ingest.text import split_sentences

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
EVAL = ROOT / "tests" / "eval"
EVENTS = {split: load_jsonl(split_files(EVAL, split)[0]) for split in SPLITS}
TOPICS = {split: load_jsonl(split_files(EVAL, split)[1]) for split in SPLITS}


def test_both_splits_together_hold_30_events_and_6_topics() -> None:
    assert sum(len(events) for events in EVENTS.values()) >= 30
    assert sum(len(topics) for topics in TOPICS.values()) >= 6
    assert all(len(EVENTS[s]) >= 30 and len(TOPICS[s]) >= 6 for s in SPLITS)


def test_the_timeline_splits_hold_disjoint_documents() -> None:
    dev, test = ({e["doc_id"] for e in EVENTS[s]} for s in SPLITS)
    assert dev and test and not dev & test


def test_the_topic_splits_hold_disjoint_topics() -> None:
    dev, test = (TOPICS[s] for s in SPLITS)
    assert not {t["id"] for t in dev} & {t["id"] for t in test}
    assert not {t["topic"].casefold() for t in dev} & {t["topic"].casefold() for t in test}
    for split in SPLITS:
        assert {t["lang"] for t in TOPICS[split]} == {"es", "en"}, split


@pytest.mark.parametrize("split", SPLITS)
def test_every_golden_event_is_in_its_document_at_a_stated_precision(split: str) -> None:
    for event in EVENTS[split]:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event["date"]), event
        assert event["phrase"] in (CORPUS / event["doc_id"]).read_text(encoding="utf-8"), event


@pytest.mark.parametrize("split", SPLITS)
def test_a_sentence_holds_one_golden_event_at_most(split: str) -> None:
    for doc in {e["doc_id"] for e in EVENTS[split]}:
        phrases = [e["phrase"] for e in EVENTS[split] if e["doc_id"] == doc]
        for sentence in split_sentences((CORPUS / doc).read_text(encoding="utf-8")):
            assert sum(p in sentence for p in phrases) <= 1, (doc, sentence[:80])


@pytest.mark.parametrize("split", SPLITS)
def test_every_expected_document_exists(split: str) -> None:
    for topic in TOPICS[split]:
        assert topic["expect_docs"], topic["id"]
        assert all((CORPUS / doc).is_file() for doc in topic["expect_docs"]), topic["id"]
