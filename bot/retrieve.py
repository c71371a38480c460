"""Hybrid, language-aware retrieval: dense search per embedder plus BM25, fused by z-scores.

Plain rank fusion hurts cross-lingual recall: a lexical retriever, and to a lesser degree a
multilingual embedder, prefer passages in the question's language. So fusion is told the
languages: each dense similarity of a passage in the question's own language is reduced by
that embedder's *same-language bias* (the mean extra similarity it gives same-language pairs,
measured on XQuAD), and BM25 only adds evidence, never removes it: its z-score counts only when
positive, only for passages in the question's language, and with a small weight. The constants
were measured with ``bench/xquad.py`` (see docs/BENCHMARKS.md), not tuned on the golden set.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.filters import Filters
from bot.types import Passage
from ingest.embedders import Embedder
from ingest.lexical import LexicalIndex, tokenize
from ingest.store import Store

SAME_LANGUAGE_BIAS: dict[str, float] = {
    "use-m3": 0.0355,
    "e5-small-onnx-int8": 0.0512,
    "e5-small-onnx": 0.0512,
}
"""Extra cosine an embedder gives passages in the query's language (by embedder id).

Measured by ``bench/xquad.py`` as the mean cosine of (question, its paragraph) in the same
language minus the mean across languages, over all 1,190 XQuAD questions.
"""

DENSE_WEIGHT: dict[str, float] = {}
"""Fusion weight of each embedder (by id); 1.0 when absent."""

LEXICAL_WEIGHT = 0.35

ANCHOR_WEIGHT = 1.0
"""Fusion weight of the share of the question's anchors (years, numbers, acronyms) that a
passage contains, in any language (see :func:`anchors`)."""

_NUMBER_ANCHOR = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b|\b\d{3,}\b")
_ACRONYM_ANCHOR = re.compile(r"\b[A-Z]{3,}\b")


def anchors(text: str) -> set[str]:
    """Language-neutral tokens of a text: numbers of three or more digits (years included,
    thousands separators ignored) and acronyms, whose letters are sorted so that a Spanish
    acronym matches its reordered English one (OTAN/NATO, ONUDD/UNODC)."""
    numbers = {re.sub(r"[.,]", "", m) for m in _NUMBER_ANCHOR.findall(text)}
    acronyms = {"".join(sorted(m)) for m in _ACRONYM_ANCHOR.findall(text)}
    return numbers | acronyms


def anchor_share(query_anchors: set[str], text: str) -> float:
    """Share of the query's anchors found in a text (0 when the query has none)."""
    if not query_anchors:
        return 0.0
    return len(query_anchors & anchors(text)) / len(query_anchors)


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


class Retriever:
    """Finds the passages that best answer a question."""

    def __init__(
        self,
        store: Store,
        embedders: dict[str, Embedder],
        lexical: LexicalIndex | None,
        *,
        pool: int = 40,
    ) -> None:
        """Wire the retriever to a store, its embedders and the lexical index."""
        self.store = store
        self.embedders = embedders
        self.lexical = lexical
        self.pool = pool
        self._threads = ThreadPoolExecutor(max_workers=max(1, len(embedders)))

    def candidates(
        self, query: str, language: str, filters: Filters | None = None
    ) -> list[Candidate]:
        """Every chunk any retriever ranks in its top ``pool``, with all raw scores."""
        filters = filters or Filters()
        where = filters.where()

        def dense(name: str) -> tuple[np.ndarray, list[tuple[str, float]]]:
            qvec = self.embedders[name].encode([query], kind="query")[0]
            return qvec, self.store.nearest(name, qvec, self.pool, where)

        # one thread per embedder (their encoders release the GIL, so they overlap), while
        # this one runs the lexical search
        running = {name: self._threads.submit(dense, name) for name in self.embedders}
        lexical_scores: dict[str, float] = {}
        if self.lexical is not None:
            self.lexical.refresh()
            lexical_scores = dict(self.lexical.search(query, self.pool))
        qvecs: dict[str, np.ndarray] = {}
        sims: dict[str, dict[str, float]] = {}
        why: dict[str, list[str]] = {}
        for name, future in running.items():
            qvecs[name], hits = future.result()
            for cid, score in hits:
                sims.setdefault(cid, {})[name] = score
                why.setdefault(cid, []).append(name)
        metas: dict[str, dict[str, Any]] = {}
        lexical_only = [cid for cid in lexical_scores if cid not in sims]
        if lexical_only and not filters.is_empty():
            # the dense searches were filtered by Chroma; the lexical one is filtered here
            metas = self.store.metadatas(lexical_only)
            lexical_only = [c for c in lexical_only if c in metas and filters.matches(metas[c])]
        for cid in lexical_only:
            sims[cid] = {}
        for cid in lexical_scores:
            if cid in sims:
                why.setdefault(cid, []).append("bm25")
        # the texts of all candidates and the vectors each dense retriever did not return,
        # read at the same time
        reads = {
            name: self._threads.submit(
                self.store.vectors, name, [cid for cid in sims if name not in sims[cid]]
            )
            for name in qvecs
        }
        texts = self.store.texts(list(sims))  # a chunk the lexical index knows but the store
        ids = [cid for cid in sims if cid in texts]  # no longer has is left out
        for name, qvec in qvecs.items():
            for cid, vec in reads[name].result().items():
                sims[cid][name] = float(np.dot(vec, qvec))
        languages = {cid: self._language(cid, metas) for cid in ids}
        unknown = [cid for cid, lang in languages.items() if lang is None]
        if unknown:  # an index built before the lexical index kept languages
            for cid, meta in self.store.metadatas(unknown).items():
                languages[cid] = meta.get("language")
        out = []
        for cid in ids:
            scores = dict(sims[cid])
            if lexical_scores:
                scores["bm25"] = lexical_scores.get(cid, 0.0)
            out.append(Candidate(cid, texts[cid], languages[cid], scores, tuple(why.get(cid, []))))
        return out

    def _language(self, chunk_id: str, metas: dict[str, dict[str, Any]]) -> str | None:
        if chunk_id in metas:
            return metas[chunk_id].get("language")
        return self.lexical.language_of(chunk_id) if self.lexical is not None else None

    def fuse(
        self, cands: list[Candidate], language: str, query: str = ""
    ) -> list[tuple[float, Candidate]]:
        """Language-aware z-score fusion of the candidates; best first."""
        wanted = anchors(query)
        found = [anchors(c.text) if wanted else set() for c in cands]
        return self._fuse(cands, language, wanted, found)

    def _fuse(
        self,
        cands: list[Candidate],
        language: str,
        wanted: set[str],
        cand_anchors: list[set[str]],
    ) -> list[tuple[float, Candidate]]:
        if not cands:
            return []
        dense = {
            self.embedders[name].id: np.array([c.sims.get(name, 0.0) for c in cands])
            for name in self.embedders
        }
        lexical = None
        if any("bm25" in c.sims for c in cands):
            lexical = np.array([c.sims.get("bm25", 0.0) for c in cands])
        same = np.array([c.language == language for c in cands])
        anchor = None
        if wanted:
            anchor = np.array([len(wanted & found) / len(wanted) for found in cand_anchors])
        total = fuse_scores(dense, lexical, same, anchor)
        order = np.argsort(-total, kind="stable")
        return [(float(total[i]), cands[i]) for i in order]

    def search(
        self,
        query: str,
        language: str,
        *,
        k: int = 6,
        max_per_doc: int = 2,
        filters: Filters | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages: fused, at most ``max_per_doc`` per document, no
        near-duplicates. A passage that brings one of the query's anchors (years, numbers,
        acronyms) the others lack may exceed ``max_per_doc``; when no passage in the top ``k``
        has an anchor, the best-ranked candidate that does takes the last place."""
        cands = self.candidates(query, language, filters)
        wanted = anchors(query)
        found = {c.chunk_id: anchors(c.text) if wanted else set() for c in cands}
        ranked = self._fuse(cands, language, wanted, [found[c.chunk_id] for c in cands])
        covered: set[str] = set()
        picked: list[int] = []
        per_doc: dict[str, int] = {}
        kept_tokens: list[set[str]] = []
        for i, (_, cand) in enumerate(ranked):
            new_anchors = (wanted - covered) & found[cand.chunk_id]
            if per_doc.get(cand.doc_id, 0) >= max_per_doc and not new_anchors:
                continue
            tokens = set(tokenize(cand.text))
            if any(_jaccard(tokens, other) > 0.8 for other in kept_tokens):
                continue
            per_doc[cand.doc_id] = per_doc.get(cand.doc_id, 0) + 1
            kept_tokens.append(tokens)
            covered |= new_anchors
            picked.append(i)
            if len(picked) >= k:
                break
        if wanted and picked and wanted - covered:
            extra = next(
                (
                    i
                    for i, (_, cand) in enumerate(ranked)
                    if i not in picked and (wanted - covered) & found[cand.chunk_id]
                ),
                None,
            )
            if extra is not None:
                picked = sorted([*picked[: k - 1], extra])
        metas = self.store.metadatas([ranked[i][1].chunk_id for i in picked])
        passages = []
        for rank, i in enumerate(picked, start=1):
            score, cand = ranked[i]
            meta = metas.get(cand.chunk_id, {"doc_id": cand.doc_id, "language": cand.language})
            passages.append(
                Passage(
                    rank, cand.chunk_id, cand.doc_id, cand.text, meta, score, cand.sims, cand.why
                )
            )
        return passages


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
        anchor: share of the query's anchors each candidate contains (see :func:`anchors`).
    """
    n = len(same_language)
    total = np.zeros(n)
    for emb_id, sims in dense.items():
        adjusted = sims - SAME_LANGUAGE_BIAS.get(emb_id, 0.0) * same_language
        total += DENSE_WEIGHT.get(emb_id, 1.0) * _zscores(adjusted)
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


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"”»)]*)\s+(?=[\"“«(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z][a-z]?|\b(?:EE|UU|Sr|Sra|Dr|Dra|Mr|Mrs|Ms|St|No|Nº|etc|vs|Art|Inc|Jr))\.$"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage's prose (Markdown headings are left out)."""
    out: list[str] = []
    for block in re.split(r"\n+", text):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        block = re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", block)
        start = 0
        for m in _SENTENCE_END.finditer(block):
            if _ABBREVIATION.search(block, 0, m.start()):
                continue
            out.append(block[start : m.end(1)].strip())
            start = m.end()
        out.append(block[start:].strip())
    return [s for s in out if s]
