"""briefbot's Streamlit UI: the entry point (``briefbot ui``) with three pages: Chat, Brief, Library.

Every page is a client of the HTTP API (:mod:`ui.shared`): the API process owns the index,
or, when no API is configured, the same app runs in this process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.strings import BRIEF_PAGE as BRIEF_TITLE
from ui.shared import BRIEF_PAGE, CHAT_PAGE, FILTER_KEYS, LIBRARY_PAGE, apply_style


def keep_filters() -> None:
    """Widget state is dropped when a page does not draw the widget: keep the filters."""
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def main() -> None:
    """Set up the page and run the selected one."""
    st.set_page_config(
        page_title="briefbot",
        page_icon=":material/travel_explore:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    apply_style()
    keep_filters()
    page = st.navigation(
        [
            st.Page(CHAT_PAGE, title="Chat", icon=":material/forum:", default=True),
            st.Page(BRIEF_PAGE, title=BRIEF_TITLE, icon=":material/summarize:", url_path="brief"),
            st.Page(
                LIBRARY_PAGE,
                title="Biblioteca · Library",
                icon=":material/library_books:",
                url_path="library",
            ),
        ]
    )
    page.run()


main()
