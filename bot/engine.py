"""The answer engine: question -> retrieval -> composed, verified, cited answer."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.compose import compose, verify
from bot.filters import Filters
from bot.retrieve import Retriever
from bot.types import Answer, Passage, passage_out
from ingest.config import Settings
from ingest.embeddings import Embedder
from ingest.text import detect_language

GROUNDING_THRESHOLD: dict[str, float] = {"use-m3": 0.30}
"""Cosine similarity (question, best passage) below which an embedder sees no evidence.

Calibrated per embedder with ``bench/calibrate.py`` on XQuAD (see docs/BENCHMARKS.md).
"""

NO_EVIDENCE = {
    "es": "No encontré evidencia en el corpus que responda a esta pregunta.",
    "en": "No evidence in the corpus answers this question.",
}
RELATED = {"es": "Relacionado, pero no es una respuesta:", "en": "Related, but not an answer:"}
EMPTY_INDEX = {
    "es": "El índice está vacío: ejecute `briefbot ingest` primero.",
    "en": "The index is empty: run `briefbot ingest` first.",
}


@dataclass(frozen=True)
class Grounding:
    """Whether the retrieved evidence is strong enough to answer, and why."""

    grounded: bool
    reason: str | None
    support: float


class Engine:
    """Answers questions from the index; create one per process (see ``bot.factory``)."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever,
        embedders: dict[str, Embedder],
    ) -> None:
        """Wire the engine; use :func:`bot.factory.get_engine` rather than calling this."""
        self.settings = settings
        self.retriever = retriever
        self.embedders = embedders
        self.sentence_embedder = next(iter(embedders.values()))

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        """Answer one standalone question."""
        t0 = time.perf_counter()
        question = question.strip()
        language = detect_language(question)
        timings: dict[str, float] = {}
        passages = self.retriever.search(
            question,
            language,
            k=k or self.settings.top_k,
            max_per_doc=self.settings.max_per_doc,
            filters=filters,
        )
        timings["retrieve"] = _ms(t0)
        if not passages:
            empty = self.retriever.store.count() == 0
            reason = "the index is empty" if empty else "no passage matched the filters"
            message = (EMPTY_INDEX if empty else NO_EVIDENCE)[language]
            return Answer(
                question=question,
                answer=message,
                language=language,
                grounded=False,
                reason=reason,
                timings_ms={**timings, "total": _ms(t0)},
            )
        grounding = self.grounding(passages)
        if not grounding.grounded:
            return self._refusal(question, language, passages, grounding, timings, t0)
        t1 = time.perf_counter()
        text, citations, _ = compose(question, language, passages, self.sentence_embedder)
        timings["compose"] = _ms(t1)
        if not citations or not verify(text, citations):
            grounding = Grounding(
                False, "no sentence of the retrieved passages could be cited", 0.0
            )
            return self._refusal(question, language, passages, grounding, timings, t0)
        timings["total"] = _ms(t0)
        return Answer(
            question=question,
            answer=text,
            language=language,
            grounded=True,
            reason=grounding.reason,
            citations=citations,
            passages=[passage_out(p) for p in passages],
            backend="extractive",
            timings_ms=timings,
        )

    def grounding(self, passages: list[Passage]) -> Grounding:
        """Compare the best passage's similarity with each embedder's calibrated threshold."""
        margins: list[float] = []
        parts: list[str] = []
        for name, emb in self.embedders.items():
            threshold = GROUNDING_THRESHOLD.get(emb.id, 0.5)
            best = max(p.sims.get(name, 0.0) for p in passages[:3])
            margins.append(best - threshold)
            parts.append(f"{emb.id} {best:.2f} vs threshold {threshold:.2f}")
        support = sum(margins) / len(margins)
        if self.settings.min_score is not None:
            support = passages[0].score - self.settings.min_score
            parts = [
                f"fused score {passages[0].score:.2f} vs min_score {self.settings.min_score:.2f}"
            ]
        grounded = support >= 0
        verdict = "above" if grounded else "below"
        return Grounding(
            grounded, f"best passage similarity {verdict} threshold: " + "; ".join(parts), support
        )

    def _refusal(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        grounding: Grounding,
        timings: dict[str, float],
        t0: float,
    ) -> Answer:
        related = passages[:3]
        lines = [NO_EVIDENCE[language], "", RELATED[language]]
        lines += [f"- {p.meta.get('title') or p.doc_id}" for p in related]
        return Answer(
            question=question,
            answer="\n".join(lines),
            language=language,
            grounded=False,
            reason=grounding.reason,
            citations=[],
            passages=[passage_out(p) for p in related],
            backend="extractive",
            timings_ms={**timings, "total": _ms(t0)},
        )


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
