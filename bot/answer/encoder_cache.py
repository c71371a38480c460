"""A sentence-vector cache in front of an embedder (answer sentences recur across questions)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from ingest.embedders import Embedder


class CachedEncoder:
    """An embedder that remembers the vectors of the texts it encoded (least recently used
    first out). Answer sentences come from passages that recur across questions, so most
    of a busy engine's sentence vectors are already known."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        """Wrap ``embedder``, keeping at most ``size`` vectors."""
        self.embedder = embedder
        self.id = embedder.id
        self.dim = embedder.dim
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every vector."""
        with self._lock:
            self._vectors.clear()

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Vectors of ``texts``; only the ones not seen before are computed."""
        known: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                vec = self._vectors.get((kind, text))
                if vec is not None:
                    known[text] = vec
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            for text, vec in zip(todo, self.embedder.encode(todo, kind=kind), strict=True):
                known[text] = vec
        with self._lock:
            for text in texts:
                self._vectors[(kind, text)] = known[text]
                self._vectors.move_to_end((kind, text))
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts]) if texts else np.zeros((0, 0))
