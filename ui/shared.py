"""What every page shares: the process's API client, the index size, the style sheet.

The pages are clients of the HTTP API (:class:`bot.client.BriefbotClient`): of the API at
``BRIEFBOT_API_URL`` (``briefbot run`` sets it) with the key ``BRIEFBOT_UI_API_KEY``, or,
when it is unset, of the same app in this process (:func:`bot.api.local_client`), so that
``briefbot ui`` also works alone. Only the API opens the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import streamlit as st

from bot.api import local_client
from bot.brief import Brief
from bot.brief.digest import Digest
from bot.client import BriefbotClient
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
def _client_for(api_url: str | None, api_key: str | None, index: str) -> BriefbotClient:
    if api_url:
        return BriefbotClient.connect(api_url, api_key)
    return BriefbotClient(local_client(get_settings()))


def client() -> BriefbotClient:
    """The API client of this server process: of ``settings.ui.api_url``, else in-process
    (then built once per index, the models loaded and the index opened here)."""
    settings = get_settings()
    index = f"{settings.index.chroma_url or settings.index.data_dir.resolve()}"
    return _client_for(
        settings.ui.api_url, settings.ui.ui_api_key, f"{index}::{settings.index.collection}"
    )


def library() -> Library:
    """The document library of the configured index."""
    return Library(get_settings())


def ask(question: str, filters: Filters, conversation_id: str | None) -> Answer:
    """A cited answer from the API, continuing the conversation ``conversation_id``."""
    return client().ask(question, filters, conversation_id)


def stream(question: str, filters: Filters, conversation_id: str | None) -> Iterator[str | Answer]:
    """Text pieces of the answer as the API writes them, then the final Answer."""
    return client().stream(question, filters, conversation_id)


def brief(
    topic: str,
    *,
    since: str | None = None,
    until: str | None = None,
    language: str | None = None,
    source_types: Sequence[str] = (),
) -> Brief:
    """The brief on ``topic`` from the API (``POST /v1/brief``).

    Raises:
        ValueError: a ``since``/``until`` that cannot be read.
    """
    return client().brief(
        topic, since=since, until=until, language=language, source_types=source_types
    )


def digest(since: dt.date | str, topic: str | None = None) -> Digest:
    """What the index gained since ``since`` (on ``topic``), from the API."""
    return client().digest(since, topic)


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
