"""The answer engine: question -> retrieval -> composed, verified, cited answer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.compose import CachedEncoder, Scored, compose, score_sentences, verify
from bot.conversations import ConversationStore, Turn
from bot.filters import Filters
from bot.followup import condense, is_followup
from bot.grounding import (
    Grounding,
    anchored,
    decide,
    evidence_features,
    rerank,
    unmet_answer_type,
)
from bot.llm import LLMComposer, LLMError
from bot.retrieve import Retriever
from bot.types import Answer, Passage, passage_out
from ingest.config import Settings
from ingest.embeddings import Embedder
from ingest.text import detect_language

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
class Search:
    """The passages retrieved for a query, best first."""

    query: str
    language: str
    passages: list[Passage]


class Engine:
    """Answers questions from the index; create one per process (see ``bot.factory``)."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever,
        embedders: dict[str, Embedder],
        conversations: ConversationStore,
    ) -> None:
        """Wire the engine; use :func:`bot.factory.get_engine` rather than calling this."""
        self.settings = settings
        self.retriever = retriever
        self.embedders = embedders
        self.conversations = conversations
        first = next(iter(embedders.values()))
        self.sentence_embedder = first if isinstance(first, CachedEncoder) else CachedEncoder(first)
        self._llm: LLMComposer | None = None
        self._llm_error: str | None = None

    def warm(self) -> Engine:
        """Load what the first question would otherwise wait for (the models' sessions,
        Chroma's indexes, the lexical index) by running one search; returns the engine."""
        if self.retriever.store.count():
            # every retriever once: the question sessions, Chroma's vector indexes, BM25
            self.retriever.search("¿Qué pasó en Piura? What happened in Piura?", "es", k=1)
        else:
            for embedder in self.embedders.values():
                embedder.encode(["¿Qué pasó en Piura?"], kind="query")
        return self

    def count(self) -> int:
        """How many chunks the index holds."""
        return self.retriever.store.count()

    @property
    def embedder_ids(self) -> list[str]:
        """The ids of the dense embedders, in retrieval order."""
        return [e.id for e in self.embedders.values()]

    @property
    def llm(self) -> LLMComposer | None:
        """The LLM composer when one is configured and could be created."""
        if self.settings.llm == "none" or self._llm_error:
            return None
        if self._llm is None:
            try:
                self._llm = LLMComposer(self.settings, self.sentence_embedder)
            except LLMError as err:
                self._llm_error = str(err)
                return None
        return self._llm

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        conversation_id: str | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Answer:
        """Answer a question; with ``conversation_id``, follow-ups are understood.

        A new conversation starts when ``conversation_id`` is unknown; the returned answer
        carries the id to pass with the next question. ``history`` gives the earlier turns
        directly instead, as (question, answer) pairs, oldest first (stateless clients); it
        wins over a stored conversation.
        """
        t0 = time.perf_counter()
        question = question.strip()
        language = detect_language(question)
        standalone = self._standalone(question, language, conversation_id, history)
        answer = self._answer(standalone, language, k=k, filters=filters, t0=t0)
        self._record(answer, question, standalone, conversation_id)
        return answer

    def search(self, query: str, *, k: int | None = None, filters: Filters | None = None) -> Search:
        """The passages retrieval finds for a query, best first, without composing an answer."""
        query = query.strip()
        language = detect_language(query)
        return Search(query, language, self._retrieve(query, language, k, filters))

    def stream(
        self,
        question: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        conversation_id: str | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are produced, then the final verified Answer.

        With an LLM, the pieces are the model's raw reply (the final Answer may differ: it
        keeps only verified sentences); without one, the extractive answer is one piece.
        """
        llm = self.llm
        if llm is None:
            plain = self.ask(
                question, k=k, filters=filters, conversation_id=conversation_id, history=history
            )
            yield plain.answer
            yield plain
            return
        t0 = time.perf_counter()
        question = question.strip()
        language = detect_language(question)
        standalone = self._standalone(question, language, conversation_id, history)
        passages = self._retrieve(standalone, language, k, filters)
        grounding = self.assess(standalone, language, passages)[0] if passages else None
        answer: Answer | None = None
        failure: str | None = None
        if passages and grounding and grounding.grounded:
            pieces: list[str] = []
            try:
                for piece in llm.stream(standalone, language, passages):
                    pieces.append(piece)
                    yield piece
                checked = llm.finish("".join(pieces), passages)
                answer = self._llm_answer(
                    question, language, passages, grounding, checked, llm, {"total": _ms(t0)}
                )
            except Exception as err:
                failure = f"LLM failed ({type(err).__name__}: {err}); extractive answer instead"
        if answer is None:
            answer = self._answer(standalone, language, k=k, filters=filters, t0=t0, use_llm=False)
            if failure:
                answer.reason = "; ".join(x for x in (answer.reason, failure) if x)
        self._record(answer, question, standalone, conversation_id)
        yield answer

    def _standalone(
        self,
        question: str,
        language: str,
        conversation_id: str | None,
        pairs: list[tuple[str, str]] | None = None,
    ) -> str:
        if pairs is not None:
            history = _turns(pairs)
        elif conversation_id:
            history = self.conversations.history(conversation_id)
        else:
            history = []
        if not history:
            return question
        llm = self.llm
        if llm is not None and is_followup(question, language):
            try:
                return llm.condense(question, [(t.standalone, t.answer) for t in history])
            except Exception:
                pass
        return condense(question, language, history)

    def _record(
        self, answer: Answer, question: str, standalone: str, conversation_id: str | None
    ) -> None:
        answer.question = question
        if standalone != question:
            answer.standalone_question = standalone
        if conversation_id:
            answer.conversation_id = conversation_id
            self.conversations.append(
                conversation_id,
                Turn(
                    question, standalone, answer.answer, tuple(c.doc_id for c in answer.citations)
                ),
            )

    def _retrieve(
        self, question: str, language: str, k: int | None, filters: Filters | None
    ) -> list[Passage]:
        return self.retriever.search(
            question,
            language,
            k=k or self.settings.top_k,
            max_per_doc=self.settings.max_per_doc,
            filters=filters,
        )

    def _llm_answer(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        grounding: Grounding,
        checked: Any,
        llm: LLMComposer,
        timings: dict[str, float],
    ) -> Answer:
        notes = [grounding.reason or ""]
        if checked.removed:
            notes.append(f"{checked.removed} unsupported sentence(s) removed")
        if checked.rematched:
            notes.append(f"{checked.rematched} sentence(s) re-cited to their best passage")
        return Answer(
            question=question,
            answer=checked.text,
            language=language,
            grounded=True,
            reason="; ".join(n for n in notes if n),
            citations=checked.citations,
            passages=[passage_out(p) for p in passages],
            backend=llm.name,
            timings_ms=timings,
        )

    def _answer(
        self,
        question: str,
        language: str,
        *,
        k: int | None,
        filters: Filters | None,
        t0: float,
        use_llm: bool = True,
    ) -> Answer:
        timings: dict[str, float] = {}
        passages = self._retrieve(question, language, k, filters)
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
        t1 = time.perf_counter()
        grounding, scored = self.assess(question, language, passages)
        timings["assess"] = _ms(t1)
        if not grounding.grounded:
            return self._refusal(question, language, passages, grounding, timings, t0)
        t1 = time.perf_counter()
        fallback = None
        llm = self.llm if use_llm else None
        if llm is not None:
            try:
                checked = llm.compose(question, language, passages)
                timings["compose"] = _ms(t1)
                timings["total"] = _ms(t0)
                return self._llm_answer(
                    question, language, passages, grounding, checked, llm, timings
                )
            except LLMError as err:
                fallback = f"LLM failed ({err}); extractive answer instead"
        elif self.settings.llm != "none" and self._llm_error:
            fallback = f"LLM unavailable ({self._llm_error}); extractive answer instead"
        text, citations, _ = compose(language, scored)
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
            reason="; ".join(x for x in (grounding.reason, fallback) if x),
            citations=citations,
            passages=[passage_out(p) for p in passages],
            backend="extractive",
            timings_ms=timings,
        )

    def assess(
        self, question: str, language: str, passages: list[Passage]
    ) -> tuple[Grounding, list[Scored]]:
        """Score the candidate answer sentences and decide whether the evidence answers."""
        scored = score_sentences(question, passages, self.sentence_embedder)
        scored, unmet = anchored(question, scored)
        scored = rerank(question, language, scored)
        unmet = unmet or unmet_answer_type(question, language, scored, self.retriever.lexical)
        feats = evidence_features(
            question, language, passages, scored, self.embedders, self.retriever.lexical
        )
        ids = {name: emb.id for name, emb in self.embedders.items()}
        return decide(feats, ids, self.settings.min_score, unmet), scored

    def _refusal(
        self,
        question: str,
        language: str,
        passages: list[Passage],
        grounding: Grounding,
        timings: dict[str, float],
        t0: float,
    ) -> Answer:
        related: list[Passage] = []  # the three best documents, each by its best passage
        for p in passages:
            if len(related) < 3 and all(p.doc_id != r.doc_id for r in related):
                related.append(p)
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


def _turns(pairs: list[tuple[str, str]]) -> list[Turn]:
    """(question, answer) pairs as turns, each question's own follow-up resolved in order."""
    turns: list[Turn] = []
    for question, answer in pairs:
        standalone = condense(question, detect_language(question), turns)
        turns.append(Turn(question, standalone, answer, ()))
    return turns


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
