"""What every page shares: the process's API client, the index size, the style sheet.

The pages are clients of the HTTP API (:class:`bot.client.BriefbotClient`): of the API at
``BRIEFBOT_API_URL`` (``briefbot run`` sets it) with the key ``BRIEFBOT_UI_API_KEY``; when it
is unset, of the server recorded in the data dir (``briefbot serve`` records itself there);
else of the same app in this process (:func:`bot.api.local_client`, which then owns the data
dir), so that ``briefbot ui`` also works alone. Only the API opens the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import streamlit as st

from bot.brief import Brief
from bot.brief.digest import Digest
from bot.client import BriefbotClient
from bot.filters import Filters
from bot.types import Answer
from ingest import owner
from ingest.config import get_settings
from ingest.types import DocumentRow

STYLE = Path(__file__).with_name("style.css")
CHAT_PAGE = Path(__file__).with_name("chat_page.py")
LIBRARY_PAGE = Path(__file__).with_name("library_page.py")
BRIEF_PAGE = Path(__file__).with_name("brief_page.py")
FILTER_KEYS = ("f_from", "f_to", "f_types", "f_langs")
"""Session keys of the chat page's filter widgets (kept across page switches by ``ui/app.py``)."""


def _close(client: BriefbotClient) -> None:
    client.http.close()


@st.cache_resource(
    show_spinner="Cargando modelos e índice… / Loading models and index…", on_release=_close
)
def _client_for(api_url: str | None, api_key: str | None, index: str) -> BriefbotClient:
    if api_url:
        return BriefbotClient.connect(api_url, api_key)
    from bot.api import local_client  # the server's modules, only when it runs in-process

    return BriefbotClient(local_client(get_settings()))


def client() -> BriefbotClient:
    """The API client of this server process: of ``settings.ui.api_url``, else of the server
    recorded in the data dir, else in-process (built once per index, the models loaded and
    the index opened here).

    Raises:
        IndexBusy: in-process, another process owns the data dir.
    """
    settings = get_settings()
    url = settings.ui.api_url or owner.server_url(settings.index.data_dir)
    index = f"{settings.index.chroma_url or settings.index.data_dir.resolve()}"
    return _client_for(url, settings.ui.ui_api_key, f"{index}::{settings.index.collection}")


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


def documents() -> list[DocumentRow]:
    """Every document of the library, from the API."""
    return client().all_documents()


def index_size() -> tuple[int, int]:
    """Documents and chunks in the index (one page of one document, and ``/health``)."""
    api = client()
    return api.documents(limit=1).total, int(api.health()["chunks"])


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
