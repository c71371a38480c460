"""The dev set through the real engine on the real corpus: CI fails on regression."""

from pathlib import Path

import pytest

from bot import evaluate
from bot.factory import build_engine

GOLDEN = Path(__file__).resolve().parent / "dev.jsonl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def summary(corpus_index):  # type: ignore[no-untyped-def]
    settings, _ = corpus_index
    outcomes = evaluate.run(build_engine(settings), evaluate.load_golden(GOLDEN), k=5)
    return evaluate.summarize(outcomes, 5)


def test_no_regression_below_the_ci_floor(summary) -> None:  # type: ignore[no-untyped-def]
    assert evaluate.check(summary, evaluate.REGRESSION_FLOOR) == [], summary["failures"]


def test_report_has_every_group(summary) -> None:  # type: ignore[no-untyped-def]
    assert set(summary["by_kind"]) == {"factual", "crosslingual", "unanswerable", "followup"}
    assert set(summary["by_language"]) == {"es", "en"}
    assert summary["overall"]["n"] == len(evaluate.load_golden(GOLDEN))
