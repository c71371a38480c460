"""The chat page: ask in Spanish or English, read a cited answer; filters in the sidebar.

A message that asks for a brief ("brief me on …", "informe sobre …":
:func:`bot.brief.intent.brief_topic`) is answered with the brief, drawn as on the Brief page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import streamlit as st

from bot.brief.intent import brief_topic
from bot.conversations import ConversationStore
from bot.errors import BotError
from bot.filters import Filters
from bot.strings import (
    BRIEF_SPINNER,
    EXAMPLES,
    PLACEHOLDER,
    PRODUCT,
    TAGLINE,
    language_label,
    source_type_label,
)
from bot.types import Answer
from ingest.errors import IngestError
from ingest.text import detect_language
from ingest.types import SOURCE_TYPES
from ui import shared
from ui.answers import escape_markdown, render_answer, render_question
from ui.briefs import BriefTurn, render_brief

USER_AVATAR = ":material/person:"
BOT_AVATAR = ":material/travel_explore:"


@dataclass(frozen=True)
class Turn:
    """One exchange of the conversation: the answer (it carries the question) and its filters."""

    answer: Answer
    filters: str = ""


def new_conversation() -> None:
    """Forget the turns and the engine-side conversation."""
    st.session_state.turns = []
    st.session_state.conversation_id = ConversationStore.new_id()


def clear_filters() -> None:
    """Reset every filter widget."""
    st.session_state.f_from = None
    st.session_state.f_to = None
    st.session_state.f_types = []
    st.session_state.f_langs = []


def pick_example() -> None:
    """An example chip was clicked: ask it on this run."""
    st.session_state.pending_question = st.session_state.example
    st.session_state.example = None


def sidebar() -> Filters:
    """The sidebar: new conversation and the retrieval filters."""
    with st.sidebar:
        st.button(
            "Nueva conversación · New chat",
            icon=":material/add_comment:",
            on_click=new_conversation,
            width="stretch",
        )
        st.subheader("Filtros · Filters", divider="gray")
        oldest = dt.date(1950, 1, 1)
        date_from = st.date_input(
            "Desde · From", value=None, min_value=oldest, key="f_from", format="YYYY-MM-DD"
        )
        date_to = st.date_input(
            "Hasta · To", value=None, min_value=oldest, key="f_to", format="YYYY-MM-DD"
        )
        types = st.multiselect(
            "Tipo de fuente · Source type",
            list(SOURCE_TYPES),
            format_func=source_type_label,
            placeholder="Todos · All",
            key="f_types",
        )
        langs = st.pills(
            "Idioma de la fuente · Source language",
            ["es", "en"],
            selection_mode="multi",
            format_func=language_label,
            key="f_langs",
        )
        filters = Filters.build(
            date_from.isoformat() if isinstance(date_from, dt.date) else None,
            date_to.isoformat() if isinstance(date_to, dt.date) else None,
            types,
            langs,
        )
        if not filters.is_empty():
            st.button(
                "Quitar filtros · Clear", icon=":material/filter_alt_off:", on_click=clear_filters
            )
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            st.warning("La fecha inicial es posterior a la final · From is after To")
    return filters


def describe(filters: Filters) -> str:
    """A short label of the active filters (empty when none)."""
    parts = []
    if filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or '…'} → {filters.date_to or '…'}")
    parts += [source_type_label(t) for t in filters.source_types]
    parts += [language_label(code) for code in filters.languages]
    return ", ".join(parts)


def header() -> None:
    """Product name, one line on what it does, and the index size (or why the API cannot
    give it: then nothing else can be asked)."""
    st.title(PRODUCT, anchor=False, icon=":material/travel_explore:")
    st.caption(TAGLINE)
    try:
        docs, chunks = shared.index_size()
    except (BotError, IngestError) as err:
        st.error(str(err), icon=":material/cloud_off:")
        st.stop()
    with st.container(horizontal=True, gap="small"):
        shared.size_badges(docs, chunks)
    if not docs:
        st.info(
            "El índice está vacío: añada documentos en la Biblioteca · "
            "The index is empty: add documents in the Library",
            icon=":material/inbox:",
        )
        st.page_link(
            shared.LIBRARY_PAGE, label="Biblioteca · Library", icon=":material/library_books:"
        )


def examples() -> None:
    """Example questions as chips, for an empty conversation."""
    st.space("small")
    st.pills(
        "Pruebe con · Try",
        EXAMPLES,
        key="example",
        on_change=pick_example,
    )


def render_turn(number: int, turn: Turn | BriefTurn) -> None:
    """A past exchange; its answer sits in a container keyed ``answer-<number>``."""
    if isinstance(turn, BriefTurn):
        render_brief_turn(number, turn)
        return
    answer = turn.answer
    with st.chat_message("user", avatar=USER_AVATAR):
        render_question(answer.question, answer.standalone_question, answer.language)
    with st.chat_message("assistant", avatar=BOT_AVATAR), st.container(key=f"answer-{number}"):
        render_answer(answer)
        if turn.filters:
            st.caption(f":material/filter_alt: Filtros · Filters: {turn.filters}")


def render_brief_turn(number: int, turn: BriefTurn) -> None:
    """A past request for a brief and the brief."""
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(escape_markdown(turn.question))
    with st.chat_message("assistant", avatar=BOT_AVATAR), st.container(key=f"answer-{number}"):
        render_brief(turn.brief, key=f"chat-{number}")
        if turn.filters:
            st.caption(f":material/filter_alt: Filtros · Filters: {turn.filters}")


def brief_now(question: str, topic: str, filters: Filters) -> None:
    """Build the brief a message asks for (in the message's language, of the source types
    the sidebar selects), then keep the exchange (drawn in full on rerun)."""
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant", avatar=BOT_AVATAR):
        try:
            with st.spinner(BRIEF_SPINNER):
                brief = shared.brief(
                    topic,
                    language=detect_language(question),
                    source_types=filters.source_types,
                )
        except (IngestError, BotError) as err:
            st.error(str(err), icon=":material/error:")
            return
    st.session_state.turns.append(BriefTurn(question, brief, describe(filters)))
    st.rerun()


def text_pieces(items: Iterator[str | Answer], final: list[Answer]) -> Iterator[str]:
    """The text pieces of an engine stream, shown literally; the final Answer goes to ``final``."""
    for item in items:
        if isinstance(item, Answer):
            final.append(item)
        elif item:
            yield escape_markdown(item)


def answer_now(question: str, filters: Filters) -> None:
    """Stream the answer as it is written, then keep the exchange (drawn in full on rerun).

    Errors become a message, not a traceback.
    """
    with st.chat_message("user", avatar=USER_AVATAR):
        st.markdown(escape_markdown(question))
    final: list[Answer] = []
    with st.chat_message("assistant", avatar=BOT_AVATAR):
        try:
            items = shared.stream(question, filters, st.session_state.conversation_id)
            pieces = text_pieces(items, final)
            with st.spinner("Buscando en las fuentes… / Searching the sources…"):
                first = next(pieces, None)
            if first is not None:
                st.write_stream(chain([first], pieces))
        except (IngestError, BotError) as err:
            st.error(str(err), icon=":material/error:")
            return
    answer = final[-1]  # the engine's stream always ends with the Answer
    st.session_state.turns.append(Turn(answer, describe(filters)))
    st.session_state.conversation_id = answer.conversation_id or st.session_state.conversation_id
    st.rerun()


def main() -> None:
    """The chat page."""
    st.session_state.setdefault("turns", [])
    if not st.session_state.get("conversation_id"):
        st.session_state.conversation_id = ConversationStore.new_id()
    shared.narrow_page()
    filters = sidebar()
    question = st.chat_input(PLACEHOLDER, key="question")
    question = (question or st.session_state.pop("pending_question", None) or "").strip()
    header()
    if not st.session_state.turns and not question:
        examples()
    for number, turn in enumerate(st.session_state.turns, start=1):
        render_turn(number, turn)
    topic = brief_topic(question) if question else None
    if topic:
        brief_now(question, topic, filters)
    elif question:
        answer_now(question, filters)


main()
