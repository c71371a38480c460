"""One general answerability decision with three outcomes: ``answer``, ``related``, ``none``.

Two logistic models over general features of the evidence (no word lists, nothing about a
topic, a name or a question):

1. *on topic?* — ``none`` (off-topic, or nothing close) against the rest. Its main feature is
   the domain z-score (:mod:`bot.answer.domain`): how far the best passage's similarity lies
   above what off-topic probe questions get on this very index.
2. *answered?* — among on-topic questions, ``answer`` (a passage states what was asked)
   against ``related`` (the corpus discusses the subject, not the asked fact): how well the
   best passage and the best sentence match, how much they stand out from the rest, and how
   likely the best candidate sentence is to hold the answer
   (:mod:`bot.answer.sentence_model`, learned on XQuAD's answer spans).

Both are fitted by ``bench/answerability.py`` on XQuAD split by article (answerable; on-topic
unanswerable by removing the question's paragraph; off-topic by removing its whole article
and by asking XQuAD questions of the starter corpus), every question asked in both languages
so that cross-language pairs stand in for paraphrase. The coefficients and thresholds live in
``data/answerability.json``, written by that command, keyed by the embedder ids they were
fitted for.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.answer.compose import Scored
from bot.answer.domain import DomainStats, domain_z
from bot.answer.sentence_model import probabilities
from bot.types import Evidence, Passage

MODEL = Path(__file__).with_name("data") / "answerability.json"
TOP_PASSAGES = 3
"""Passages whose similarity counts as the evidence's best."""
FALLBACK_Z = (1.5, 3.0)
"""Without a fitted model (other embedders): below the first domain z-score ``none``, below
the second ``related``, else ``answer``."""


@dataclass(frozen=True)
class Decision:
    """The outcome and the numbers that decided it."""

    evidence: Evidence
    reason: str
    on_topic: float
    answered: float


def evidence_features(
    question: str,
    language: str,
    passages: list[Passage],
    scored: list[Scored],
    embedder_names: list[str],
    domain: DomainStats | None,
    sentence_model: Mapping[str, Any] | None = None,
) -> dict[str, float]:
    """The general features of the evidence for a question.

    Args:
        question: the question (as the engine understood it).
        language: the question's language.
        passages: the retrieved passages, best first.
        scored: the candidate sentences (:func:`bot.answer.compose.score_sentences`).
        embedder_names: the configured embedders (their raw similarities are in
            ``Passage.sims``).
        domain: the index's probe statistics.
        sentence_model: the fitted answer-sentence model (:mod:`bot.answer.sentence_model`);
            without one ``answer_sentence`` is 0.
    """
    feats: dict[str, float] = {}
    for name in embedder_names:
        sims = [p.sims.get(name, 0.0) for p in passages]
        best = max(range(min(TOP_PASSAGES, len(sims))), key=lambda i: sims[i], default=None)
        top = sims[best] if best is not None else 0.0
        top_lang = (passages[best].language or language) if best is not None else language
        rest = sims[1:] or [top]
        feats[f"top_{name}"] = top
        feats[f"z_{name}"] = domain_z(domain, name, language, top_lang, top)
        feats[f"gap_{name}"] = top - float(np.mean(rest))
    sentence_sims = sorted((s.similarity for s in scored), reverse=True)
    feats["sentence"] = sentence_sims[0] if sentence_sims else 0.0
    feats["sentence_gap"] = (
        sentence_sims[0] - float(np.median(sentence_sims)) if sentence_sims else 0.0
    )
    feats["same_language"] = 1.0 if passages and passages[0].language == language else 0.0
    probs = probabilities(question, scored, sentence_model) if sentence_model else np.zeros(0)
    feats["answer_sentence"] = float(probs.max()) if len(probs) else 0.0
    return feats


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    return dict(json.loads(MODEL.read_text(encoding="utf-8"))) if MODEL.exists() else {}


def model_for(embedder_ids: list[str]) -> dict[str, Any] | None:
    """The fitted model for a set of embedder ids, if there is one."""
    return _models().get("+".join(sorted(embedder_ids)))


def _probability(part: Mapping[str, Any], feats: Mapping[str, float]) -> float:
    z = float(part["intercept"]) + sum(float(c) * feats[f] for f, c in part["coef"].items())
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))


def decide(
    feats: Mapping[str, float],
    embedder_ids: list[str],
    answer_threshold: float | None = None,
) -> Decision:
    """``answer``, ``related`` or ``none``, with the numbers that decided it.

    Args:
        feats: from :func:`evidence_features`.
        embedder_ids: the configured embedders' ids (which fitted model applies).
        answer_threshold: a user override of the fitted *answered?* threshold.
    """
    model = model_for(embedder_ids)
    if model is None:
        z = max((v for k, v in feats.items() if k.startswith("z_")), default=0.0)
        low, high = FALLBACK_Z
        evidence: Evidence = "none" if z < low else "related" if z < high else "answer"
        return Decision(
            evidence, f"no fitted model: domain z {z:.2f} (none < {low}, related < {high})", z, z
        )
    on_topic = _probability(model["on_topic"], feats)
    answered = _probability(model["answered"], feats)
    t_topic = float(model["on_topic"]["threshold"])
    t_answer = (
        answer_threshold if answer_threshold is not None else float(model["answered"]["threshold"])
    )
    detail = ", ".join(f"{k} {feats[k]:.2f}" for k in model["answered"]["coef"] if k in feats)
    if on_topic < t_topic:
        reason = f"off-topic: on-topic score {on_topic:.2f} below {t_topic:.2f} ({detail})"
        return Decision("none", reason, on_topic, answered)
    if answered < t_answer:
        reason = (
            f"on topic ({on_topic:.2f}) but not answered: answer score {answered:.2f} below "
            f"{t_answer:.2f} ({detail})"
        )
        return Decision("related", reason, on_topic, answered)
    reason = f"answer score {answered:.2f} ≥ {t_answer:.2f}, on topic {on_topic:.2f} ({detail})"
    return Decision("answer", reason, on_topic, answered)
