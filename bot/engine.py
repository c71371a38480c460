"""The answer engine: one pipeline from a question to a composed, verified, cited answer.

``stream`` runs the steps (standalone question, retrieval, answerability, composition,
verification) and yields the text as it is written, then the :class:`~bot.types.Answer`,
built once; ``ask`` is the same pipeline with the pieces dropped. With an LLM configured the
pieces are the model's raw reply; on any LLM failure the extractive composer answers from the
same passages (nothing is retrieved twice).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from bot.answer.answerability import Decision, decide, evidence_features, model_for
from bot.answer.compose import Scored, compose, score_sentences
from bot.answer.domain import DomainStats, measure, probe_questions
from bot.answer.encoder_cache import CachedEncoder
from bot.answer.followup import condense, is_followup
from bot.answer.llm import LLMComposer, LLMError
from bot.answer.outcome import Body, build_answer
from bot.answer.retrieve import Retriever
from bot.answer.verify import verify_quotes
from bot.conversations import ConversationStore, Turn
from bot.filters import Filters
from bot.types import Answer, Passage
from ingest.config import Settings
from ingest.embedders import Embedder
from ingest.lexical import LexicalIndex
from ingest.text import detect_language


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
        lexical: LexicalIndex | None = None,
    ) -> None:
        """Wire the engine; use :func:`bot.factory.get_engine` rather than calling this."""
        self.settings = settings
        self.retriever = retriever
        self.embedders = embedders
        self.conversations = conversations
        self.lexical = lexical
        first = next(iter(embedders.values()))
        self.sentence_embedder = first if isinstance(first, CachedEncoder) else CachedEncoder(first)
        self._llm: LLMComposer | None = None
        self._llm_error: str | None = None
        self._domain: tuple[tuple[int, str | None], DomainStats] | None = None
        self._probe_vectors: dict[str, Any] | None = None
        self._domain_lock = threading.Lock()

    def warm(self) -> Engine:
        """Load what the first question would otherwise wait for (the models' sessions,
        Chroma's indexes, the lexical index) by running one search; returns the engine."""
        if self.count():
            self.retriever.search("¿Qué pasó en Piura? What happened in Piura?", "es", k=1)
            self.domain()
        else:
            for embedder in self.embedders.values():
                embedder.encode(["¿Qué pasó en Piura?"], kind="query")
        return self

    def count(self) -> int:
        """Chunks in the index."""
        return self.retriever.count()

    @property
    def embedder_ids(self) -> list[str]:
        """The ids of the configured embedders."""
        return [e.id for e in self.embedders.values()]

    @property
    def llm(self) -> LLMComposer | None:
        """The LLM composer when one is configured and could be created."""
        if self.settings.answer.llm == "none" or self._llm_error:
            return None
        if self._llm is None:
            try:
                self._llm = LLMComposer(self.settings, self.sentence_embedder)
            except LLMError as err:
                self._llm_error = str(err)
                return None
        return self._llm

    def search(self, query: str, *, k: int | None = None, filters: Filters | None = None) -> Search:
        """The passages retrieval finds for a query, without composing an answer."""
        query = query.strip()
        language = detect_language(query)
        return Search(query, language, self._retrieve(query, language, k, filters))

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
        carries the id to pass with the next question. ``history`` gives the earlier
        (question, answer) pairs directly instead (stateless clients); it wins over a stored
        conversation.
        """
        items = self.stream(
            question, k=k, filters=filters, conversation_id=conversation_id, history=history
        )
        answer = [item for item in items if isinstance(item, Answer)]
        return answer[-1]

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
        keeps only verified sentences); without one, the answer's text is one piece.
        """
        t0 = time.perf_counter()
        question = question.strip()
        language = detect_language(question)
        standalone, prefer = self._standalone(question, language, conversation_id, history)
        timings: dict[str, float] = {}
        passages = self._retrieve(standalone, language, k, filters, prefer)
        timings["retrieve"] = _ms(t0)
        body: Body | None = None
        if not passages:
            empty = self.count() == 0
            why = "the index is empty" if empty else "no passage matched the filters"
            decision = Decision("none", why, 0.0, 0.0)
        else:
            t1 = time.perf_counter()
            decision, scored = self.assess(standalone, language, passages)
            timings["assess"] = _ms(t1)
            if decision.evidence == "answer":
                t1 = time.perf_counter()
                body = yield from self._compose(standalone, language, passages, scored)
                timings["compose"] = _ms(t1)
                if body is None:
                    why = f"no sentence of the retrieved passages could be cited; {decision.reason}"
                    decision = Decision("related", why, decision.on_topic, decision.answered)
        timings["total"] = _ms(t0)
        answer = build_answer(
            question,
            standalone,
            conversation_id,
            language,
            decision,
            body,
            passages,
            timings,
            index_empty=not passages and self.count() == 0,
        )
        self._record(answer, standalone)
        if body is None or not body.streamed:
            yield answer.answer
        yield answer

    def assess(
        self, question: str, language: str, passages: list[Passage]
    ) -> tuple[Decision, list[Scored]]:
        """Score the candidate answer sentences and decide what the evidence is."""
        scored = score_sentences(question, passages, self.sentence_embedder)
        model = model_for(self.embedder_ids) or {}
        feats = evidence_features(
            question,
            language,
            passages,
            scored,
            list(self.embedders),
            self.domain(),
            model.get("answer_sentence"),
        )
        decision = decide(feats, self.embedder_ids, self.settings.answer.min_score)
        return decision, scored

    def domain(self) -> DomainStats:
        """How close off-topic probe questions come to this index (measured once per index
        generation; see :mod:`bot.answer.domain`)."""
        key = (self.count(), self.lexical.loaded_generation if self.lexical else None)
        with self._domain_lock:
            if self._domain is None or self._domain[0] != key:
                if self._probe_vectors is None:
                    probes = list(probe_questions())
                    self._probe_vectors = {
                        name: emb.encode(probes, kind="query")
                        for name, emb in self.embedders.items()
                    }
                self._domain = (key, measure(self.retriever.best_similarity, self._probe_vectors))
            return self._domain[1]

    def _compose(
        self, question: str, language: str, passages: list[Passage], scored: list[Scored]
    ) -> Generator[str, None, Body | None]:
        """The answer body: the LLM's (its raw pieces are yielded) or else the extractive one."""
        notes: list[str] = []
        pieces: list[str] = []
        llm = self.llm
        if llm is not None:
            try:
                for piece in llm.stream(question, language, passages):
                    pieces.append(piece)
                    yield piece
                checked = llm.finish("".join(pieces), passages)
                body = Body(checked.text, checked.claims, checked.citations, llm.name)
                body.streamed = True
                if checked.removed:
                    body.notes.append(f"{checked.removed} unsupported sentence(s) removed")
                if checked.rematched:
                    body.notes.append(
                        f"{checked.rematched} sentence(s) re-cited to their best passage"
                    )
                return body
            except Exception as err:
                notes.append(f"LLM failed ({type(err).__name__}: {err}); extractive answer instead")
        elif self.settings.answer.llm != "none" and self._llm_error:
            notes.append(f"LLM unavailable ({self._llm_error}); extractive answer instead")
        extractive = self._extractive(language, scored)
        if extractive is not None:
            extractive.notes.extend(notes)
            extractive.streamed = bool(pieces)  # the raw pieces went out; the Answer corrects them
        return extractive

    def _extractive(self, language: str, scored: list[Scored]) -> Body | None:
        composed = compose(language, scored)
        if not composed.citations or not verify_quotes(composed.claims, composed.citations):
            return None
        return Body(composed.text, composed.claims, composed.citations, "extractive")

    def _standalone(
        self,
        question: str,
        language: str,
        conversation_id: str | None,
        history: list[tuple[str, str]] | None,
    ) -> tuple[str, frozenset[str]]:
        """The question as it stands on its own, and, for a follow-up, the documents the
        previous answer cited (the conversation's subject)."""
        lexical = self.lexical
        known = (lambda token: lexical.share(token) > 0) if lexical is not None else None
        turns: list[Turn] = []
        if history is not None:
            for q, a in history:
                turns.append(Turn(q, condense(q, detect_language(q), turns, known), a, ()))
        elif conversation_id:
            turns = self.conversations.history(conversation_id)
        if not turns or not is_followup(question, language, known):
            return question, frozenset()
        subject = frozenset(turns[-1].cited_docs)
        llm = self.llm
        if llm is not None:
            try:
                return llm.condense(question, [(t.standalone, t.answer) for t in turns]), subject
            except Exception:
                pass
        return condense(question, language, turns, known), subject

    def _record(self, answer: Answer, standalone: str) -> None:
        if answer.conversation_id:
            cited = tuple(c.doc_id for c in answer.citations)
            turn = Turn(answer.question, standalone, answer.answer, cited)
            self.conversations.append(answer.conversation_id, turn)

    def _retrieve(
        self,
        question: str,
        language: str,
        k: int | None,
        filters: Filters | None,
        prefer: frozenset[str] = frozenset(),
    ) -> list[Passage]:
        return self.retriever.search(
            question,
            language,
            k=k or self.settings.retrieval.top_k,
            max_per_doc=self.settings.retrieval.max_per_doc,
            filters=filters,
            prefer_docs=prefer,
        )


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
