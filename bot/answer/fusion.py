"""Language-aware fusion of the retrievers' scores: a pure function over candidates.

Plain rank fusion hurts cross-lingual recall: a lexical retriever, and to a lesser degree a
multilingual embedder, prefer passages in the question's language. So fusion is told the
languages: each dense similarity of a passage in the question's own language is reduced by
that embedder's *same-language bias* (the mean extra similarity it gives same-language pairs,
measured on XQuAD), and BM25 only adds evidence, never removes it: its z-score counts only when
positive, only for passages in the question's language, and with a small weight. The constants
were measured with ``bench/xquad.py`` (see docs/BENCHMARKS.md), not tuned on the golden set.

No library fuses this way (reciprocal-rank fusion is the common one, and it is what loses
cross-language recall), so this stays hand-written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

SAME_LANGUAGE_BIAS: dict[str, float] = {
    "use-m3": 0.0355,
    "e5-small-onnx-int8": 0.0512,
    "e5-small-onnx": 0.0512,
}
"""Extra cosine an embedder gives passages in the query's language (by embedder id).

Measured by ``bench/xquad.py`` as the mean cosine of (question, its paragraph) in the same
language minus the mean across languages, over all 1,190 XQuAD questions.
"""

LEXICAL_WEIGHT = 0.35
"""Weight of BM25's positive z-score, same-language passages only (``bench/xquad.py``)."""

ANCHOR_WEIGHT = 1.0
"""Fusion weight of the share of the question's anchors (years, numbers, acronyms) that a
passage contains, in any language (see :func:`ingest.text.anchors`; ``bench/xquad.py``)."""


@dataclass(frozen=True)
class Candidate:
    """A chunk with every retriever's raw score for it (its metadata is read only for the
    passages finally returned: reading it costs more than the search itself)."""

    chunk_id: str
    text: str
    language: str | None
    sims: dict[str, float]
    why: tuple[str, ...]

    @property
    def doc_id(self) -> str:
        """The document the chunk belongs to (chunk ids are ``"{doc_id}#{n}"``)."""
        return self.chunk_id.rsplit("#", 1)[0]


def fuse(
    cands: list[Candidate],
    language: str,
    embedder_ids: Mapping[str, str],
    anchor_shares: list[float] | None = None,
) -> list[tuple[float, Candidate]]:
    """The candidates with their fused scores, best first.

    Args:
        cands: every candidate with its raw scores (``sims`` keyed by embedder name, and
            ``"bm25"``).
        language: the question's language.
        embedder_ids: embedder name -> id (the bias constants are per id).
        anchor_shares: share of the question's anchors each candidate contains, or None
            when the question has none.
    """
    if not cands:
        return []
    dense = {
        emb_id: np.array([c.sims.get(name, 0.0) for c in cands])
        for name, emb_id in embedder_ids.items()
    }
    lexical = None
    if any("bm25" in c.sims for c in cands):
        lexical = np.array([c.sims.get("bm25", 0.0) for c in cands])
    same = np.array([c.language == language for c in cands])
    anchor = np.array(anchor_shares) if anchor_shares is not None else None
    total = fuse_scores(dense, lexical, same, anchor)
    order = np.argsort(-total, kind="stable")
    return [(float(total[i]), cands[i]) for i in order]


def fuse_scores(
    dense: dict[str, np.ndarray],
    lexical: np.ndarray | None,
    same_language: np.ndarray,
    anchor: np.ndarray | None = None,
) -> np.ndarray:
    """Fused score of each candidate.

    Args:
        dense: embedder id -> cosine similarity of each candidate to the query.
        lexical: BM25 score of each candidate (None without a lexical index).
        same_language: whether each candidate is in the query's language.
        anchor: share of the query's anchors each candidate contains.
    """
    n = len(same_language)
    total = np.zeros(n)
    for emb_id, sims in dense.items():
        adjusted = sims - SAME_LANGUAGE_BIAS.get(emb_id, 0.0) * same_language
        total += _zscores(adjusted)
    if lexical is not None and LEXICAL_WEIGHT > 0 and same_language.sum() > 1:
        idx = np.flatnonzero(same_language)
        z = _zscores(lexical[idx])
        total[idx] += LEXICAL_WEIGHT * np.maximum(z, 0.0)
    if anchor is not None:
        total += ANCHOR_WEIGHT * anchor
    return total


def _zscores(values: np.ndarray) -> np.ndarray:
    if len(values) < 2:
        return np.zeros_like(values, dtype=float)
    std = float(values.std())
    if std < 1e-9 or math.isnan(std):
        return np.zeros_like(values, dtype=float)
    return (values - values.mean()) / std
