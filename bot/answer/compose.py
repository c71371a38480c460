"""The extractive composer: an answer made only of sentences of retrieved passages.

Sentences are scored by their similarity to the question (the first configured embedder,
which is multilingual), by how many of the question's content words they contain, and by
the rank of their passage. The best 2-5 are kept, grouped by passage, each followed by the
number of the citation whose ``quote`` contains it verbatim (checked by
:mod:`bot.answer.verify`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer.render import claims_text
from bot.strings import say
from bot.types import Citation, Claim, Passage, citation_for
from ingest.embedders import Embedder
from ingest.text import quotable_sentences, tokenize

MIN_SENTENCE_CHARS = 30
MAX_SENTENCES = 5
MIN_SENTENCES = 2
PASSAGES_CONSIDERED = 4


@dataclass(frozen=True)
class Scored:
    """A candidate answer sentence."""

    sentence: str
    passage: Passage
    position: int
    score: float
    similarity: float
    overlap: float
    quote: str = ""
    """The sentence as quoted: with the sentence it leans on, when it leans on one."""

    @property
    def quoted(self) -> str:
        """What the answer quotes for this sentence."""
        return self.quote or self.sentence


def score_sentences(question: str, passages: list[Passage], embedder: Embedder) -> list[Scored]:
    """Every usable sentence of the top passages, scored against the question.

    A sentence quoted with the one it leans on ("It was inaugurated in June 2023…") is scored
    as that quote: its similarity is the better of its own and its antecedent's, and its word
    overlap is the quote's, so the sentence that completes a matching one can open the answer
    (no extra embedding: the antecedent is a candidate too)."""
    items: list[tuple[str, Passage, int, str, int | None]] = []
    for p in passages[:PASSAGES_CONSIDERED]:
        previous: int | None = None
        for i, q in enumerate(quotable_sentences(p.text)):
            if len(q.sentence) < MIN_SENTENCE_CHARS:
                previous = None
                continue
            antecedent = previous if q.quote != q.sentence else None
            items.append((q.sentence, p, i, q.quote, antecedent))
            previous = len(items) - 1
    if not items:
        return []
    qvec = embedder.encode([question], kind="query")[0]
    svecs = embedder.encode([item[0] for item in items], kind="passage")
    sims = svecs @ qvec
    qtokens = set(tokenize(question))
    effective: list[float] = []  # a chain of leaning sentences carries its first one's match
    for (_, _, _, _, antecedent), own in zip(items, sims, strict=True):
        effective.append(
            float(own) if antecedent is None else max(float(own), effective[antecedent])
        )
    out = []
    for (sentence, passage, pos, quote, _), sim in zip(items, effective, strict=True):
        overlap = len(qtokens & set(tokenize(quote))) / len(qtokens) if qtokens else 0.0
        prior = 0.05 * (PASSAGES_CONSIDERED - passage.rank + 1) / PASSAGES_CONSIDERED
        score = sim + 0.25 * overlap + prior
        out.append(Scored(sentence, passage, pos, score, sim, overlap, quote=quote))
    out.sort(key=lambda s: -s.score)
    return out


def select_sentences(scored: list[Scored], *, margin: float = 0.12) -> list[Scored]:
    """The best sentence of the best-ranked passage first (retrieval's order is kept), then
    the sentences close to the best one (2-5 in all, no repeats)."""
    if not scored:
        return []
    top_rank = min(s.passage.rank for s in scored)
    first = max((s for s in scored if s.passage.rank == top_rank), key=lambda s: s.score)
    best = max(s.score for s in scored)
    chosen: list[Scored] = [first]
    seen: list[set[str]] = [set(tokenize(first.sentence))]
    for s in scored:
        if len(chosen) >= MAX_SENTENCES:
            break
        if len(chosen) >= MIN_SENTENCES and s.score < best - margin:
            break
        if s is first or any(s.quoted in c.quoted or c.quoted in s.quoted for c in chosen):
            continue  # a sentence and the same sentence quoted with the one before it
        tokens = set(tokenize(s.sentence))
        if any(len(tokens & t) / max(1, len(tokens | t)) > 0.6 for t in seen):
            continue
        chosen.append(s)
        seen.append(tokens)
    return chosen


@dataclass(frozen=True)
class Composed:
    """An extractive answer: its text, its claims, their citations and the sentences used."""

    text: str
    claims: list[Claim]
    citations: list[Citation]
    chosen: list[Scored]


def compose(language: str, scored: list[Scored]) -> Composed:
    """The answer made of the best sentences, grouped by passage in retrieval order.

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
    claims: list[Claim] = []
    span: tuple[str, int, int] | None = None  # chunk, start, end of the last claim's quote
    for s in ordered:
        n = numbers[s.passage.chunk_id]
        if len(citations) < n:
            citations.append(citation_for(n, s.passage))
        start = s.passage.text.find(s.quoted)
        end = start + len(s.quoted)
        if span and start >= 0 and span[0] == s.passage.chunk_id and start < span[2]:
            # this quote repeats the end of the last one (a sentence quoted with the one it
            # leans on, which was chosen too): one claim, one verbatim slice
            span = (span[0], span[1], max(end, span[2]))
            claims[-1] = Claim(text=s.passage.text[span[1] : span[2]], citations=[n])
            continue
        span = (s.passage.chunk_id, start, end) if start >= 0 else None
        claims.append(Claim(text=s.quoted, citations=[n]))
    other = any(c.language and c.language != language for c in citations)
    lead = say("lead_other_language" if other else "lead", language)
    return Composed(claims_text(lead, claims), claims, citations, chosen)
