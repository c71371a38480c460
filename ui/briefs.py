"""How a brief looks, on the Brief page and in the chat: lead, key points with their
markers, the dated timeline, actors and places as quiet badges, the coverage line, the
numbered source cards (:func:`ui.answers.render_source`), and export buttons: Markdown
(:func:`bot.brief.render.brief_markdown`) and PDF (:func:`bot.brief.pdf.brief_pdf`, built
only when the button is pressed).

A topic the corpus does not cover (``evidence == "none"``), or a period in which no source
dates an event, is a warning and its reason, nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import streamlit as st

from bot.brief import Brief, brief_markdown
from bot.brief.brief import NameCount
from bot.brief.pdf import brief_pdf
from bot.brief.render import coverage_line, point_groups
from bot.strings import say
from ui.answers import escape_markdown, render_reason_text, render_source

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class BriefTurn:
    """A chat message that asked for a brief, and the brief (defined here, not in the chat
    page's script, so that the class stays the same across reruns)."""

    question: str
    brief: Brief
    filters: str = ""


def markers(numbers: list[int]) -> str:
    """Citation markers as bold blue Markdown: ``**:blue[\\[1\\]]**``."""
    return " ".join(f"**:blue[\\[{n}\\]]**" for n in numbers)


def quotes_by_citation(brief: Brief) -> dict[int, list[str]]:
    """The words each citation number backs, from the key points and the timeline."""
    quotes: dict[int, list[str]] = {}
    for item in [*brief.points, *brief.timeline]:
        for q in item.quotes:
            quotes.setdefault(q.n, []).append(q.text)
    return quotes


def is_empty(brief: Brief) -> bool:
    """A brief with nothing to show: the corpus does not cover the topic, or not the period."""
    return brief.evidence == "none" or not (brief.points or brief.timeline)


def file_name(brief: Brief, suffix: str = "md") -> str:
    """``brief-<topic>.md`` (or ``.pdf``), the topic as a short ASCII slug."""
    slug = _SLUG.sub("-", brief.topic.lower()).strip("-")[:60].strip("-")
    return f"brief-{slug or 'topic'}.{suffix}"


def render_points(brief: Brief) -> None:
    """The key points as bullets, each with its markers, under their sub-topics' headings
    when they have several."""
    st.markdown(f"##### {say('points', brief.language)}")
    for heading, points in point_groups(brief):
        if heading:
            st.markdown(f"**{escape_markdown(heading)}**")
        st.markdown(
            "\n".join(f"- {escape_markdown(p.text)} {markers(p.citations)}" for p in points)
        )


def render_timeline(brief: Brief) -> None:
    """The dated events: the date in bold, the event sentence, its markers."""
    st.markdown(f"##### {say('timeline', brief.language)}")
    st.markdown(
        "\n".join(
            f"- **{e.date}** — {escape_markdown(' '.join(e.text.split()))} {markers(e.citations)}"
            for e in brief.timeline
        )
    )


def render_names(key: str, names: list[NameCount], language: str) -> None:
    """Actors or places as quiet badges: the name and how many sources name it."""
    st.markdown(f"##### {say(key, language)}")
    icon = ":material/person:" if key == "actors" else ":material/place:"
    with st.container(horizontal=True, gap="small"):
        for n in names:
            st.badge(f"{n.name} · {n.sources}", icon=icon, color="gray")


def render_brief(brief: Brief, key: str) -> None:
    """The whole brief; ``key`` keeps its download button apart from other briefs'."""
    lang = brief.language
    st.markdown(f"#### {say('brief_title', lang)}: {escape_markdown(brief.topic)}")
    if is_empty(brief):
        st.warning(brief.lead, icon=":material/search_off:")
        render_reason_text(brief.reason, lang)
        return
    st.caption(brief.lead)
    if brief.points:
        render_points(brief)
    if brief.timeline:
        render_timeline(brief)
    for names_key, names in (("actors", brief.actors), ("places", brief.places)):
        if names:
            render_names(names_key, names, lang)
    st.markdown(f"##### {say('sources', lang)}")
    st.caption(f":material/fact_check: {say('coverage', lang)}: {coverage_line(brief)}")
    quotes = quotes_by_citation(brief)
    for c in brief.citations:
        render_source(c, quotes.get(c.n, []), lang)
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            say("export_markdown", lang),
            brief_markdown(brief),
            file_name=file_name(brief),
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
            key=f"export-{key}",
        )
        st.download_button(
            say("export_pdf", lang),
            partial(brief_pdf, brief),
            file_name=file_name(brief, "pdf"),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            key=f"export-pdf-{key}",
        )
