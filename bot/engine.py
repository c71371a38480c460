"""The answer engine: one pipeline from a question to a composed, verified, cited answer.

``stream`` runs the steps (standalone question, retrieval, answerability, composition,
verification) and yields the text as it is written, then the :class:`~bot.types.Answer`,
built once; ``ask`` is the same pipeline with the pieces dropped. With an LLM configured the
pieces are the model's raw reply; on any LLM failure the extractive composer answers from the
same passages (nothing is retrieved twice).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.answer.answerability import Grounding, decide, evidence_features
from bot.answer.compose import Scored, compose, score_sentences
from bot.answer.constraints import anchored, unmet_answer_type
from bot.answer.encoder_cache import CachedEncoder
from bot.answer.followup import condense, is_followup
from bot.answer.llm import LLMComposer, LLMError
from bot.answer.ranking import rerank
from bot.answer.retrieve import Retriever
from bot.answer.verify import verify_quotes
from bot.conversations import ConversationStore, Turn
from bot.filters import Filters
from bot.strings import say
from bot.types import Answer, Citation, Claim, Passage, passage_out
from ingest.config import Settings
from ingest.embedders import Embedder
from ingest.lexical import LexicalIndex
from ingest.text import detect_language

RELATED_DOCUMENTS = 3
"""Documents listed as related when the evidence does not answer."""


@dataclass(frozen=True)
class Search:
    """The passages retrieved for a query, best first."""

    query: str
    language: str
    passages: list[Passage]


@dataclass
class _Body:
    """A composed, verified answer body."""

    text: str
    claims: list[Claim]
    citations: list[Citation]
    backend: str
    notes: list[str] = field(default_factory=list)


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

    def warm(self) -> Engine:
        """Load what the first question would otherwise wait for (the models' sessions,
        Chroma's indexes, the lexical index) by running one search; returns the engine."""
        if self.count():
            self.retriever.search("¿Qué pasó en Piura? What happened in Piura?", "es", k=1)
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
        standalone = self._standalone(question, language, conversation_id, history)
        timings: dict[str, float] = {}
        passages = self._retrieve(standalone, language, k, filters)
        timings["retrieve"] = _ms(t0)
        streamed = False
        body: _Body | None = None
        if not passages:
            empty = self.count() == 0
            grounding = Grounding(
                False, "the index is empty" if empty else "no passage matched the filters", 0.0
            )
            text = say("empty_index" if empty else "no_evidence", language)
        else:
            t1 = time.perf_counter()
            grounding, scored = self.assess(standalone, language, passages)
            timings["assess"] = _ms(t1)
            if grounding.grounded:
                t1 = time.perf_counter()
                llm_notes: list[str] = []
                llm = self.llm
                if llm is not None:
                    pieces: list[str] = []
                    try:
                        for piece in llm.stream(standalone, language, passages):
                            pieces.append(piece)
                            streamed = True
                            yield piece
                        checked = llm.finish("".join(pieces), passages)
                        body = _Body(checked.text, checked.claims, checked.citations, llm.name)
                        if checked.removed:
                            body.notes.append(f"{checked.removed} unsupported sentence(s) removed")
                        if checked.rematched:
                            body.notes.append(
                                f"{checked.rematched} sentence(s) re-cited to their best passage"
                            )
                    except Exception as err:
                        llm_notes.append(
                            f"LLM failed ({type(err).__name__}: {err}); extractive answer instead"
                        )
                elif self.settings.answer.llm != "none" and self._llm_error:
                    llm_notes.append(
                        f"LLM unavailable ({self._llm_error}); extractive answer instead"
                    )
                if body is None:
                    body = self._extractive(language, scored)
                    if body is not None:
                        body.notes.extend(llm_notes)
                timings["compose"] = _ms(t1)
                if body is None:
                    grounding = Grounding(
                        False, "no sentence of the retrieved passages could be cited", 0.0
                    )
            text = body.text if body is not None else refusal_text(language, passages)
        timings["total"] = _ms(t0)
        if body is not None:
            answer = Answer(
                question=question,
                answer=body.text,
                language=language,
                grounded=True,
                reason="; ".join(n for n in (grounding.reason, *body.notes) if n),
                claims=body.claims,
                citations=body.citations,
                passages=[passage_out(p) for p in passages],
                backend=body.backend,
                standalone_question=standalone if standalone != question else None,
                conversation_id=conversation_id,
                timings_ms=timings,
            )
        else:
            answer = Answer(
                question=question,
                answer=text,
                language=language,
                grounded=False,
                reason=grounding.reason,
                passages=[passage_out(p) for p in related_documents(passages)],
                standalone_question=standalone if standalone != question else None,
                conversation_id=conversation_id,
                timings_ms=timings,
            )
        self._record(answer, standalone)
        if not streamed:
            yield answer.answer
        yield answer

    def assess(
        self, question: str, language: str, passages: list[Passage]
    ) -> tuple[Grounding, list[Scored]]:
        """Score the candidate answer sentences and decide whether the evidence answers."""
        scored = score_sentences(question, passages, self.sentence_embedder)
        scored, unmet = anchored(question, scored)
        scored = rerank(question, language, scored)
        unmet = unmet or unmet_answer_type(question, language, scored, self.lexical)
        feats = evidence_features(
            question, language, passages, scored, self.embedders, self.lexical
        )
        ids = {name: emb.id for name, emb in self.embedders.items()}
        return decide(feats, ids, self.settings.answer.min_score, unmet), scored

    def _extractive(self, language: str, scored: list[Scored]) -> _Body | None:
        composed = compose(language, scored)
        if not composed.citations or not verify_quotes(composed.claims, composed.citations):
            return None
        return _Body(composed.text, composed.claims, composed.citations, "extractive")

    def _standalone(
        self,
        question: str,
        language: str,
        conversation_id: str | None,
        history: list[tuple[str, str]] | None,
    ) -> str:
        turns: list[Turn] = []
        if history is not None:
            for q, a in history:
                turns.append(Turn(q, condense(q, detect_language(q), turns), a, ()))
        elif conversation_id:
            turns = self.conversations.history(conversation_id)
        if not turns:
            return question
        llm = self.llm
        if llm is not None and is_followup(question, language):
            try:
                return llm.condense(question, [(t.standalone, t.answer) for t in turns])
            except Exception:
                pass
        return condense(question, language, turns)

    def _record(self, answer: Answer, standalone: str) -> None:
        if answer.conversation_id:
            cited = tuple(c.doc_id for c in answer.citations)
            turn = Turn(answer.question, standalone, answer.answer, cited)
            self.conversations.append(answer.conversation_id, turn)

    def _retrieve(
        self, question: str, language: str, k: int | None, filters: Filters | None
    ) -> list[Passage]:
        return self.retriever.search(
            question,
            language,
            k=k or self.settings.retrieval.top_k,
            max_per_doc=self.settings.retrieval.max_per_doc,
            filters=filters,
        )


def refusal_text(language: str, passages: list[Passage]) -> str:
    """ "No evidence", then the related documents' titles."""
    lines = [say("no_evidence", language), "", say("related_heading", language)]
    return "\n".join(lines + [f"- {p.source.title}" for p in related_documents(passages)])


def related_documents(passages: list[Passage]) -> list[Passage]:
    """The best ``RELATED_DOCUMENTS`` documents, each by its best passage."""
    related: list[Passage] = []
    for p in passages:
        if len(related) < RELATED_DOCUMENTS and all(p.doc_id != r.doc_id for r in related):
            related.append(p)
    return related


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
