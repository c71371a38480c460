"""The harder unanswerable cases of ``bench/answerability.py``: a paragraph without the
sentences that hold the answer (imported by path: bench/ is scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_answerability", ROOT / "bench" / "answerability.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_answerability"] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved


PARAGRAPH = (
    "The Normans were the people who gave their name to Normandy. "
    "They descended from Norse raiders led by Rollo in the 10th century. "
    "Their identity emerged in the first half of the 10th century."
)


def test_the_sentences_holding_the_answer_are_removed_and_the_rest_kept(
    bench: ModuleType,
) -> None:
    cut = bench.without_answer(PARAGRAPH, "Rollo")
    assert cut is not None
    assert "Rollo" not in cut
    assert "gave their name to Normandy" in cut
    assert "first half of the 10th century" in cut


def test_every_sentence_holding_the_span_goes(bench: ModuleType) -> None:
    cut = bench.without_answer(PARAGRAPH, "10th century")
    assert cut == "The Normans were the people who gave their name to Normandy."


def test_no_case_when_no_sentence_holds_the_span_or_none_would_be_left(
    bench: ModuleType,
) -> None:
    assert bench.without_answer(PARAGRAPH, "Vikings of Iceland") is None
    assert bench.without_answer("Rollo led the Norse raiders into Normandy.", "Rollo") is None


def test_replacing_one_item_leaves_the_pool_itself_unchanged(bench: ModuleType) -> None:
    pool = bench.Pool(
        ["a", "b"], np.array(["en", "en"]), ["d0", "d1"], {"e5": np.eye(2, dtype=np.float32)}
    )
    new = bench.replaced(pool, 1, "b without its answer", {"e5": np.array([0.6, 0.8])})
    assert new.texts == ["a", "b without its answer"]
    assert np.allclose(new.vectors["e5"][1], [0.6, 0.8])
    assert pool.texts == ["a", "b"]
    assert np.allclose(pool.vectors["e5"], np.eye(2))
