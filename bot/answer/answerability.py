"""Deciding whether the retrieved evidence answers the question (``grounded``).

Two kinds of "no evidence" exist. Off-topic questions are easy: the best passage is far from
the question. On-topic questions whose answer is in no document are hard: the passages are
about the right subject, just not the asked fact. The decision therefore looks at several
features of the evidence (``FEATURES``) and combines them with a logistic model fitted by
``bench/calibrate.py`` on XQuAD, where on-topic unanswerable questions are simulated by
removing each question's own paragraph while its article's other paragraphs stay. The
threshold keeps 97% of answerable XQuAD questions. For embedder sets without a calibration,
the best passage's similarity is compared with each embedder's threshold. A hard constraint
the evidence does not meet (:mod:`bot.answer.constraints`) always refuses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bot.answer.compose import Scored
from bot.types import Passage
from ingest.lexical import LexicalIndex

FEATURES = ("dense_use", "dense_e5", "sentence", "coverage", "coverage_x_same", "same_language")
"""Evidence features, in the order of the calibrated coefficients."""

CALIBRATION: dict[tuple[str, ...], dict[str, Any]] = {
    ("e5-small-onnx-int8", "use-m3"): {
        "coef": {
            "dense_use": -3.1573,
            "dense_e5": 34.9915,
            "sentence": 7.4601,
            "coverage": 0.8027,
            "coverage_x_same": 5.0903,
            "same_language": -4.2464,
        },
        "intercept": -30.7558,
        "threshold": 0.1587,
    },
}
"""Logistic model per embedder-id set: coefficients, intercept, probability threshold.

From ``python bench/calibrate.py --data ../shared/bench/xquad --embedders use,e5 --sample 300``
(600 answerable and 600 on-topic unanswerable XQuAD cases): keeps 97.0% of answerable and
refuses 45.8% of on-topic unanswerable ones (see docs/BENCHMARKS.md).
"""

PASSAGE_THRESHOLD: dict[str, float] = {
    "use-m3": 0.30,
    "e5-small-onnx-int8": 0.80,
    "e5-small-onnx": 0.80,
}
"""Fallback: best-passage cosine under which an embedder sees no evidence."""


@dataclass(frozen=True)
class Grounding:
    """Whether the retrieved evidence is strong enough to answer, and why (in numbers)."""

    grounded: bool
    reason: str
    support: float


def evidence_features(
    question: str,
    language: str,
    passages: list[Passage],
    scored: list[Scored],
    embedders: dict[str, Any],
    lexical: LexicalIndex | None,
) -> dict[str, float]:
    """The features of the evidence for a question (see ``FEATURES``)."""
    top = passages[:3]
    feats: dict[str, float] = {}
    for name in embedders:
        feats[f"dense_{name}"] = max((p.sims.get(name, 0.0) for p in top), default=0.0)
    feats["sentence"] = max((s.score for s in scored), default=0.0)
    coverage = 0.0
    if lexical is not None:
        best_sentences = [s.sentence for s in scored[:2]] or [p.text for p in top]
        coverage = lexical.coverage(question, best_sentences)
    same = 1.0 if top and top[0].language == language else 0.0
    feats["coverage"] = coverage
    feats["coverage_x_same"] = coverage * same
    feats["same_language"] = same
    return feats


def decide(
    feats: dict[str, float],
    embedder_ids: dict[str, str],
    min_score: float | None = None,
    unmet: str | None = None,
) -> Grounding:
    """Grounded or not, with the numbers that decided it.

    Args:
        feats: from :func:`evidence_features`.
        embedder_ids: embedder name -> id, for the configured embedders.
        min_score: a user override: the best sentence score needed to answer.
        unmet: a hard constraint of the question the evidence does not meet (from
            :func:`anchored` or :func:`unmet_answer_type`); it always refuses.
    """
    if unmet:
        return Grounding(False, unmet, -1.0)
    model = CALIBRATION.get(tuple(sorted(embedder_ids.values())))
    if min_score is not None:
        value = feats["sentence"]
        ok = value >= min_score
        return Grounding(
            ok,
            f"best sentence score {value:.2f} {'above' if ok else 'below'} min_score {min_score:.2f}",
            value - min_score,
        )
    if model is not None and all(f in feats for f in FEATURES):
        z = model["intercept"] + sum(model["coef"][f] * feats[f] for f in FEATURES)
        prob = 1 / (1 + math.exp(-z))
        ok = prob >= model["threshold"]
        detail = ", ".join(f"{f} {feats[f]:.2f}" for f in FEATURES if f in feats)
        verdict = "above" if ok else "below"
        return Grounding(
            ok,
            f"evidence score {prob:.2f} {verdict} threshold {model['threshold']:.2f} ({detail})",
            prob - model["threshold"],
        )
    margins, parts = [], []
    for name, emb_id in embedder_ids.items():
        value = feats.get(f"dense_{name}", 0.0)
        threshold = PASSAGE_THRESHOLD.get(emb_id, 0.5)
        margins.append(value - threshold)
        parts.append(f"{emb_id} {value:.2f} vs {threshold:.2f}")
    support = sum(margins) / len(margins) if margins else 0.0
    ok = support >= 0
    return Grounding(
        ok,
        f"best passage similarity {'above' if ok else 'below'} threshold: " + "; ".join(parts),
        support,
    )
