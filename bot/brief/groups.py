"""Sub-topics of a brief's key points: points that name the same person, organisation or
place go under that name.

A point's names are those its quotes name inside their sentences (:func:`bot.brief.actors.
names_in`; demonyms and language names left out, accents and case folded). A name is a
sub-topic when at least two points name it and not all of them do, and the topic does not
name it (it would head everything). Sub-topics are taken greedily: the name of the most
points still ungrouped first (ties: the one the best-ranked point names first), until no
name gathers two ungrouped points; the rest are "other points". The points are grouped
only when there are at least two sub-topics; names are the headings, so they read the same
in either language (the "other points" heading is in the brief's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.brief.actors import names_in
from bot.brief.gazetteer import is_demonym
from ingest.text import fold, split_sentences

MIN_GROUP = 2
"""Points a sub-topic gathers at least (one point is no group)."""
MIN_GROUPS = 2
"""Sub-topics a brief needs for its points to be grouped at all ("several sub-topics")."""


def point_names(texts: Sequence[str]) -> dict[str, str]:
    """The names a point's quotes use: folded name → the name as first written."""
    names: dict[str, str] = {}
    for text in texts:
        for sentence in split_sentences(text):
            for name in names_in(sentence):
                if " " in name or not is_demonym(name):
                    names.setdefault(fold(name), name)
    return names


def group_points(topic: str, points: Sequence[Sequence[str]]) -> list[str | None]:
    """A heading for each point (its quotes' texts, best point first), ``None`` for the
    points of no sub-topic; all ``None`` when there are fewer than two sub-topics."""
    names = [point_names(texts) for texts in points]
    in_topic = set(re.findall(r"\w+", fold(topic)))
    headings: list[str | None] = [None] * len(points)
    while True:
        counts: dict[str, list[int]] = {}
        for i, found in enumerate(names):
            if headings[i] is None:
                for name in found:
                    counts.setdefault(name, []).append(i)
        everywhere = {n for n in counts if all(n in found for found in names)}
        candidates = [
            (name, members)
            for name, members in counts.items()
            if len(members) >= MIN_GROUP
            and name not in everywhere
            and not set(name.split()) <= in_topic
        ]
        if not candidates:
            break
        name, members = max(candidates, key=lambda c: (len(c[1]), -c[1][0]))
        heading = names[members[0]][name]
        for i in members:
            headings[i] = heading
    if len({h for h in headings if h is not None}) < MIN_GROUPS:
        return [None] * len(points)
    return headings


def grouped_order(headings: Sequence[str | None]) -> list[int]:
    """Point indexes with each sub-topic's points together, sub-topics in the order of their
    best point, the ungrouped points last (each group best first)."""
    first: dict[str | None, int] = {}
    for i, heading in enumerate(headings):
        first.setdefault(heading, i)
    return sorted(
        range(len(headings)),
        key=lambda i: (headings[i] is None, first[headings[i]], i),
    )
