"""The eval harness: run an eval set through the engine and score it.

Each line: ``id, question, lang, kind (factual | crosslingual | unanswerable | offtopic |
followup), expect_doc, expect_any, after``. Follow-ups are asked in the same conversation as
their antecedent, right after it. ``tests/eval/dev.jsonl`` may be tuned on;
``tests/eval/test.jsonl`` is frozen (reported only; see tests/eval/README.md). Metrics:

- ``recall@k``: the expected document is among the documents retrieval ranks in the top k
  (``Engine.search`` on the question as the engine understood it), whatever the outcome;
- ``first``: the answer's first citation is from the expected document;
- ``cited`` / ``phrase``: the expected document is cited / a citation of it contains one of
  the expected phrases; ``claim_phrase``: one of the answer's claims (what the reader reads
  first) contains one;
- ``false_refusals``: answerable questions not answered (``evidence`` related or none);
- ``not_answered``: unanswerable or off-topic questions given ``related`` or ``none``;
  ``none_share``: given ``none``;
- ``offtopic_in_conversation``: every off-topic question asked once more, right after the
  set's previous answerable question in the same conversation (it must not borrow that
  subject); reported under its own kind and headline, left out of ``overall`` and
  ``by_language``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.types import Answer

IN_CONVERSATION = "offtopic_in_conversation"
"""Kind of an off-topic question asked again right after an on-topic one, in the same
conversation: it must not borrow the conversation's subject."""

TARGETS: dict[str, float] = {
    "same_language_first_citation": 0.95,
    "cross_language_first_citation": 0.95,
    "phrase": 0.85,
    "max_false_refusal_rate": 2 / 50,
    "unanswerable_not_answered": 7 / 8,
    "offtopic_not_answered": 0.97,
    "offtopic_in_conversation_not_answered": 0.97,
    "followup_success": 6 / 7,
}
"""The product targets of the answers issue (``briefbot eval`` reports figures below them)."""

FLOORS: dict[str, dict[str, float]] = {
    "dev": {
        "same_language_first_citation": 0.91,  # measured 0.944 (34 of 36)
        "cross_language_first_citation": 0.91,  # measured 0.957 (22 of 23)
        "phrase": 0.87,  # measured 0.899
        "max_false_refusal_rate": 0.02,  # measured 0.0 (0 of 69)
        "unanswerable_not_answered": 0.0,  # measured 0.1 (1 of 10)
        "followup_success": 0.9,  # measured 1.0 (10 of 10)
    },
    "test": {
        "same_language_first_citation": 0.82,  # measured 0.851 (40 of 47)
        "cross_language_first_citation": 0.80,  # measured 0.867 (13 of 15)
        "phrase": 0.85,  # measured 0.871
        "max_false_refusal_rate": 0.075,  # measured 0.057 (4 of 70)
        "unanswerable_not_answered": 0.0,  # measured 0.0 (0 of 13)
        "offtopic_not_answered": 0.83,  # measured 0.917 (11 of 12)
        "offtopic_in_conversation_not_answered": 0.83,  # measured 0.917 (11 of 12)
        "followup_success": 0.75,  # measured 0.875 (7 of 8)
    },
}
"""What CI enforces per set (``briefbot eval --check``): the figures measured when the answers
issue's decision landed (docs/BENCHMARKS.md), less about one question of margin (a fresh e5
build on another machine moves scores slightly), so that a regression fails. Floors on the
frozen test set come from measuring it, never from tuning on it."""


@dataclass
class Outcome:
    """How one eval question went."""

    id: str
    kind: str
    lang: str
    evidence: str
    rank: int | None
    first: bool
    cited: bool
    phrase: bool
    claim_phrase: bool
    answerable: bool
    standalone: str | None


def load_golden(path: Path) -> list[dict[str, Any]]:
    """Eval questions, one JSON object per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score(item: dict[str, Any], answer: Answer, ranked_docs: list[str], k: int) -> Outcome:
    """Score one answer (and the documents retrieval ranked for it) against its eval item."""
    expected = item.get("expect_doc")
    rank = next((i for i, d in enumerate(ranked_docs[:k], start=1) if d == expected), None)
    answered = answer.evidence == "answer"
    cited_docs = {c.doc_id for c in answer.citations} if answered else set()
    phrases = [s.lower() for s in item.get("expect_any") or []]
    phrase = answered and any(
        c.doc_id == expected and any(s in c.quote.lower() for s in phrases)
        for c in answer.citations
    )
    return Outcome(
        id=item["id"],
        kind=item["kind"],
        lang=item["lang"],
        evidence=answer.evidence,
        rank=rank,
        first=answered and bool(answer.citations) and answer.citations[0].doc_id == expected,
        cited=expected in cited_docs,
        phrase=phrase,
        answerable=expected is not None,
        standalone=answer.standalone_question,
        claim_phrase=answered and any(s in c.text.lower() for c in answer.claims for s in phrases),
    )


def run(engine: Engine, golden: list[dict[str, Any]], *, k: int = 5) -> list[Outcome]:
    """Ask every question (follow-ups right after their antecedent, same conversation)."""
    by_id = {item["id"]: item for item in golden}
    followers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in golden:
        if item.get("after"):
            followers[item["after"]].append(item)
    top_k = max(k, engine.settings.retrieval.top_k)

    def ask(item: dict[str, Any], conversation: str) -> Outcome:
        answer = engine.ask(item["question"], k=top_k, conversation_id=conversation)
        search = engine.search(answer.standalone_question or answer.question, k=top_k)
        ranked = list(dict.fromkeys(p.doc_id for p in search.passages))
        return score(item, answer, ranked, k)

    outcomes: list[Outcome] = []
    previous: dict[str, Any] | None = None  # the last answerable question asked on its own
    for item in golden:
        if item.get("after") and item["after"] in by_id:
            continue
        conversation = engine.conversations.new_id()
        outcomes.append(ask(item, conversation))
        outcomes += [ask(f, conversation) for f in followers.get(item["id"], [])]
        if item["kind"] == "offtopic" and previous is not None:
            # the same question in a conversation, right after an on-topic one
            conversation = engine.conversations.new_id()
            engine.ask(previous["question"], k=top_k, conversation_id=conversation)
            outcome = ask(item, conversation)
            outcomes.append(replace(outcome, kind=IN_CONVERSATION))
        if item.get("expect_doc"):
            previous = item
    return outcomes


def _group_metrics(rows: list[Outcome], k: int) -> dict[str, float]:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    out: dict[str, float] = {"n": len(rows)}
    if answerable:
        out[f"recall@{k}"] = _rate([r.rank is not None for r in answerable])
        out["mrr"] = sum(1 / r.rank for r in answerable if r.rank) / len(answerable)
        out["first"] = _rate([r.first for r in answerable])
        out["cited"] = _rate([r.cited for r in answerable])
        out["phrase"] = _rate([r.phrase for r in answerable])
        out["claim_phrase"] = _rate([r.claim_phrase for r in answerable])
        out["false_refusals"] = sum(r.evidence != "answer" for r in answerable)
    if unanswerable:
        out["not_answered"] = _rate([r.evidence != "answer" for r in unanswerable])
        out["none_share"] = _rate([r.evidence == "none" for r in unanswerable])
    return {key: round(v, 3) for key, v in out.items()}


def summarize(outcomes: list[Outcome], k: int = 5) -> dict[str, Any]:
    """Metrics overall, by kind, by language, and the headline figures checked in CI."""
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    by_lang: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
    outcomes = [o for o in outcomes if o.kind != IN_CONVERSATION]
    for o in outcomes:
        by_lang[o.lang].append(o)
    answerable = [o for o in outcomes if o.answerable]

    def kind(name: str) -> list[Outcome]:
        return by_kind.get(name, [])

    headline = {
        "same_language_first_citation": _rate([o.first for o in kind("factual")]),
        "cross_language_first_citation": _rate([o.first for o in kind("crosslingual")]),
        "phrase": _rate([o.phrase for o in answerable]),
        "max_false_refusal_rate": _rate([o.evidence != "answer" for o in answerable]),
        "unanswerable_not_answered": _rate([o.evidence != "answer" for o in kind("unanswerable")]),
        "offtopic_not_answered": _rate([o.evidence != "answer" for o in kind("offtopic")]),
        "offtopic_in_conversation_not_answered": _rate(
            [o.evidence != "answer" for o in kind(IN_CONVERSATION)]
        ),
        "followup_success": _rate([o.cited for o in kind("followup")]),
        f"recall@{k}": _rate([o.rank is not None for o in answerable]),
    }
    if not kind("offtopic"):
        del headline["offtopic_not_answered"]
    if not kind(IN_CONVERSATION):
        del headline["offtopic_in_conversation_not_answered"]
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
        if key not in summary["headline"]:
            continue
        value = summary["headline"][key]
        ok = value <= target + 1e-9 if key.startswith("max_") else value >= target - 1e-9
        if not ok:
            sign = "<=" if key.startswith("max_") else ">="
            problems.append(f"{key} = {value:.3f}, target {sign} {target:.3f}")
    return problems


def floors_for(path: Path) -> dict[str, float]:
    """The CI floors of an eval set by its file name (``dev`` or ``test``); none otherwise."""
    return FLOORS.get(path.stem, {})


def _rate(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


def _failed(o: Outcome) -> bool:
    if not o.answerable:
        return o.evidence == "answer"
    if o.kind == "followup":
        return not o.cited
    return not o.first or o.evidence != "answer"
