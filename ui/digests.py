"""How a digest looks on the Brief page: one heading per topic and place, a line per new
document (its title, why it is new, its most informative sentence and its marker), the
numbered source cards (:func:`ui.answers.render_source`) and an export-as-Markdown button
(:func:`bot.brief.render.digest_markdown`)."""

from __future__ import annotations

import streamlit as st

from bot.brief.digest import Digest, DigestEntry
from bot.brief.render import digest_markdown
from bot.strings import say
from ui.answers import escape_markdown, render_source
from ui.briefs import markers


def entry_line(entry: DigestEntry, language: str) -> str:
    """``- **Title** (added to the index, published 2025-01-10): sentence [1]``."""
    why = []
    if "ingested" in entry.new_because:
        why.append(say("new_ingested", language))
    if "published" in entry.new_because:
        why.append(f"{say('new_published', language)} {entry.published}")
    sentence = escape_markdown(" ".join(entry.text.split()))
    return (
        f"- **{escape_markdown(entry.title)}** ({', '.join(why)}): {sentence} "
        f"{markers(entry.citations)}"
    )


def render_digest(digest: Digest, language: str) -> None:
    """The digest, grouped by topic and place, cited; a notice when nothing is new."""
    st.markdown(f"#### {say('digest_title', language)} {digest.since}")
    if not digest.groups:
        st.info(say("digest_none", language), icon=":material/event_available:")
        return
    for group in digest.groups:
        topic = group.topic or say("no_topic", language)
        place = group.place or say("no_place", language)
        st.markdown(f"##### {escape_markdown(topic)} · {escape_markdown(place)}")
        st.markdown("\n".join(entry_line(e, language) for e in group.entries))
    st.markdown(f"##### {say('sources', language)}")
    quotes = {q.n: q.text for g in digest.groups for e in g.entries for q in e.quotes}
    for c in digest.citations:
        render_source(c, [quotes[c.n]] if c.n in quotes else [], language)
    st.download_button(
        say("export_digest", language),
        digest_markdown(digest, language),
        file_name=f"digest-{digest.since}.md",
        mime="text/markdown",
        icon=":material/download:",
        on_click="ignore",
        key="export-digest",
    )
