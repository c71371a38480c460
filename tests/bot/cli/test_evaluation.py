"""`briefbot eval` through click's CliRunner: the brief figures of both splits, the test
split's figures only, and --check on their floors (canned results, no models)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bot.brief.evaluate
import bot.factory
from bot.cli import main


def canned(split: str, recall: float) -> dict[str, Any]:
    return {
        "split": split,
        "headline": {"timeline_precision": 0.99, "timeline_recall": recall, "document_recall": 1.0},
        "counts": {"golden_events": 40, "judged_events": 41, "topics": 6},
        "timeline": {
            "missed": [{"doc_id": f"{split}.md", "date": "2024", "phrase": f"{split} phrase"}],
            "wrong": [],
        },
        "topics": [{"id": f"{split}1", "recall": 1.0, "missing": [], "evidence": "answer"}],
    }


@pytest.fixture
def results(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    recalls = {"dev": 0.99, "test": 0.99}
    monkeypatch.setattr(bot.factory, "get_engine", lambda: object())

    def run_split(engine: object, folder: Path, split: str) -> dict[str, Any]:
        assert folder == Path("tests/eval")
        return canned(split, recalls[split])

    monkeypatch.setattr(bot.brief.evaluate, "run_split", run_split)
    return recalls


def test_eval_reports_both_splits_and_the_dev_misses_only(results: dict[str, float]) -> None:
    result = CliRunner().invoke(main, ["eval", "--no-answers"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("brief dev  timeline precision 0.990 recall 0.990 (40 events")
    assert any(line.startswith("brief test timeline precision 0.990") for line in lines)
    assert "missed event dev.md 2024: dev phrase" in result.stdout
    assert "test phrase" not in result.stdout


def test_eval_json_holds_the_test_figures_without_items(results: dict[str, float]) -> None:
    result = CliRunner().invoke(main, ["eval", "--no-answers", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["briefs"]) == {"dev", "test"}
    assert report["briefs"]["test"]["headline"]["document_recall"] == 1.0
    assert "timeline" not in report["briefs"]["test"] and "timeline" in report["briefs"]["dev"]
    assert report["regressions"] == []


def test_check_fails_when_a_split_falls_under_its_floor(results: dict[str, float]) -> None:
    results["test"] = 0.5
    result = CliRunner().invoke(main, ["eval", "--no-answers", "--check"])
    assert result.exit_code == 1
    assert "REGRESSION: brief test timeline_recall = 0.500" in result.stdout
    assert CliRunner().invoke(main, ["eval", "--no-answers"]).exit_code == 0


def test_eval_refuses_a_data_dir_another_process_owns(tmp_path: Path) -> None:
    import subprocess
    import sys

    from bot.cli import main

    data = tmp_path / "owned"
    hold = (
        "import sys, time; from pathlib import Path; from ingest import owner; "
        "owner.claim(Path(sys.argv[1]), 'briefbot serve at http://127.0.0.1:9'); "
        "print('held', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", hold, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        result = CliRunner().invoke(main, ["eval"], env={"BRIEFBOT_DATA_DIR": str(data)})
    finally:
        proc.kill()
        proc.wait()
    assert result.exit_code == 1
    assert f"in use by process {proc.pid} (briefbot serve at http://127.0.0.1:9)" in result.output
