"""Scoring briefs on golden sets: the timeline against golden events, briefs against the
documents a complete brief on a topic must cite.

``tests/eval/timeline.jsonl`` — one dated event a line: ``doc_id``, ``date`` (at the
precision the text states it) and ``phrase`` (words of the event's sentence). The timeline
is extracted from every passage of the golden events' documents. An extracted event
*matches* a golden one when it has the same document and date and its sentence contains
the phrase. Recall: golden events matched. Precision: of the extracted events whose sentence
holds a golden phrase of their document (the sentences the golden set judges), those that
match one.

``tests/eval/brief_topics.jsonl`` — ``id``, ``topic``, ``lang``, ``expect_docs``. Document
recall: the share of the expected documents the topic's brief cites.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.brief.brief import BriefEngine, build_brief
from bot.brief.timeline import Event, events_of
from bot.types import Passage


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def document_passages(engine: BriefEngine, doc_ids: set[str]) -> dict[str, list[Passage]]:
    """Every passage of the given documents in the engine's index, in document order."""
    store = engine.retriever.store
    ids = sorted(
        (cid for cid in next(iter(store.all_ids().values())) if cid.rsplit("#", 1)[0] in doc_ids),
        key=lambda cid: (cid.rsplit("#", 1)[0], int(cid.rsplit("#", 1)[1])),
    )
    texts, sources = store.texts(ids), store.sources(ids)
    out: dict[str, list[Passage]] = {doc: [] for doc in doc_ids}
    for n, cid in enumerate(ids, start=1):
        if cid in texts and cid in sources:
            out[sources[cid].doc_id].append(Passage(n, cid, texts[cid], sources[cid], 0.0))
    return out


def score_timeline(events: list[Event], golden: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of extracted events against golden ones (see the module doc)."""

    def matches(event: Event, gold: dict[str, Any]) -> bool:
        return (
            event.passage.doc_id == gold["doc_id"]
            and event.date == gold["date"]
            and gold["phrase"] in event.sentence
        )

    found = [g for g in golden if any(matches(e, g) for e in events)]
    judged = [
        e
        for e in events
        if any(g["doc_id"] == e.passage.doc_id and g["phrase"] in e.sentence for g in golden)
    ]
    right = [e for e in judged if any(matches(e, g) for g in golden)]
    return {
        "golden": len(golden),
        "recall": round(len(found) / len(golden), 3) if golden else 0.0,
        "judged": len(judged),
        "precision": round(len(right) / len(judged), 3) if judged else 0.0,
        "missed": [g for g in golden if g not in found],
        "wrong": [
            {"doc_id": e.passage.doc_id, "date": e.date, "sentence": e.sentence}
            for e in judged
            if e not in right
        ],
    }


def run_timeline(engine: BriefEngine, golden: list[dict[str, Any]]) -> dict[str, Any]:
    """Extract the timeline of the golden events' documents and score it."""
    passages = document_passages(engine, {g["doc_id"] for g in golden})
    events = [e for doc in passages.values() for p in doc for e in events_of(p)]
    return score_timeline(events, golden)


def run_topics(engine: BriefEngine, topics: list[dict[str, Any]]) -> dict[str, Any]:
    """Brief every topic and score the documents each brief cites."""
    rows = []
    for t in topics:
        brief = build_brief(engine, t["topic"])
        cited = {c.doc_id for c in brief.citations}
        expected = set(t["expect_docs"])
        rows.append(
            {
                "id": t["id"],
                "recall": round(len(cited & expected) / len(expected), 3),
                "missing": sorted(expected - cited),
                "evidence": brief.evidence,
            }
        )
    mean = sum(r["recall"] for r in rows) / len(rows) if rows else 0.0
    return {"document_recall": round(mean, 3), "topics": rows}
