"""Hybrid retrieval: dense search per embedder plus BM25, fused by :mod:`bot.answer.fusion`.

Every retriever returns its top ``pool`` chunks; their union is scored by all of them (a
dense retriever that did not return a candidate gives it the cosine of its stored vector),
fused, and the best ``k`` are kept with at most ``max_per_doc`` per document and no
near-duplicates.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from bot.answer.fusion import Candidate, fuse
from bot.filters import Filters
from bot.types import Passage
from ingest.embedders import Embedder
from ingest.lexical import LexicalIndex
from ingest.store import Store
from ingest.text import anchors, tokenize
from ingest.types import SourceInfo

NEAR_DUPLICATE = 0.8
"""Word-set Jaccard similarity above which a passage repeats one already kept."""

FOLLOWUP_WEIGHT = 0.5
"""Fused-score bonus of the passages of the documents the previous answer cited, for a
follow-up question (a z-score unit; chosen on the dev follow-ups, see docs/ANSWERING.md)."""


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

    def count(self) -> int:
        """Chunks in the index."""
        return self.store.count()

    def best_similarity(self, name: str, vector: np.ndarray, language: str) -> float:
        """The highest cosine to a query vector among the chunks in ``language`` (0 when the
        index has none), for one embedder."""
        hits = self.store.nearest(name, vector, 1, Filters(languages=(language,)).where())
        return hits[0][1] if hits else 0.0

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
        sources: dict[str, SourceInfo] = {}
        lexical_only = [cid for cid in lexical_scores if cid not in sims]
        if lexical_only and not filters.is_empty():
            # the dense searches were filtered by Chroma; the lexical one is filtered here
            sources = self.store.sources(lexical_only)
            lexical_only = [c for c in lexical_only if c in sources and filters.matches(sources[c])]
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
        languages = {cid: self._language(cid, sources) for cid in ids}
        unknown = [cid for cid, lang in languages.items() if lang is None]
        if unknown:  # written by another process since the lexical index was loaded
            for cid, source in self.store.sources(unknown).items():
                languages[cid] = source.language
        out = []
        for cid in ids:
            scores = dict(sims[cid])
            if lexical_scores:
                scores["bm25"] = lexical_scores.get(cid, 0.0)
            out.append(Candidate(cid, texts[cid], languages[cid], scores, tuple(why.get(cid, []))))
        return out

    def _language(self, chunk_id: str, sources: dict[str, SourceInfo]) -> str | None:
        if chunk_id in sources:
            return sources[chunk_id].language
        return self.lexical.language_of(chunk_id) if self.lexical is not None else None

    def search(
        self,
        query: str,
        language: str,
        *,
        k: int = 6,
        max_per_doc: int = 2,
        filters: Filters | None = None,
        prefer_docs: frozenset[str] = frozenset(),
    ) -> list[Passage]:
        """The ``k`` best passages: fused, at most ``max_per_doc`` per document, no
        near-duplicates. A passage that brings one of the query's anchors (years, numbers,
        acronyms) the others lack may exceed ``max_per_doc``; when no passage in the top ``k``
        has an anchor, the best-ranked candidate that does takes the last place. Passages of
        ``prefer_docs`` (the documents a follow-up's previous answer cited) gain
        ``FOLLOWUP_WEIGHT``."""
        cands = self.candidates(query, language, filters)
        wanted = anchors(query)
        found = {c.chunk_id: anchors(c.text) if wanted else set() for c in cands}
        shares = None
        if wanted:
            shares = [len(wanted & found[c.chunk_id]) / len(wanted) for c in cands]
        ids = {name: emb.id for name, emb in self.embedders.items()}
        ranked = fuse(cands, language, ids, shares)
        if prefer_docs:
            ranked = sorted(
                ((score + FOLLOWUP_WEIGHT * (c.doc_id in prefer_docs), c) for score, c in ranked),
                key=lambda pair: -pair[0],
            )
        covered: set[str] = set()
        picked: list[int] = []
        per_doc: dict[str, int] = {}
        kept_tokens: list[set[str]] = []
        for i, (_, cand) in enumerate(ranked):
            new_anchors = (wanted - covered) & found[cand.chunk_id]
            if per_doc.get(cand.doc_id, 0) >= max_per_doc and not new_anchors:
                continue
            tokens = set(tokenize(cand.text))
            if any(_jaccard(tokens, other) > NEAR_DUPLICATE for other in kept_tokens):
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
        sources = self.store.sources([ranked[i][1].chunk_id for i in picked])
        passages = []
        for rank, i in enumerate(picked, start=1):
            score, cand = ranked[i]
            source = sources.get(cand.chunk_id) or SourceInfo(
                cand.doc_id, cand.doc_id, language=cand.language
            )
            passages.append(
                Passage(rank, cand.chunk_id, cand.text, source, score, cand.sims, cand.why)
            )
        return passages


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
