"""The eval harness: run a golden question set through the engine and score it.

Each golden line: ``id, question, lang, kind (factual | crosslingual | unanswerable |
followup), expect_doc, expect_any, after``. Follow-ups are asked in the same conversation as
their antecedent, right after it. Metrics, overall and by kind and language:

- ``recall@k``: the expected document is among the documents of the top-k passages;
- ``mrr``: reciprocal rank of the expected document's first passage;
- ``cited``: the expected document is among the cited documents;
- ``phrase``: a citation of the expected document contains one of the expected phrases;
- ``false_refusal``: an answerable question got ``grounded: false``;
- ``refusal``: an unanswerable question got ``grounded: false``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.types import Answer

TARGETS: dict[str, float] = {
    "same_language_recall@5": 0.95,
    "cross_language_recall@5": 0.90,
    "refusal_accuracy": 7 / 8,
    "max_false_refusals": 1,
    "followup_success": 5 / 6,
}
"""The product targets (``briefbot eval`` reports figures below them)."""

REGRESSION_FLOOR: dict[str, float] = {
    "same_language_recall@5": 0.95,
    "cross_language_recall@5": 0.90,
    "refusal_accuracy": 7 / 8,
    "max_false_refusals": 1,
    "followup_success": 5 / 6,
}
"""What CI enforces (``briefbot eval --check``): the figures measured when the golden set was
last scored (docs/BENCHMARKS.md), or the target where it is met, so any regression fails."""


@dataclass
class Outcome:
    """How one golden question went."""

    id: str
    kind: str
    lang: str
    grounded: bool
    rank: int | None
    cited: bool
    phrase: bool
    answerable: bool
    standalone: str | None


def load_golden(path: Path) -> list[dict[str, Any]]:
    """Golden questions, one JSON object per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score(item: dict[str, Any], answer: Answer, k: int) -> Outcome:
    """Score one answer against its golden item."""
    expected = item.get("expect_doc")
    rank = None
    for p in answer.passages:
        if p.doc_id == expected:
            rank = p.rank
            break
    cited_docs = {c.doc_id for c in answer.citations}
    phrases = [s.lower() for s in item.get("expect_any") or []]
    phrase = any(
        c.doc_id == expected and any(s in c.quote.lower() for s in phrases)
        for c in answer.citations
    )
    return Outcome(
        id=item["id"],
        kind=item["kind"],
        lang=item["lang"],
        grounded=answer.grounded,
        rank=rank if rank is not None and rank <= k else None,
        cited=expected in cited_docs,
        phrase=phrase,
        answerable=expected is not None,
        standalone=answer.standalone_question,
    )


def run(engine: Engine, golden: list[dict[str, Any]], *, k: int = 5) -> list[Outcome]:
    """Ask every golden question (follow-ups right after their antecedent, same conversation)."""
    by_id = {item["id"]: item for item in golden}
    followers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in golden:
        if item.get("after"):
            followers[item["after"]].append(item)
    outcomes: list[Outcome] = []
    for item in golden:
        if item.get("after") and item["after"] in by_id:
            continue
        conversation = engine.conversations.new_id()
        answer = engine.ask(
            item["question"],
            k=max(k, engine.settings.retrieval.top_k),
            conversation_id=conversation,
        )
        outcomes.append(score(item, answer, k))
        for follower in followers.get(item["id"], []):
            answer = engine.ask(
                follower["question"],
                k=max(k, engine.settings.retrieval.top_k),
                conversation_id=conversation,
            )
            outcomes.append(score(follower, answer, k))
    return outcomes


def _group_metrics(rows: list[Outcome], k: int) -> dict[str, float]:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    out: dict[str, float] = {"n": len(rows)}
    if answerable:
        out[f"recall@{k}"] = sum(r.rank is not None for r in answerable) / len(answerable)
        out["mrr"] = sum(1 / r.rank for r in answerable if r.rank) / len(answerable)
        out["cited"] = sum(r.cited for r in answerable) / len(answerable)
        out["phrase"] = sum(r.phrase for r in answerable) / len(answerable)
        out["false_refusals"] = sum(not r.grounded for r in answerable)
    if unanswerable:
        out["refusal_accuracy"] = sum(not r.grounded for r in unanswerable) / len(unanswerable)
    return {key: round(v, 3) for key, v in out.items()}


def summarize(outcomes: list[Outcome], k: int = 5) -> dict[str, Any]:
    """Metrics overall, by kind, by language, and the headline figures checked in CI."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    by_lang: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
        by_lang[o.lang].append(o)
    same = [o for o in outcomes if o.kind == "factual"]
    cross = [o for o in outcomes if o.kind == "crosslingual"]
    follow = [o for o in outcomes if o.kind == "followup"]
    unans = [o for o in outcomes if o.kind == "unanswerable"]
    answerable = [o for o in outcomes if o.answerable]
    headline = {
        "same_language_recall@5": _rate([o.rank is not None for o in same]),
        "cross_language_recall@5": _rate([o.rank is not None for o in cross]),
        "refusal_accuracy": _rate([not o.grounded for o in unans]),
        "max_false_refusals": sum(not o.grounded for o in answerable),
        "followup_success": _rate([o.cited for o in follow]),
    }
    return {
        "headline": headline,
        "overall": _group_metrics(outcomes, k),
        "by_kind": {kind: _group_metrics(rows, k) for kind, rows in sorted(by_kind.items())},
        "by_language": {lang: _group_metrics(rows, k) for lang, rows in sorted(by_lang.items())},
        "failures": [asdict(o) for o in outcomes if _failed(o)],
    }


def check(summary: dict[str, Any], thresholds: dict[str, float] = TARGETS) -> list[str]:
    """Headline figures that miss their threshold (empty when all pass)."""
    problems = []
    for key, target in thresholds.items():
        value = summary["headline"][key]
        ok = value <= target if key.startswith("max_") else value >= target - 1e-9
        if not ok:
            problems.append(
                f"{key} = {value:.3f}, target {'<=' if key.startswith('max_') else '>='} {target:.3f}"
            )
    return problems


def _rate(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


def _failed(o: Outcome) -> bool:
    if not o.answerable:
        return o.grounded
    if o.kind == "followup":
        return not o.cited
    return o.rank is None or not o.grounded
