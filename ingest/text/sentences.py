"""Sentence splitting for passages and generated replies (one splitter for both)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"”»)]*)\s+(?=[\"“«(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


_ABBREVIATION = re.compile(
    r"(?:\b[A-Z][a-z]?|\b(?:EE|UU|Sr|Sra|Dr|Dra|Mr|Mrs|Ms|St|No|Nº|etc|vs|Art|Inc|Jr))\.$"
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage's prose (Markdown headings are left out)."""
    out: list[str] = []
    for block in re.split(r"\n+", text):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        block = re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", block)
        start = 0
        for m in _SENTENCE_END.finditer(block):
            if _ABBREVIATION.search(block, 0, m.start()):
                continue
            out.append(block[start : m.end(1)].strip())
            start = m.end()
        out.append(block[start:].strip())
    return [s for s in out if s]


def split_reply(reply: str) -> list[str]:
    """Sentences of a generated reply, whose citation markers may end a sentence."""
    text = re.sub(r"\s+", " ", reply).strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"“])|(?<=\])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])", text)
    return [p.strip() for p in parts if p.strip()]


_LEANS_BACK = re.compile(
    r"^[\"“«(¿¡]*"
    # an opening attribution does not change what the sentence leans on
    r"(?:(?:according to|según|de acuerdo con|in the words of)\b[^,]{1,80},\s*)?"
    r"(?:"
    # Spanish: demonstratives, pronouns, connectives that continue the previous sentence
    r"(?:est|es|aquel)(?:e|a|o|os|as)\b|ello\b|dich[oa]s?\b|ambo?s\b|amb[ao]s\b|"
    r"(?:los|las) (?:dos|tres|cuatro|cinco)\b|(?:el|la|lo|los|las) mism[oa]s?\b|"
    r"sus?\b|él\b|ellas?\b|ellos\b|allí\b|ahí\b|entonces\b|además\b|también\b|"
    r"sin embargo\b|por (?:ello|eso|esto)\b|así\b|tras (?:ello|eso)\b|"
    # a time counted from the sentence before ("Años después…", "Poco después…")
    r"(?:(?:\w+ )?(?:años|meses|semanas|días) (?:después|más tarde)|poco después|más tarde|"
    r"luego|desde entonces)\b|"
    # a Spanish passive or copula with its subject left out ("Fue inaugurado en 2023")
    r"(?:fue|fueron|era|eran|ha sido|han sido)\b|"
    # an object pronoun opening the sentence ("Le impusieron…", "Lo detuvieron…")
    r"(?-i:(?:Les?|Lo) (?!que\b|cual\b)(?=[a-záéíóúñ]))|"
    # English: the same kinds of words
    r"this\b|that\b|these\b|those\b|it\b|its\b|they\b|their\b|them\b|he\b|she\b|his\b|"
    r"her\b|both\b|the (?:two|three|four|five|latter|former|same)\b|such\b|there\b|"
    r"then\b|also\b|however\b|moreover\b|meanwhile\b|"
    r"(?:(?:\w+ )?(?:years|months|weeks|days) later|later(?=,| on\b)|soon after|shortly after(?:wards)?|"
    r"afterwards|since then)\b|"
    r"(?:in|by|during) (?:that|the same) (?:year|month|period)\b"
    r")",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    # a place, a time or a person named by the sentence before, anywhere in the sentence ("declared a
    # state of emergency there", "detuvo ese año a 40 personas"); existential "there is/was"
    # names nothing
    r"\b(?:"
    r"there\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|must|seems?|"
    r"appears?|remains?|exists?)\b)|"
    r"allí|ahí|allá|"
    # a person or group named before: personal pronouns anywhere ("On 11 July he told…")
    r"he|she|they|him|them|él|ellas?|ellos|"
    # Spanish object pronouns: "le"/"les" always stand for someone named before; "lo" too
    # unless it makes a phrase of its own ("lo que", "por lo tanto", "lo más")
    # (lower case: "Le Monde" is a name; a sentence opening with one is in _LEANS_BACK)
    r"(?-i:les?|(?<![Pp]or )lo(?!\s+(?:que|cual|más|menos|mismo|normal|general|largo)\b))|"
    r"(?:that|the same) (?:year|month|day|week|period|time)|"
    r"(?:ese|aquel|dicho|el mismo) (?:año|mes|día|periodo|período)|"
    r"(?:esa|aquella|dicha|la misma) (?:semana|fecha|época)"
    r")\b",
    re.IGNORECASE,
)
_ABOUT_THE_TEXT = re.compile(
    r"\b(?:(?:this|the present) (?:note|article|summary|brief|document|piece|overview)|"
    r"(?:esta|la presente) (?:nota|síntesis|ficha|reseña)|"
    r"(?:este|el presente) (?:artículo|resumen|documento|texto))\b",
    re.IGNORECASE,
)


def leans_back(sentence: str) -> bool:
    """Whether a sentence depends on the one before it to be understood: it opens with a
    demonstrative, a pronoun or a connective ("Ese año…", "The two provinces…", "They…"), or
    points back at a place or a time ("…declared a state of emergency there", "…ese año…")."""
    text = sentence.strip()
    return bool(_LEANS_BACK.match(text) or _POINTS_BACK.search(text))


def about_the_text(sentence: str) -> bool:
    """Whether a sentence speaks about the document itself ("This note summarises…",
    "Esta nota resume…") rather than about the world: never evidence."""
    return bool(_ABOUT_THE_TEXT.search(sentence))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of :func:`split_sentences` in ``text``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, pos)
        if at < 0:
            continue
        spans.append((at, at + len(sentence)))
        pos = at + len(sentence)
    return spans


MAX_ANTECEDENTS = 2
"""How many sentences back a quote may reach for the context a sentence leans on."""


@dataclass(frozen=True)
class Quotable:
    """A sentence of a passage and the verbatim slice that quotes it with its context."""

    sentence: str
    quote: str


def quotable_sentences(text: str) -> list[Quotable]:
    """The sentences of a passage and how each is quoted: a sentence that leans on the one
    before it (:func:`leans_back`) is quoted with it when both are in the same paragraph, and
    sentences about the document itself (:func:`about_the_text`) are left out. Every quote
    is a verbatim slice of ``text``."""
    spans = sentence_spans(text)
    leaning = [leans_back(text[a:b]) for a, b in spans]
    out: list[Quotable] = []
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if about_the_text(sentence):
            continue
        quote_start, j = start, i
        # back over the sentences it leans on: a chain ("Fue inaugurado…" after "Lo
        # construyó…") keeps going to a sentence that stands on its own, within the paragraph
        while j and j > i - MAX_ANTECEDENTS and leaning[j]:
            prev_start, prev_end = spans[j - 1]
            between = text[prev_end : spans[j][0]]
            if "\n" in between or about_the_text(text[prev_start:prev_end]):
                break
            quote_start, j = prev_start, j - 1
        out.append(Quotable(sentence, text[quote_start:end]))
    return out
