"""The Brief page: a topic, optional event-date bounds, language and source types; the
cited brief (:mod:`ui.briefs`) and its Markdown and PDF export. Below it, what changed since
a date (optionally on a topic): the digest (:mod:`ui.digests`), grouped and cited."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from bot.errors import BotError
from bot.strings import (
    BRIEF_ALL,
    BRIEF_BUTTON,
    BRIEF_LANGUAGE,
    BRIEF_LANGUAGE_AUTO,
    BRIEF_PAGE,
    BRIEF_PERIOD_HELP,
    BRIEF_SINCE,
    BRIEF_SPINNER,
    BRIEF_TOPIC,
    BRIEF_TOPIC_PLACEHOLDER,
    BRIEF_TYPES,
    BRIEF_UNTIL,
    DIGEST_BUTTON,
    DIGEST_SECTION,
    DIGEST_SINCE,
    DIGEST_SPINNER,
    DIGEST_TOPIC,
    language_label,
    source_type_label,
)
from ingest.errors import IngestError
from ingest.text import detect_language
from ingest.types import SOURCE_TYPES
from ui import shared
from ui.briefs import render_brief
from ui.digests import render_digest

AUTO = "auto"
DIGEST_DAYS = 30
"""The digest's default period: the last month."""


def form() -> bool:
    """The topic and its options; True when the button was pressed."""
    with st.form("brief-form", border=False, enter_to_submit=True):
        st.text_input(BRIEF_TOPIC, placeholder=BRIEF_TOPIC_PLACEHOLDER, key="b_topic")
        with st.container(horizontal=True, gap="small"):
            st.text_input(BRIEF_SINCE, placeholder="2024", help=BRIEF_PERIOD_HELP, key="b_since")
            st.text_input(BRIEF_UNTIL, placeholder="2025-06", help=BRIEF_PERIOD_HELP, key="b_until")
        with st.container(horizontal=True, gap="small"):
            st.selectbox(
                BRIEF_LANGUAGE,
                [AUTO, "es", "en"],
                format_func=lambda v: BRIEF_LANGUAGE_AUTO if v == AUTO else language_label(v),
                key="b_lang",
            )
            st.multiselect(
                BRIEF_TYPES,
                list(SOURCE_TYPES),
                format_func=source_type_label,
                placeholder=BRIEF_ALL,
                key="b_types",
            )
        return st.form_submit_button(BRIEF_BUTTON, icon=":material/summarize:", type="primary")


def build() -> None:
    """Build the brief the form asks for and keep it; errors become a message."""
    topic = (st.session_state.get("b_topic") or "").strip()
    if not topic:
        return
    lang = st.session_state.get("b_lang", AUTO)
    try:
        with st.spinner(BRIEF_SPINNER):
            st.session_state.brief = shared.brief(
                topic,
                since=st.session_state.get("b_since") or None,
                until=st.session_state.get("b_until") or None,
                language=None if lang == AUTO else lang,
                source_types=st.session_state.get("b_types") or (),
            )
    except ValueError as err:
        st.error(str(err), icon=":material/event_busy:")
    except (IngestError, BotError) as err:
        st.error(str(err), icon=":material/error:")


def digest_form() -> bool:
    """The digest's date and optional topic; True when its button was pressed."""
    with st.form("digest-form", border=False, enter_to_submit=True):
        with st.container(horizontal=True, gap="small"):
            st.date_input(
                DIGEST_SINCE,
                value=dt.date.today() - dt.timedelta(days=DIGEST_DAYS),
                max_value=dt.date.today(),
                format="YYYY-MM-DD",
                key="d_since",
            )
            st.text_input(DIGEST_TOPIC, placeholder=BRIEF_TOPIC_PLACEHOLDER, key="d_topic")
        return st.form_submit_button(DIGEST_BUTTON, icon=":material/update:")


def digest() -> None:
    """Build the digest the form asks for and keep it with its language."""
    topic = (st.session_state.get("d_topic") or "").strip() or None
    chosen = st.session_state.get("b_lang", AUTO)
    language = chosen if chosen != AUTO else (detect_language(topic) if topic else "es")
    try:
        with st.spinner(DIGEST_SPINNER):
            st.session_state.digest = (shared.digest(st.session_state.d_since, topic), language)
    except (IngestError, BotError) as err:
        st.error(str(err), icon=":material/error:")


def main() -> None:
    """The Brief page."""
    shared.narrow_page()
    st.title(BRIEF_PAGE, anchor=False, icon=":material/summarize:")
    if form():
        st.session_state.pop("brief", None)
        build()
    if st.session_state.get("brief") is not None:
        render_brief(st.session_state.brief, key="page")
    st.divider()
    st.subheader(DIGEST_SECTION, anchor=False)
    if digest_form():
        st.session_state.pop("digest", None)
        digest()
    if st.session_state.get("digest") is not None:
        render_digest(*st.session_state.digest)


main()
