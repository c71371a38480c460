"""The extractive composer: an answer made only of sentences of retrieved passages.

Sentences are scored by their similarity to the question (the first configured embedder,
which is multilingual), by how many of the question's content words they contain, and by
the rank of their passage. The best 2-5 are kept, grouped by passage, each followed by the
number of the citation whose ``quote`` contains it verbatim.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from bot.retrieve import split_sentences
from bot.types import Citation, Passage, citation_for
from ingest.embedders import Embedder
from ingest.lexical import tokenize

MIN_SENTENCE_CHARS = 30
MAX_SENTENCES = 5
MIN_SENTENCES = 2
PASSAGES_CONSIDERED = 4

LEAD = {
    "es": "Según las fuentes del corpus:",
    "en": "According to the sources in the corpus:",
}
LEAD_OTHER_LANGUAGE = {
    "es": "Según las fuentes del corpus (las citas en inglés se reproducen en su idioma original):",
    "en": "According to the sources in the corpus (quotes in Spanish are given in the original):",
}


class CachedEncoder:
    """An embedder that remembers the vectors of the texts it encoded (least recently used
    first out). Answer sentences come from passages that recur across questions, so most
    of a busy engine's sentence vectors are already known."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        """Wrap ``embedder``, keeping at most ``size`` vectors."""
        self.embedder = embedder
        self.id = embedder.id
        self.dim = embedder.dim
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every vector."""
        with self._lock:
            self._vectors.clear()

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Vectors of ``texts``; only the ones not seen before are computed."""
        known: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                vec = self._vectors.get((kind, text))
                if vec is not None:
                    known[text] = vec
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            for text, vec in zip(todo, self.embedder.encode(todo, kind=kind), strict=True):
                known[text] = vec
        with self._lock:
            for text in texts:
                self._vectors[(kind, text)] = known[text]
                self._vectors.move_to_end((kind, text))
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts]) if texts else np.zeros((0, 0))


@dataclass(frozen=True)
class Scored:
    """A candidate answer sentence."""

    sentence: str
    passage: Passage
    position: int
    score: float
    similarity: float
    overlap: float
    bonus: float = 0.0
    """Added for ranking only: the sentence states what the question asks for (see
    :func:`bot.grounding.rerank`)."""

    @property
    def rank_score(self) -> float:
        """The score the answer's sentences are chosen by."""
        return self.score + self.bonus


def score_sentences(question: str, passages: list[Passage], embedder: Embedder) -> list[Scored]:
    """Every usable sentence of the top passages, scored against the question."""
    items: list[tuple[str, Passage, int]] = []
    for p in passages[:PASSAGES_CONSIDERED]:
        for i, sentence in enumerate(split_sentences(p.text)):
            if len(sentence) >= MIN_SENTENCE_CHARS and sentence in p.text:
                items.append((sentence, p, i))
    if not items:
        return []
    qvec = embedder.encode([question], kind="query")[0]
    svecs = embedder.encode([s for s, _, _ in items], kind="passage")
    sims = svecs @ qvec
    qtokens = set(tokenize(question))
    out = []
    for (sentence, passage, pos), sim in zip(items, sims, strict=True):
        overlap = len(qtokens & set(tokenize(sentence))) / len(qtokens) if qtokens else 0.0
        prior = 0.05 * (PASSAGES_CONSIDERED - passage.rank + 1) / PASSAGES_CONSIDERED
        score = float(sim) + 0.25 * overlap + prior
        out.append(Scored(sentence, passage, pos, score, float(sim), overlap))
    out.sort(key=lambda s: -s.score)
    return out


def select_sentences(scored: list[Scored], *, margin: float = 0.12) -> list[Scored]:
    """The best sentence and those close to it (2-5, no repeats), in reading order."""
    if not scored:
        return []
    best = max(s.rank_score for s in scored)
    chosen: list[Scored] = []
    seen: list[set[str]] = []
    for s in scored:
        if len(chosen) >= MAX_SENTENCES:
            break
        if len(chosen) >= MIN_SENTENCES and s.rank_score < best - margin:
            break
        tokens = set(tokenize(s.sentence))
        if any(len(tokens & t) / max(1, len(tokens | t)) > 0.6 for t in seen):
            continue
        chosen.append(s)
        seen.append(tokens)
    return chosen


def compose(language: str, scored: list[Scored]) -> tuple[str, list[Citation], list[Scored]]:
    """Answer text with ``[n]`` markers, its citations, and the sentences used.

    Args:
        language: the asker's language (for the lead line).
        scored: the candidate sentences from :func:`score_sentences`.
    """
    chosen = select_sentences(scored)
    numbers: dict[str, int] = {}
    for s in sorted(chosen, key=lambda s: s.passage.rank):
        numbers.setdefault(s.passage.chunk_id, len(numbers) + 1)
    ordered = sorted(chosen, key=lambda s: (numbers[s.passage.chunk_id], s.position))
    citations: list[Citation] = []
    lines: list[str] = []
    for s in ordered:
        n = numbers[s.passage.chunk_id]
        if len(citations) < n:
            citations.append(citation_for(n, s.passage))
        lines.append(f"- {s.sentence} [{n}]")
    other = any(c.language and c.language != language for c in citations)
    lead = (LEAD_OTHER_LANGUAGE if other else LEAD).get(language, LEAD["en"])
    return lead + "\n\n" + "\n".join(lines), citations, chosen


def verify(text: str, citations: list[Citation]) -> bool:
    """Every ``- sentence [n]`` line cites a citation whose quote contains the sentence."""
    by_n = {c.n: c for c in citations}
    for line in text.splitlines():
        if not line.startswith("- "):
            continue
        body, _, marker = line[2:].rpartition(" [")
        n = int(marker.rstrip("]")) if marker.rstrip("]").isdigit() else -1
        if n not in by_n or body not in by_n[n].quote:
            return False
    return True
