"""Both eval sets through the real engine on the real corpus: CI fails on regression.

The dev set may be tuned on; the test set is frozen and its floors are what it measured.
"""

from pathlib import Path

import pytest

from bot import evaluate
from bot.factory import build_engine

SETS = Path(__file__).resolve().parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(corpus_index):  # type: ignore[no-untyped-def]
    settings, _ = corpus_index
    return build_engine(settings)


@pytest.mark.parametrize("name", ["dev", "test"])
def test_no_regression_below_the_ci_floor(engine, name: str) -> None:  # type: ignore[no-untyped-def]
    path = SETS / f"{name}.jsonl"
    summary = evaluate.summarize(evaluate.run(engine, evaluate.load_golden(path), k=5), 5)
    assert set(summary["by_language"]) == {"es", "en"}
    assert summary["overall"]["n"] == len(evaluate.load_golden(path))
    floors = evaluate.floors_for(path)
    assert floors, f"no CI floors for {name}"
    assert evaluate.check(summary, floors) == [], (summary["headline"], summary["failures"])
