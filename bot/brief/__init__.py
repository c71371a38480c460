"""Briefs: a cited brief on a topic (key points, a dated timeline, actors and places,
sources and coverage), one job per module:

- :mod:`bot.brief.timeline`: dated events from the sentences of passages;
- :mod:`bot.brief.points`: diverse key points, verbatim and verified;
- :mod:`bot.brief.groups`: the key points' sub-topics (the names they share);
- :mod:`bot.brief.actors`: the people, organisations and places the passages name;
- :mod:`bot.brief.gazetteer`: country, region and language names, and demonyms;
- :mod:`bot.brief.coverage`: what the cited documents cover and what is missing;
- :mod:`bot.brief.brief`: the :class:`Brief` (the JSON contract) and :func:`build_brief`;
- :mod:`bot.brief.render`: the brief as Markdown with numbered references;
- :mod:`bot.brief.pdf`: the brief as PDF (fpdf2);
- :mod:`bot.brief.digest`: what the index gained since a date, by topic and place;
- :mod:`bot.brief.evaluate`: timeline precision/recall and document recall on golden sets.
"""

from bot.brief.brief import Brief, build_brief, check_period
from bot.brief.render import brief_markdown

__all__ = ["Brief", "brief_markdown", "build_brief", "check_period"]
