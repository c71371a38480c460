"""The command line as a user runs it: real subprocesses against a temporary data dir."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI_CORPUS, MODELS_DIR

pytestmark = pytest.mark.e2e


def _briefbot() -> list[str]:
    script = Path(sys.executable).parent / "briefbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def _run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BRIEFBOT_DATA_DIR": str(data),
        "BRIEFBOT_MODELS_DIR": str(MODELS_DIR),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(_briefbot() + args, capture_output=True, text=True, env=env, timeout=600)


def test_ingest_then_ask_in_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest = _run(["ingest", "--json", str(MINI_CORPUS)], data)
    assert ingest.returncode == 0, ingest.stderr
    report = json.loads(ingest.stdout)
    assert set(report) >= {
        "added",
        "updated",
        "unchanged",
        "removed",
        "skipped",
        "chunks",
        "seconds",
    }
    assert report["added"] == 4 and report["skipped"] == []

    es = _run(["ask", "--json", "¿Cuándo declaró Ecuador el conflicto armado interno?"], data)
    assert es.returncode == 0, es.stderr
    answer = json.loads(es.stdout)
    assert answer["language"] == "es" and answer["grounded"]
    assert answer["citations"][0]["doc_id"] == "ecuador/conflicto-armado.md"

    en = _run(["ask", "--json", "How do gangs extort bus drivers in Lima?"], data)
    answer = json.loads(en.stdout)
    assert answer["language"] == "en" and answer["grounded"]
    assert "extorsion-transporte.txt" in {c["doc_id"] for c in answer["citations"]}

    text = _run(["ask", "What does Major Non-NATO Ally status mean?"], data)
    assert "Sources:" in text.stdout and "[1]" in text.stdout


def test_missing_path_exits_1_with_a_message(tmp_path: Path) -> None:
    result = _run(["ingest", str(tmp_path / "nope")], tmp_path / "data")
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr


def test_empty_question_is_bad_usage(tmp_path: Path) -> None:
    assert _run(["ask", "  "], tmp_path / "data").returncode == 2
