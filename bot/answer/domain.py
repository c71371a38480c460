"""The domain check: how close off-topic questions come to *this* index.

A question's best passage similarity means little on its own: a narrow corpus and a broad one
give off-topic questions very different scores. So each index is calibrated once (not per
question): the probe questions in ``data/probes.txt`` (general knowledge in both languages,
far from any one corpus) are asked of it, and the mean and spread of their best similarity
per embedder and per language become :class:`DomainStats` (a Spanish question is compared
with the Spanish probes: an index in two languages treats them differently). A question's
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
    """Mean and spread of the probes' best similarity, keyed ``"{embedder}:{language}"``."""

    mean: dict[str, float]
    spread: dict[str, float]

    @classmethod
    def from_best(cls, best: Mapping[str, np.ndarray], languages: tuple[str, ...]) -> DomainStats:
        """From each embedder's best similarity for every probe, grouped by probe language."""
        langs = np.array(languages)
        mean: dict[str, float] = {}
        spread: dict[str, float] = {}
        for name, values in best.items():
            for lang in sorted(set(languages)):
                v = values[langs == lang]
                mean[f"{name}:{lang}"] = float(np.mean(v))
                spread[f"{name}:{lang}"] = max(float(np.std(v)), MIN_SPREAD)
        return cls(mean, spread)


def measure(
    best_similarity: Callable[[str, np.ndarray], float], vectors: Mapping[str, np.ndarray]
) -> DomainStats:
    """Ask every probe of an index.

    Args:
        best_similarity: (embedder name, query vector) -> the best cosine in the index.
        vectors: embedder name -> the probes' query vectors (rows in :func:`probe_questions`
            order).
    """
    best = {
        name: np.array([best_similarity(name, row) for row in rows])
        for name, rows in vectors.items()
    }
    return DomainStats.from_best(best, probe_languages())


def domain_z(stats: DomainStats | None, name: str, language: str, similarity: float) -> float:
    """How far above the off-topic probes in ``language`` a similarity lies, in probe spreads
    (0 when unknown)."""
    key = f"{name}:{language}"
    if stats is None or key not in stats.mean:
        return 0.0
    return (similarity - stats.mean[key]) / stats.spread[key]
