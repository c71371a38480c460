"""How likely a candidate sentence is to contain the answer: a small model learned on XQuAD.

XQuAD marks each question's answer span, so every sentence of the retrieved passages is a
labelled example (it contains the span, or not). A logistic model over general features of the
(question, sentence) pair learns what an answering sentence looks like: its similarity and
word overlap with the question, its passage's rank, whether it states a number, a year or
names, and how each of these matters for the kind of question (when, who, how many, where,
which, what, how, why — read from the question's opening words in Spanish or English, the
grammar of questions rather than any topic). The most likely sentence's probability is a
feature of the *answered?* decision (:mod:`bot.answer.answerability`). Fitted by
``bench/answerability.py`` (coefficients in ``data/answerability.json``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bot.answer.compose import Scored

CANDIDATES = 12
"""Best-scored sentences the model reads."""

QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("when", r"^\W*(?:when|cu[aá]ndo|en qu[eé] (?:a[nñ]o|fecha|mes))\b"),
        ("who", r"^\W*(?:(?:a|de|con|por|to|by|for|with) )?(?:who|whom|whose|qui[eé]n(?:es)?)\b"),
        ("how_many", r"\b(?:how (?:many|much)|cu[aá]nt[oa]s?)\b"),
        ("where", r"^\W*(?:(?:en|de|a|in|from|to) )?(?:where|d[oó]nde)\b"),
        ("which", r"^\W*(?:(?:en|de|a|in|from|to|on) )?(?:which|cu[aá]l(?:es)?)\b"),
        ("what", r"^\W*(?:(?:en|de|a|in|from|to|on) )?(?:what|qu[eé])\b"),
        ("how", r"^\W*(?:how|c[oó]mo)\b"),
        ("why", r"\b(?:why|por qu[eé])\b"),
    )
)
"""Kinds of question, by their opening words (first match wins; else ``other``)."""

_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_NAME = re.compile(r"(?<!^)(?<![.!?¿¡] )\b[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+")


def question_kind(question: str) -> str:
    """The kind of a question (``when``, ``who``, … or ``other``)."""
    for name, pattern in QUESTION_KINDS:
        if pattern.search(question):
            return name
    return "other"


def pair_features(kind: str, s: Scored) -> list[float]:
    """The features of a (question, sentence) pair, in a fixed order."""
    text = s.sentence
    words = max(1, len(text.split()))
    props = [
        1.0 if _DIGIT.search(text) else 0.0,
        1.0 if _YEAR.search(text) else 0.0,
        len(_NAME.findall(text)) / words,
    ]
    kinds = [name for name, _ in QUESTION_KINDS] + ["other"]
    onehot = [1.0 if kind == k else 0.0 for k in kinds]
    crossed = [o * p for o in onehot for p in props]
    return [s.similarity, s.overlap, 1.0 / s.passage.rank, *props, words / 50, *crossed]


def probabilities(question: str, scored: Sequence[Scored], model: Mapping[str, Any]) -> np.ndarray:
    """The probability that each of the best candidate sentences contains the answer."""
    if not scored:
        return np.zeros(0)
    kind = question_kind(question)
    X = np.array([pair_features(kind, s) for s in scored[:CANDIDATES]])
    mean, std = np.array(model["mean"]), np.array(model["std"])
    z = ((X - mean) / std) @ np.array(model["weights"]) + float(model["bias"])
    return np.asarray(1 / (1 + np.exp(-np.clip(z, -50, 50))))
