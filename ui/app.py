"""briefbot chat page (Streamlit): ask in Spanish or English, read a cited answer.

Run with ``briefbot ui``. The engine comes from the same composition root as the API and is
built once per server process (``st.cache_resource``).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import Engine
from bot.factory import get_engine
from bot.types import Answer
from ingest.errors import IngestError

PLACEHOLDER = "Pregunte en español o en inglés… / Ask in Spanish or English…"


@st.cache_resource(show_spinner="Cargando modelos e índice… / Loading models and index…")
def engine() -> Engine:
    """The process-wide engine."""
    return get_engine()


def render_sources(answer: Answer) -> None:
    """Numbered sources under an answer: title, source, date and the quoted passage."""
    for c in answer.citations:
        meta = " · ".join(x for x in (c.source, c.source_type, c.published) if x)
        page = f" · p. {c.page}" if c.page else ""
        title = f"[{c.n}] {c.title}"
        with st.expander(title, expanded=False):
            st.caption(meta + page)
            if c.url:
                st.markdown(f"[{html.escape(c.url)}]({c.url})")
            st.markdown(f"> {c.quote}")


def render_answer(answer: Answer) -> None:
    """The answer text, then its sources or the reason it is not grounded."""
    if answer.grounded:
        st.markdown(answer.answer)
        st.markdown("**Fuentes / Sources**")
        render_sources(answer)
    else:
        st.warning(answer.answer)
        if answer.reason:
            st.caption(answer.reason)


def main() -> None:
    """The chat page."""
    st.set_page_config(page_title="briefbot", page_icon="🛰️", layout="wide")
    st.title("briefbot")
    st.caption("Seguridad Perú–EE. UU.–Ecuador · respuestas citadas / cited answers")
    if "history" not in st.session_state:
        st.session_state.history = []
    for question, answer in st.session_state.history:
        with st.chat_message("user"):
            st.markdown(question)
        with st.chat_message("assistant"):
            render_answer(answer)
    question = st.chat_input(PLACEHOLDER)
    if not question:
        return
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        try:
            with st.spinner("Buscando… / Searching…"):
                answer = engine().ask(question)
        except IngestError as err:
            st.error(str(err))
            return
        render_answer(answer)
    st.session_state.history.append((question, answer))


main()
