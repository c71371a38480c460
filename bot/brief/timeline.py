"""The timeline: dated events taken from the sentences of passages.

An event is a sentence that states a date, with the date at the precision the words give
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). A sentence whose date comes from context ("Ese
mismo mes…", "El 8 de enero…" after a sentence that gave the year) takes it from the
previous dated sentence of the same passage, and is quoted from that sentence on, so that
every event's text states its date. The publication date is never used, and a date that no
sentence states is never made up.

A sentence is one event, however many dates it states: it is dated by the first date it
states (the main clause of news prose comes first; later dates are usually background,
deadlines or a second step: "…desaparecida en Aruba en 2005", "…plazo hasta el 13 de marzo"),
made more precise by a later date of the same period ("In 2023 … on 20 September 2023" is
2023-09-20). A year that is part of a name ("Censos Nacionales 2017", "the Foreign
Assistance Act of 1961", "la Constitución de 1993", "the 1823 Monroe Doctrine") dates the
sentence only when it states no other date. The same sentence in several passages (chunks
overlap) is one event too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.types import Passage
from ingest.text import about_the_text, find_dates, month_number, resolve_date, tokenize
from ingest.text.sentences import sentence_spans

MIN_EVENT_CHARS = 20
"""Shorter sentences (list fragments, captions) are not events."""
NEAR_DUPLICATE = 0.4
"""Word-set Jaccard above which two events of the same date in different documents are one
(both set from the dev split by ``bench/brief_params.py``, docs/BENCHMARKS.md)."""


@dataclass(frozen=True)
class Event:
    """A dated sentence: ``text`` is the sentence as quoted (with the sentence that gives
    its date when the date comes from context), a verbatim slice of the passage."""

    date: str
    sentence: str
    text: str
    passage: Passage


def events_of(passage: Passage) -> list[Event]:
    """The dated events of a passage, in the order of its text (one a sentence)."""
    languages = (passage.language,) if passage.language in ("es", "en") else ("es", "en")
    return [
        Event(date, sentence, quote, passage)
        for date, sentence, quote in dated_sentences(passage.text, languages)  # type: ignore[arg-type]
    ]


@lru_cache(maxsize=4096)
def dated_sentences(text: str, languages: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """``(date, sentence, quote)`` of each dated sentence of a text, one a sentence (cached:
    passages recur across briefs)."""
    spans = sentence_spans(text)
    mentions = find_dates(text, languages)
    events: list[tuple[str, str, str]] = []
    context: str | None = None
    anchor = 0  # the sentence that stated the context date
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        stated: list[_Stated] = []
        for mention in (m for m in mentions if start <= m.start < end):
            date = resolve_date(mention, context)
            if date is None:
                continue
            from_context = mention.date is None
            quote_from = spans[anchor][0] if from_context else start
            if not from_context:
                anchor = i
            context = date
            name = mention.text.isdigit() and _year_of_a_name(sentence, mention.start - start)
            stated.append(_Stated(date, quote_from, name))
        if stated and len(sentence) >= MIN_EVENT_CHARS and not about_the_text(sentence):
            chosen = sentence_date(stated)
            events.append((chosen.date, sentence, text[chosen.quote_from : end]))
    return tuple(events)


@dataclass(frozen=True)
class _Stated:
    date: str
    quote_from: int
    name: bool  # a year that is part of a name


def sentence_date(stated: list[_Stated]) -> _Stated:
    """The one date of a sentence among those it states, in order: the first that is not a
    name's year (or the first, when all are), made more precise by the most precise later
    date within its period."""
    first = next((s for s in stated if not s.name), stated[0])
    within = [s for s in stated if s.date.startswith(first.date + "-")]
    return max(within, key=lambda s: len(s.date), default=first)


_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][\w.-]*"
_BEFORE_NAME_YEAR = re.compile(rf"\S\s+({_NAME_WORD})\s+(?:(?:de|del|of)\s+)?$")
_ARTICLE_YEAR = re.compile(r"\b(?:the|el|la|los|las)\s+$", re.IGNORECASE)


def _year_of_a_name(sentence: str, at: int) -> bool:
    """Whether the year at ``at`` belongs to a name: right after a capitalised word that
    does not open the sentence and is not a month ("Nacionales 2017", "Act of 1961"), or
    between an article and a capitalised word ("the 1823 Monroe Doctrine")."""
    before = _BEFORE_NAME_YEAR.search(sentence[:at])
    if before and not month_number(before[1]):
        return True
    after = sentence[at + 4 : at + 6]
    return bool(_ARTICLE_YEAR.search(sentence[:at])) and after[:1] == " " and after[1:].isupper()


def in_range(date: str, since: str | None, until: str | None) -> bool:
    """Whether a date (at any precision) may fall between ``since`` and ``until`` (each
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive): "2023" is within "since 2023-06"."""
    if since and date < since[: len(date)]:
        return False
    return not (until and date[: len(until)] > until)


def timeline(
    passages: list[Passage], since: str | None = None, until: str | None = None
) -> list[list[Event]]:
    """The events of the passages between ``since`` and ``until``, sorted by date; each item
    is one event, with the same event in other documents merged into it. A sentence gives
    one event: met again (in an overlapping passage, or repeated by another document), it
    keeps the date of its first passage."""
    merged: list[list[Event]] = []
    for passage in passages:
        for event in events_of(passage):
            if not in_range(event.date, since, until):
                continue
            same = next((group for group in merged if _same_event(group, event)), None)
            if same is None:
                merged.append([event])
            elif all(e.passage.doc_id != event.passage.doc_id for e in same):
                same.append(event)
    return sorted(merged, key=lambda group: group[0].date)


def date_stated(date: str, text: str) -> bool:
    """Whether ``text`` states ``date``: its year, its month (by name or number) and its day."""
    parts = date.split("-")
    if parts[0] not in text:
        return False
    if len(parts) > 1:
        month = int(parts[1])
        named = any(month_number(w) == month for w in re.findall(r"\w+", text))
        if not named and not re.search(rf"\b0?{month}[/.-]|-{parts[1]}-", text):
            return False
    return len(parts) < 3 or bool(re.search(rf"\b0?{int(parts[2])}\b", text))


def _same_event(group: list[Event], b: Event) -> bool:
    """Whether ``b`` is the event of ``group``: one of its sentences (or, within a
    document, a sentence containing it or contained in it, as chunk edges cut them), or a
    sentence of another document with the same date and mostly the same words."""
    for a in group:
        if a.sentence == b.sentence:
            return True
        same_doc = a.passage.doc_id == b.passage.doc_id
        if same_doc and (a.sentence in b.sentence or b.sentence in a.sentence):
            return True
    a = group[0]
    if a.date != b.date or a.passage.doc_id == b.passage.doc_id:
        return False
    ta, tb = set(tokenize(a.sentence)), set(tokenize(b.sentence))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > NEAR_DUPLICATE
