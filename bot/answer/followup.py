"""Rewriting a follow-up question into a standalone query.

Without an LLM, briefbot uses a documented heuristic: a question that reads as a follow-up
(it starts with "and"/"y", or refers back with a pronoun or demonstrative such as "eso", "su",
"it", "that", "they", or it is short and brings no subject of its own) gets the *key terms* of the
previous standalone question appended: its content words (stop words and question words
removed), original spelling kept. A question that stands on its own is left unchanged: a short
question that names its own subject ("What is the capital of Australia?", "¿Qué es el
VRAEM?") or uses a word the index has never seen ("What is photosynthesis?") is asked as it
is, so an off-topic question in a conversation stays off-topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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


def names_its_subject(question: str) -> bool:
    """Whether a question names something of its own: a capitalised word or an acronym after
    its first word ("Australia", "VRAEM", "DEA")."""
    words = re.findall(r"[\w'-]+", question)
    return any(w[:1].isupper() for w in words[1:])


def is_followup(question: str, language: str, known: Callable[[str], bool] | None = None) -> bool:
    """Whether a question needs its antecedent to be understood.

    Args:
        question: the question as asked.
        language: its language.
        known: whether the index has a (folded) word at all; a short question with a word it
            has never seen introduces a new subject.
    """
    words = re.findall(r"\w+", fold(question))
    if _STARTS_AS_FOLLOWUP.search(question):
        return True
    content = [t for t in tokenize(question) if t not in _QUESTION_WORDS]
    refers = _REFERS_BACK["es"] | _REFERS_BACK["en"]
    if any(w in refers for w in words) and len(content) <= 6:
        return True
    if len(content) > 2 or names_its_subject(question):
        return False
    return known is None or all(known(t) for t in content)


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


def condense(
    question: str,
    language: str,
    history: list[Turn],
    known: Callable[[str], bool] | None = None,
) -> str:
    """A standalone version of ``question`` given the conversation so far (``known``: see
    :func:`is_followup`)."""
    if not history or not is_followup(question, language, known):
        return question
    previous = history[-1].standalone
    own = set(tokenize(question))
    carried = [w for w in key_terms(previous) if tokenize(w)[0] not in own]
    if not carried:
        return question
    return f"{question} ({' '.join(carried)})"
