"""Both splits of the golden timeline and brief topics through the real engine on the real
corpus: CI fails when a figure falls under its split's floor.

The dev split may be tuned on; the test split is frozen and its floors are what it measured.
"""

from pathlib import Path

import pytest

from bot.brief import evaluate
from bot.factory import build_engine

SETS = Path(__file__).resolve().parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(corpus_index):  # type: ignore[no-untyped-def]
    settings, _ = corpus_index
    return build_engine(settings)


@pytest.mark.parametrize("split", evaluate.SPLITS)
def test_briefs_hold_the_split_floors(engine, split: str) -> None:  # type: ignore[no-untyped-def]
    result = evaluate.run_split(engine, SETS, split)
    timeline, topics = evaluate.split_files(SETS, split)
    assert result["counts"]["golden_events"] == len(evaluate.load_jsonl(timeline))
    assert result["counts"]["topics"] == len(evaluate.load_jsonl(topics))
    assert set(evaluate.FLOORS[split]) == set(result["headline"])
    shown = evaluate.reported(result)
    assert evaluate.check(result) == [], shown if split == "test" else result
