"""The timeline: dated events taken from the sentences of passages.

An event is a sentence that states a date, with the date at the precision the words give
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). A sentence whose date comes from context ("Ese
mismo mes…", "El 8 de enero…" after a sentence that gave the year) takes it from the
previous dated sentence of the same passage, and is quoted from that sentence on, so that
every event's text states its date. The publication date is never used, and a date that no
sentence states is never made up.
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
    """The dated events of a passage, in the order of its text (one per sentence and date)."""
    languages = (passage.language,) if passage.language in ("es", "en") else ("es", "en")
    return [
        Event(date, sentence, quote, passage)
        for date, sentence, quote in dated_sentences(passage.text, languages)  # type: ignore[arg-type]
    ]


@lru_cache(maxsize=4096)
def dated_sentences(text: str, languages: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """``(date, sentence, quote)`` of each dated sentence of a text (cached: passages recur
    across briefs)."""
    spans = sentence_spans(text)
    mentions = find_dates(text, languages)
    events: list[tuple[str, str, str]] = []
    context: str | None = None
    anchor = 0  # the sentence that stated the context date
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        seen: set[str] = set()
        for mention in (m for m in mentions if start <= m.start < end):
            date = resolve_date(mention, context)
            if date is None:
                continue
            from_context = mention.date is None
            quote_from = spans[anchor][0] if from_context else start
            if not from_context:
                anchor = i
            context = date
            usable = len(sentence) >= MIN_EVENT_CHARS and not about_the_text(sentence)
            if usable and date not in seen:
                seen.add(date)
                events.append((date, sentence, text[quote_from:end]))
    return tuple(_most_precise(events))


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
    is one event, with the same event in other documents merged into it."""
    merged: list[list[Event]] = []
    for passage in passages:
        for event in events_of(passage):
            if not in_range(event.date, since, until):
                continue
            same = next((group for group in merged if _same_event(group[0], event)), None)
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


def _most_precise(events: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Of the dates of one sentence, those no other date of it makes more precise ("2023"
    beside "2023-09-20")."""
    return [
        (date, sentence, quote)
        for date, sentence, quote in events
        if not any(s == sentence and d != date and d.startswith(date) for d, s, _ in events)
    ]


def _same_event(a: Event, b: Event) -> bool:
    if a.date != b.date:
        return False
    if a.passage.chunk_id == b.passage.chunk_id:
        return a.sentence == b.sentence
    ta, tb = set(tokenize(a.sentence)), set(tokenize(b.sentence))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > NEAR_DUPLICATE
