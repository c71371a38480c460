"""The Brief page: a topic, optional event-date bounds, language and source types; the
cited brief (:mod:`ui.briefs`) and its Markdown export."""

from __future__ import annotations

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
    language_label,
    source_type_label,
)
from ingest.errors import IngestError
from ingest.types import SOURCE_TYPES
from ui import shared
from ui.briefs import render_brief

AUTO = "auto"


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


def main() -> None:
    """The Brief page."""
    shared.narrow_page()
    st.title(BRIEF_PAGE, anchor=False, icon=":material/summarize:")
    if form():
        st.session_state.pop("brief", None)
        build()
    if st.session_state.get("brief") is not None:
        render_brief(st.session_state.brief, key="page")


main()
