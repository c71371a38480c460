"""The domain check: how close off-topic questions come to *this* index.

A question's best passage similarity means little on its own: a narrow corpus and a broad one
give off-topic questions very different scores. So each index is calibrated once (not per
question): the probe questions in ``data/probes.txt`` (general knowledge in both languages,
far from any one corpus) are asked of it, and the mean and spread of their best similarity
per embedder and per pair of question and passage languages become :class:`DomainStats` (a
Spanish question's best English passage is compared with the Spanish probes' best English
passages: similarities across languages run lower than within one). A question's
*domain z-score* is how many spreads its best similarity lies above the probes' mean
(:func:`domain_z`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

PROBES = Path(__file__).with_name("data") / "probes.txt"
MIN_SPREAD = 0.005
PASSAGE_LANGUAGES = ("es", "en")
"""The languages briefbot tells passages apart by (``ingest.text.detect_language``)."""
"""Floor of a probe spread (cosine), so that a tiny index does not make every z-score huge."""


@lru_cache(maxsize=1)
def probe_questions() -> tuple[str, ...]:
    """The probe questions (one a line; ``#`` lines are comments)."""
    lines = PROBES.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def probe_languages() -> tuple[str, ...]:
    """The language of each probe question."""
    from ingest.text import detect_language

    return tuple(detect_language(q) for q in probe_questions())


@dataclass(frozen=True)
class DomainStats:
    """Mean and spread of the probes' best similarity, keyed
    ``"{embedder}:{question language}>{passage language}"``."""

    mean: dict[str, float]
    spread: dict[str, float]

    @classmethod
    def from_best(
        cls, best: Mapping[tuple[str, str], np.ndarray], languages: tuple[str, ...]
    ) -> DomainStats:
        """From the best similarity of every probe, per (embedder, passage language), grouped
        by the probe's language."""
        langs = np.array(languages)
        mean: dict[str, float] = {}
        spread: dict[str, float] = {}
        for (name, passage_lang), values in best.items():
            for lang in sorted(set(languages)):
                v = values[langs == lang]
                key = f"{name}:{lang}>{passage_lang}"
                mean[key] = float(np.mean(v))
                spread[key] = max(float(np.std(v)), MIN_SPREAD)
        return cls(mean, spread)


def measure(
    best_similarity: Callable[[str, np.ndarray, str], float],
    vectors: Mapping[str, np.ndarray],
    passage_languages: tuple[str, ...] = PASSAGE_LANGUAGES,
) -> DomainStats:
    """Ask every probe of an index, once per passage language.

    Args:
        best_similarity: (embedder name, query vector, passage language) -> the best cosine
            among the index's passages in that language (0 when it has none).
        vectors: embedder name -> the probes' query vectors (rows in :func:`probe_questions`
            order).
        passage_languages: the languages passages may be in.
    """
    best = {
        (name, plang): np.array([best_similarity(name, row, plang) for row in rows])
        for name, rows in vectors.items()
        for plang in passage_languages
    }
    return DomainStats.from_best(best, probe_languages())


def domain_z(
    stats: DomainStats | None, name: str, language: str, passage_language: str, similarity: float
) -> float:
    """How far above the off-topic probes a similarity lies, in probe spreads, comparing a
    question in ``language`` and a passage in ``passage_language`` with probes of the same
    pair (0 when unknown)."""
    key = f"{name}:{language}>{passage_language}"
    if stats is None or key not in stats.mean:
        return 0.0
    return (similarity - stats.mean[key]) / stats.spread[key]
