"""What every page shares: the process-wide engine, the index size, the style sheet."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from bot.brief import Brief, build_brief
from bot.engine import Engine
from bot.factory import get_engine
from bot.filters import Filters
from bot.library import Library
from bot.types import Answer
from ingest.config import get_settings

STYLE = Path(__file__).with_name("style.css")
CHAT_PAGE = Path(__file__).with_name("chat_page.py")
LIBRARY_PAGE = Path(__file__).with_name("library_page.py")
BRIEF_PAGE = Path(__file__).with_name("brief_page.py")
FILTER_KEYS = ("f_from", "f_to", "f_types", "f_langs")
"""Session keys of the chat page's filter widgets (kept across page switches by ``ui/app.py``)."""


@st.cache_resource(show_spinner="Cargando modelos e índice… / Loading models and index…")
def _engine_for(index: str) -> Engine:
    return get_engine().warm()


def engine() -> Engine:
    """The engine of the configured index, built once per server process."""
    settings = get_settings()
    return _engine_for(
        f"{settings.index.chroma_url or settings.index.data_dir.resolve()}::{settings.index.collection}"
    )


def library() -> Library:
    """The document library of the configured index."""
    return Library(get_settings())


def ask(question: str, filters: Filters, conversation_id: str | None) -> Answer:
    """Ask the engine, continuing the conversation when the engine supports conversations."""
    eng = engine()
    kwargs: dict[str, Any] = {}
    if "conversation_id" in inspect.signature(eng.ask).parameters:
        kwargs["conversation_id"] = conversation_id
    return eng.ask(question, filters=filters, **kwargs)


def stream(question: str, filters: Filters, conversation_id: str | None) -> Iterator[str | Answer]:
    """Text pieces of the answer as the engine writes them, then the final Answer.

    An engine that cannot stream (a test double) gives its whole answer as one piece.
    """
    eng = engine()
    if not hasattr(eng, "stream"):
        answer = ask(question, filters, conversation_id)
        return iter([answer.answer, answer])
    return eng.stream(question, filters=filters, conversation_id=conversation_id)


def brief(
    topic: str,
    *,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    source_types: Sequence[str] = (),
) -> Brief:
    """The brief on ``topic`` from the configured index (:func:`bot.brief.build_brief`).

    Raises:
        ValueError: a ``since``/``until`` that cannot be read.
    """
    return build_brief(
        engine(), topic, since=since, until=until, language=language, source_types=source_types
    )


def index_size() -> tuple[int, int]:
    """Documents and chunks in the index (read from the manifest: cheap)."""
    docs = library().documents()
    return len(docs), sum(d.chunks for d in docs)


def apply_style() -> None:
    """Load the style sheet (small touches: quotes, highlights, spacing)."""
    st.html(f"<style>{STYLE.read_text(encoding='utf-8')}</style>")


def narrow_page(rem: int = 62) -> None:
    """A readable line length for this page, in the wide layout the Library page needs."""
    st.html(
        "<style>.stMainBlockContainer, [data-testid='stBottomBlockContainer'] "
        f"{{ max-width: {rem}rem; }}</style>"
    )


def size_badges(docs: int, chunks: int) -> None:
    """Index size as two quiet badges."""
    st.badge(f"{docs} documentos · documents", icon=":material/description:", color="gray")
    st.badge(f"{chunks} fragmentos · chunks", icon=":material/segment:", color="gray")


def digest(since: Any, topic: str | None = None) -> Any:
    """What the index gained since ``since`` (a :class:`datetime.date`), on ``topic`` when
    given: the :class:`bot.brief.digest.Digest` of :func:`bot.brief.digest.build_digest`."""
    from bot.brief.digest import build_digest

    return build_digest(engine(), since, topic)
