"""Key points: verified verbatim quotes from the passages retrieved for a topic.

Sentences are scored against the topic by :func:`bot.answer.compose.score_sentences` (in
batches of the passages it considers at a time, keeping the passages' retrieval ranks; past
the passages an answer reads, only a passage's first ``POINT_SENTENCES``), then
chosen so that the points span the documents: first the best sentence of each document, then
the best of the passages not used yet. No two points come from the same passage, and a
sentence that repeats a chosen one from another document is merged into it, with both
citations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from bot.answer.compose import PASSAGES_CONSIDERED, Scored, score_sentences
from bot.types import Passage
from ingest.embedders import Embedder
from ingest.text import quotable_sentences, tokenize

POINT_SENTENCES = 1
"""Sentences of a passage (its first ones) scored as key points, past the passages an
answer reads (whose sentences the answerability decision has scored already): every
sentence scored costs an embedding, and key points come from a passage's opening sentences.
Set from the dev split by ``bench/brief_params.py`` (docs/BENCHMARKS.md)."""
MAX_POINTS = 10
MIN_POINTS = 4
POINT_MARGIN = 0.4
"""A sentence scoring more than this below the best one is not a key point unless fewer than
``MIN_POINTS`` are close enough (the compose score: cosine + 0.25 word overlap + rank prior)."""
NEAR_DUPLICATE = 0.4
"""Word-set Jaccard above which two sentences from different documents say the same thing."""
SAME_STATEMENT = 0.75
"""Cosine (sentence embedder) above which two sentences say the same thing in any language
(0.82 between a sentence and its translation in the corpus's paired Spanish/English opinion
summaries, below 0.45 between different points on the same topic).

The three are set from the dev split by ``bench/brief_params.py`` (docs/BENCHMARKS.md)."""


@dataclass(frozen=True)
class Point:
    """A key point: its sentences, the first the point's text, each from its own document."""

    sentences: tuple[Scored, ...]

    @property
    def text(self) -> str:
        """The point as quoted (the first sentence, with its context)."""
        return self.sentences[0].quoted

    @property
    def passages(self) -> list[Passage]:
        """The passages the point cites, its own first."""
        return [s.passage for s in self.sentences]


def score_all(topic: str, passages: list[Passage], embedder: Embedder) -> list[Scored]:
    """The usable sentences of the passages (past the first ``PASSAGES_CONSIDERED``, their
    first ``POINT_SENTENCES``), scored against the topic, best first."""
    scored: list[Scored] = []
    for i in range(0, len(passages), PASSAGES_CONSIDERED):
        batch = passages[i : i + PASSAGES_CONSIDERED]
        if i:
            batch = [_opening(p, POINT_SENTENCES) for p in batch]
        scored.extend(score_sentences(topic, batch, embedder))
    whole = {p.chunk_id: p for p in passages}
    return sorted(
        (replace(s, passage=whole[s.passage.chunk_id]) for s in scored), key=lambda s: -s.score
    )


def _opening(passage: Passage, sentences: int) -> Passage:
    """The passage cut after its first ``sentences`` quotable sentences."""
    quotable = quotable_sentences(passage.text)
    if len(quotable) <= sentences:
        return passage
    last = quotable[sentences - 1]
    end = passage.text.find(last.quote) + len(last.quote)
    return replace(passage, text=passage.text[:end])


def choose_points(
    scored: list[Scored],
    vectors: dict[str, np.ndarray] | None = None,
    *,
    limit: int = MAX_POINTS,
    minimum: int = MIN_POINTS,
    margin: float | None = None,
) -> list[Point]:
    """Up to ``limit`` diverse points from scored sentences (best first), best first;
    ``vectors`` (sentence → unit vector) let a translation count as a repeat; ``margin``
    defaults to ``POINT_MARGIN``."""
    if not scored:
        return []
    margin = POINT_MARGIN if margin is None else margin
    best = scored[0].score
    close = [s for s in scored if s.score >= best - margin]
    firsts: dict[str, Scored] = {}
    for s in close:
        firsts.setdefault(s.passage.doc_id, s)
    first_ids = {id(s) for s in firsts.values()}
    # the best sentence of each document close to the best, then the rest in score order
    # (below the margin only while fewer than ``minimum`` points are chosen)
    ordered = list(firsts.values()) + [s for s in scored if id(s) not in first_ids]
    chosen: list[list[Scored]] = []
    used: set[str] = set()
    for s in ordered:
        if s.score < best - margin and len(chosen) >= minimum:
            break
        if s.passage.chunk_id in used:
            continue
        same = next((point for point in chosen if _repeats(point[0], s, vectors)), None)
        if same is not None:
            if all(other.passage.doc_id != s.passage.doc_id for other in same):
                same.append(s)
                used.add(s.passage.chunk_id)
            continue
        if len(chosen) < limit:
            chosen.append([s])
            used.add(s.passage.chunk_id)
    chosen.sort(key=lambda point: -point[0].score)
    return [Point(tuple(point)) for point in chosen]


def key_points(scored: list[Scored], embedder: Embedder) -> list[Point]:
    """The key points among scored sentences (:func:`choose_points`, with the sentences'
    vectors, which the scoring has just computed and the engine's encoder cache holds)."""
    sentences = list(dict.fromkeys(s.sentence for s in scored))
    vectors = dict(zip(sentences, embedder.encode(sentences, kind="passage"), strict=True))
    return choose_points(scored, vectors)


def _repeats(a: Scored, b: Scored, vectors: dict[str, np.ndarray] | None) -> bool:
    if a.quoted in b.quoted or b.quoted in a.quoted:
        return True
    known = vectors is not None and a.sentence in vectors and b.sentence in vectors
    if known and float(vectors[a.sentence] @ vectors[b.sentence]) >= SAME_STATEMENT:  # type: ignore[index]
        return True
    ta, tb = set(tokenize(a.sentence)), set(tokenize(b.sentence))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > NEAR_DUPLICATE
