"""The composition root: builds the object graph from settings, once per process.

The API (``Depends``), the CLI and the UI (``st.cache_resource``) all call :func:`get_engine`.
"""

from __future__ import annotations

import threading

from bot.answer.encoder_cache import CachedEncoder
from bot.answer.retrieve import Retriever
from bot.conversations import ConversationStore
from bot.engine import Engine
from ingest.config import Settings, get_settings
from ingest.embedders import Embedder, open_embedders
from ingest.lexical import LexicalIndex
from ingest.store import Store

_ENGINES: dict[int, Engine] = {}
_LOCK = threading.Lock()


def build_engine(settings: Settings) -> Engine:
    """Open the index and models and return a new engine."""
    embedders: dict[str, Embedder] = dict(open_embedders(settings))
    # The first embedder also scores answer sentences: one cache serves the question's
    # vector (computed for retrieval) and the sentences' vectors.
    first = next(iter(embedders))
    embedders[first] = CachedEncoder(embedders[first])
    store = Store(settings, embedders)
    lexical = LexicalIndex(settings.index.data_dir / f"{settings.index.collection}.lexical")
    lexical.load()
    retriever = Retriever(store, embedders, lexical)
    conversations = ConversationStore(settings.index.data_dir / "conversations.sqlite")
    return Engine(settings, retriever, embedders, conversations, lexical)


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for these settings (built on first use)."""
    settings = settings or get_settings()
    key = id(settings)
    with _LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = build_engine(settings)
        return _ENGINES[key]
