"""A brief on a topic: key points, a dated timeline, actors and places, sources, coverage.

:func:`build_brief` retrieves more passages than an answer does (``BRIEF_PASSAGES``, at most
``BRIEF_PER_DOCUMENT`` a document), asks the engine's answerability decision whether the
corpus covers the topic at all (``none``: the brief says so and holds nothing else), and
builds every part from the same passages. ``since``/``until`` bound the *event* dates: the
timeline keeps the events in the period, and a passage whose events all fall outside it gives
no key point (passages without dated events still do). Each cited text is a verbatim slice
of the quote of the citation it names.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

from bot.answer.answerability import Decision
from bot.answer.compose import Scored
from bot.brief.actors import Named, count_names
from bot.brief.coverage import Coverage, coverage
from bot.brief.groups import group_points, grouped_order
from bot.brief.points import Point, key_points, score_all
from bot.brief.timeline import Event, events_of, in_range, timeline
from bot.filters import Filters
from bot.strings import say
from bot.types import Citation, Evidence, Passage, citation_for
from ingest.embedders import Embedder
from ingest.text import detect_language

BRIEF_PASSAGES = 13
"""Passages a brief reads (``ask`` reads the ``top_k`` setting, 6)."""
BRIEF_PER_DOCUMENT = 4
MAX_EVENTS = 10
"""Timeline events kept, those of the best-ranked passages first (then sorted by date)."""
EVENT_PASSAGE_SCORE = 2.0
"""Fused retrieval score (a z-score) a passage needs for its events to enter the timeline,
unless a key point cites it: the tail of the retrieved passages is about something else.

These four are set from the dev split by ``bench/brief_params.py`` (each the strictest value
that cites every expected document, docs/BENCHMARKS.md)."""
_PERIOD = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class Quote(BaseModel):
    """The words one citation backs: a verbatim slice of citation ``n``'s quote."""

    n: int
    text: str


class BriefPoint(BaseModel):
    """A key point: ``text`` is quoted from the first citation; ``quotes`` holds each
    citation's own words (the same point, merged from other documents); ``group`` is its
    sub-topic's heading when the points have several (:mod:`bot.brief.groups`)."""

    text: str
    citations: list[int]
    quotes: list[Quote]
    group: str | None = Field(
        None, description="Sub-topic heading (a name the group's points share); null: none."
    )


class BriefEvent(BaseModel):
    """A dated event: the date at the precision its text states it."""

    date: str
    text: str
    citations: list[int]
    quotes: list[Quote]


class NameCount(BaseModel):
    """A person, organisation or place, and how many sources name it."""

    name: str
    sources: int
    citations: list[int]


class Brief(BaseModel):
    """A cited brief on a topic, in the asker's language (quotes in their own)."""

    topic: str
    language: str
    lead: str
    since: str | None = None
    until: str | None = None
    points: list[BriefPoint] = Field(default_factory=list)
    timeline: list[BriefEvent] = Field(default_factory=list)
    actors: list[NameCount] = Field(default_factory=list)
    places: list[NameCount] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    evidence: Evidence = "none"
    reason: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)


class BriefEngine(Protocol):
    """What a brief needs of :class:`bot.engine.Engine`."""

    retriever: Any

    @property
    def sentence_embedder(self) -> Embedder:
        """The embedder that scores sentences."""

    def assess(
        self, question: str, language: str, passages: list[Passage]
    ) -> tuple[Decision, list[Scored]]: ...


def check_period(value: str | None) -> str | None:
    """A ``since``/``until`` bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        ValueError: any other form.
    """
    if value is None or not value.strip():
        return None
    if not _PERIOD.match(value.strip()):
        raise ValueError(f"cannot read the date '{value}' (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value.strip()


def build_brief(
    engine: BriefEngine,
    topic: str,
    *,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    source_types: Sequence[str] = (),
    places: tuple[str, ...] | list[str] = (),
) -> Brief:
    """The brief on ``topic`` from the engine's index.

    Args:
        engine: the engine (its retriever, answerability decision and sentence embedder).
        topic: what the brief is about, in Spanish or English.
        since: first event date kept (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
        until: last event date kept.
        language: the brief's language (headings, lead); default the topic's.
        source_types: only sources of these types.
        places: only sources that name one of these places.

    Raises:
        ValueError: a ``since``/``until`` that cannot be read.
    """
    t0 = time.perf_counter()
    since, until = check_period(since), check_period(until)
    topic = topic.strip()
    asked = detect_language(topic)
    language = language or asked
    filters = Filters.build(source_types=source_types, places=places)
    passages = engine.retriever.search(
        topic, asked, k=BRIEF_PASSAGES, max_per_doc=BRIEF_PER_DOCUMENT, filters=filters
    )
    common: dict[str, Any] = {"topic": topic, "language": language, "since": since, "until": until}
    if not passages:
        return Brief(**common, lead=say("brief_none", language), reason="no passage matched")
    decision, _ = engine.assess(topic, asked, passages)
    if decision.evidence == "none":
        return Brief(**common, lead=say("brief_none", language), reason=decision.reason)
    scored = score_all(topic, passages, engine.sentence_embedder)
    events = {p.chunk_id: events_of(p) for p in passages}
    dated = {p.chunk_id for p in passages if _in_period(events[p.chunk_id], since, until)}
    points = key_points(
        [s for s in scored if s.passage.chunk_id in dated], engine.sentence_embedder
    )
    headings = group_points(topic, [[s.quoted for s in point.sentences] for point in points])
    order = grouped_order(headings)
    points, headings = [points[i] for i in order], [headings[i] for i in order]
    cited = {p.chunk_id for point in points for p in point.passages}
    on_topic = [p for p in passages if p.score >= EVENT_PASSAGE_SCORE or p.chunk_id in cited]
    groups = sorted(timeline(on_topic, since, until), key=lambda g: g[0].passage.rank)
    groups = sorted(groups[:MAX_EVENTS], key=lambda g: g[0].date)
    numbers = _Numbers()
    brief_points = [_point(point, numbers, h) for point, h in zip(points, headings, strict=True)]
    brief_events = [_event(group, numbers) for group in groups]
    actors, named_places = count_names(numbers.passages)
    lead = say("brief_lead" if brief_points or brief_events else "brief_empty_range", language)
    return Brief(
        **common,
        lead=lead,
        points=brief_points,
        timeline=brief_events,
        actors=[_name(n, numbers) for n in actors],
        places=[_name(n, numbers) for n in named_places],
        citations=numbers.citations,
        coverage=coverage(numbers.citations, bool(brief_events), language),
        evidence=decision.evidence,
        reason=decision.reason,
        timings_ms={"total": round((time.perf_counter() - t0) * 1000, 1)},
    )


class _Numbers:
    """Citation numbers by passage, in the order the brief first cites them."""

    def __init__(self) -> None:
        self.by_chunk: dict[str, Citation] = {}
        self.passages: list[Passage] = []

    def of(self, passage: Passage) -> int:
        if passage.chunk_id not in self.by_chunk:
            self.by_chunk[passage.chunk_id] = citation_for(len(self.by_chunk) + 1, passage)
            self.passages.append(passage)
        return self.by_chunk[passage.chunk_id].n

    @property
    def citations(self) -> list[Citation]:
        return list(self.by_chunk.values())


def _in_period(events: list[Event], since: str | None, until: str | None) -> bool:
    return not events or any(in_range(e.date, since, until) for e in events)


def _point(point: Point, numbers: _Numbers, group: str | None) -> BriefPoint:
    quotes = [Quote(n=numbers.of(s.passage), text=s.quoted) for s in point.sentences]
    return BriefPoint(text=point.text, citations=[q.n for q in quotes], quotes=quotes, group=group)


def _event(group: list[Event], numbers: _Numbers) -> BriefEvent:
    quotes = [Quote(n=numbers.of(e.passage), text=e.text) for e in group]
    return BriefEvent(
        date=group[0].date, text=group[0].text, citations=[q.n for q in quotes], quotes=quotes
    )


def _name(named: Named, numbers: _Numbers) -> NameCount:
    cited = sorted({numbers.of(p) for p in named.passages})
    return NameCount(name=named.name, sources=named.sources, citations=cited)
