"""Verification: every claim of an answer is backed by the passage its citation quotes.

The extractive composer quotes sentences verbatim, so its check is exact
(:func:`verify_quotes`). A generated reply is checked sentence by sentence by the
:class:`Verifier`: a marker outside ``1..len(passages)`` is dropped; a marker whose passage
does not support the sentence (similarity and word overlap below the thresholds) is dropped;
a sentence left without a supported marker is matched to its best passage if that one supports
it, and removed otherwise. Citations are renumbered by first appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.types import Citation, Claim, Passage, citation_for
from ingest.embedders import Embedder
from ingest.text import split_reply, split_sentences, tokenize

SUPPORT_SIMILARITY = 0.55
"""Cosine (sentence, best sentence of the passage) above which a passage supports a claim."""
SUPPORT_OVERLAP = 0.5
"""Share of the claim's content words found in the passage above which it supports it."""

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def verify_quotes(claims: list[Claim], citations: list[Citation]) -> bool:
    """Every claim cites at least one citation, and each cited quote contains it verbatim."""
    by_n = {c.n: c for c in citations}
    return all(
        claim.citations and all(n in by_n and claim.text in by_n[n].quote for n in claim.citations)
        for claim in claims
    )


@dataclass(frozen=True)
class Checked:
    """The verified reply."""

    text: str
    claims: list[Claim]
    citations: list[Citation]
    removed: int
    rematched: int


class Verifier:
    """Checks that each sentence of a reply is supported by the passage it cites."""

    def __init__(self, embedder: Embedder) -> None:
        """Use ``embedder`` (multilingual) for sentence similarity."""
        self.embedder = embedder

    def support(self, claim: str, passage: Passage) -> float:
        """How well a passage supports a claim (0..1, higher is better)."""
        sentences = [s for s in split_sentences(passage.text) if len(s) > 10] or [passage.text]
        vecs = self.embedder.encode([claim, *sentences], kind="passage")
        similarity = float(np.max(vecs[1:] @ vecs[0]))
        words = set(tokenize(claim))
        overlap = len(words & set(tokenize(passage.text))) / len(words) if words else 0.0
        return max(similarity / SUPPORT_SIMILARITY, overlap / SUPPORT_OVERLAP) / 2

    def supports(self, claim: str, passage: Passage) -> bool:
        """True when the passage supports the claim."""
        return self.support(claim, passage) >= 0.5

    def check(self, reply: str, passages: list[Passage]) -> Checked:
        """Keep supported sentences with supported markers; renumber citations."""
        numbers: dict[int, int] = {}
        lines: list[str] = []
        kept_claims: list[tuple[str, list[int]]] = []
        removed = rematched = 0
        for sentence in split_reply(reply):
            claim = re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub("", sentence)).strip()
            if len(tokenize(claim)) < 2:
                continue
            cited = [int(n) for group in _MARKER.findall(sentence) for n in group.split(",")]
            kept = [
                n
                for n in dict.fromkeys(cited)
                if 1 <= n <= len(passages) and self.supports(claim, passages[n - 1])
            ]
            if not kept:
                best = max(range(len(passages)), key=lambda i: self.support(claim, passages[i]))
                if not self.supports(claim, passages[best]):
                    removed += 1
                    continue
                kept = [best + 1]
                rematched += 1
            new = [numbers.setdefault(n, len(numbers) + 1) for n in kept]
            kept_claims.append((claim, new))
            marks = "".join(f"[{n}]" for n in new)
            if claim[-1] in ".!?":
                lines.append(f"{claim[:-1]} {marks}{claim[-1]}")
            else:
                lines.append(f"{claim} {marks}")
        by_new = {new: old for old, new in numbers.items()}
        citations = [citation_for(new, passages[by_new[new] - 1]) for new in sorted(by_new)]
        claims = [Claim(text=text, citations=ns) for text, ns in kept_claims]
        return Checked(" ".join(lines), claims, citations, removed, rematched)
