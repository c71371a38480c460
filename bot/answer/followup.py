"""Rewriting a follow-up question into a standalone query.

Without an LLM, briefbot uses a documented heuristic: a question that reads as a follow-up
(it is short, or starts with "and"/"y", or refers back with a pronoun or demonstrative such as
"eso", "su", "it", "that", "they") gets the *key terms* of the previous standalone question
appended: its content words (stop words and question words removed), original spelling kept.
A question that stands on its own is left unchanged.
"""

from __future__ import annotations

import re

from bot.conversations import Turn
from ingest.text import fold, tokenize

_REFERS_BACK = {
    "es": {
        "eso",
        "esto",
        "ello",
        "esa",
        "ese",
        "esas",
        "esos",
        "esta",
        "este",
        "estas",
        "estos",
        "dicho",
        "dicha",
        "dichos",
        "dichas",
        "su",
        "sus",
        "alli",
        "ahi",
        "aquel",
        "aquella",
        "mismo",
        "misma",
        "entonces",
    },
    "en": {
        "it",
        "its",
        "that",
        "this",
        "those",
        "these",
        "they",
        "them",
        "their",
        "there",
        "he",
        "she",
        "his",
        "her",
        "then",
        "same",
        "such",
    },
}
_STARTS_AS_FOLLOWUP = re.compile(r"^\W*(y|e|and|also|what about|and what|y qué|¿y)\b", re.I)
_QUESTION_WORDS = {
    "que",
    "cual",
    "cuales",
    "cuando",
    "donde",
    "como",
    "quien",
    "quienes",
    "cuanto",
    "cuanta",
    "cuantos",
    "cuantas",
    "what",
    "which",
    "when",
    "where",
    "how",
    "who",
    "whom",
    "whose",
    "many",
    "much",
    "did",
    "does",
    "according",
    "segun",
}


def is_followup(question: str, language: str) -> bool:
    """Whether a question needs its antecedent to be understood."""
    words = re.findall(r"\w+", fold(question))
    if _STARTS_AS_FOLLOWUP.search(question):
        return True
    content = [t for t in tokenize(question) if t not in _QUESTION_WORDS]
    if len(content) <= 2:
        return True
    refers = _REFERS_BACK["es"] | _REFERS_BACK["en"]
    return any(w in refers for w in words) and len(content) <= 6


def key_terms(text: str) -> list[str]:
    """Content words of a question in their original spelling, in order, without repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for word in re.findall(r"[\w'-]+", text):
        folded = tokenize(word)
        if not folded or folded[0] in _QUESTION_WORDS or folded[0] in seen:
            continue
        seen.add(folded[0])
        out.append(word)
    return out


def condense(question: str, language: str, history: list[Turn]) -> str:
    """A standalone version of ``question`` given the conversation so far."""
    if not history or not is_followup(question, language):
        return question
    previous = history[-1].standalone
    own = set(tokenize(question))
    carried = [w for w in key_terms(previous) if tokenize(w)[0] not in own]
    if not carried:
        return question
    return f"{question} ({' '.join(carried)})"
