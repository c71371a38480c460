"""Ranking the candidate sentences by what the question asks for (the evidence score is not
touched: only the order in which the composer picks sentences moves)."""

from __future__ import annotations

from dataclasses import replace

from bot.answer.compose import Scored
from bot.answer.constraints import answer_type, states_kind
from ingest.text import anchors

ANSWER_BONUS = 0.15
"""Ranking bonus of a sentence that states what the question asks for: a quantity next to
the counted thing, or a year or number the question names (about half the spread of the
sentence similarities between a passage's best and worst sentences)."""


def rerank(question: str, language: str, scored: list[Scored]) -> list[Scored]:
    """Candidate sentences re-ordered so that those stating what the question asks for come
    first: a sentence stating the kind of fact asked (see :func:`answer_type`: a number next
    to the counted thing in the question's language, a percentage, a duration, a name), and
    one naming a year or other number the question names. Acronyms, which usually name the
    topic (DEA, OTAN) rather than the fact asked, give no bonus. The evidence score is
    unchanged; only the order of the sentences moves."""
    wanted = {a for a in anchors(question) if a.isdigit()}
    kind = answer_type(question)
    if not wanted and kind is None:
        return scored
    states = states_kind(question, kind)
    out = []
    for s in scored:
        bonus = 0.0
        same = s.passage.language == language
        if kind is not None and (same or kind != "quantity") and states(s.sentence, same):
            bonus += ANSWER_BONUS
        if wanted and wanted & anchors(s.sentence):
            bonus += ANSWER_BONUS * len(wanted & anchors(s.sentence)) / len(wanted)
        out.append(replace(s, bonus=bonus) if bonus else s)
    return sorted(out, key=lambda s: -s.rank_score)
