"""The soak of ``bench/soak.py``, bounded: 20 clients asking for 60 s on 127.0.0.1 while the
CLI and the documents API add and remove 12 documents in three rounds (the 50-document run
of the issue is `bench/soak.py`, figures in docs/BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import ROOT, server_env

pytestmark = pytest.mark.e2e


def test_soak_has_no_errors_no_stray_citations_and_a_consistent_index(mini_index, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "soak.py"),
        f"--index={mini_index.index.data_dir}",
        f"--models={MODELS_DIR}",
        "--clients=20",
        "--seconds=60",
        "--docs=12",
        "--rounds=3",
    ]
    run = subprocess.run(
        cmd, cwd=ROOT, env=server_env(tmp_path), capture_output=True, text=True, timeout=900
    )
    result = json.loads(run.stdout)
    assert result["requests"] > 100  # 20 clients kept asking the whole time
    assert result["errors"] == 0 and result["churn_errors"] == [], result
    assert result["citations_of_missing_documents"] == []
    assert result["consistent"] and result["final_documents_are_the_first"]
    assert run.returncode == 0
