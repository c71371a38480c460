"""The OpenAPI document holds: schemathesis (``schemathesis run``, all its default checks and
phases) against a real ``briefbot serve`` on loopback, without keys and with one.

The run is bounded (25 examples an operation, 30 s a response, a fixed seed), so a failure
is reproducible: the output names each failing case with a ``curl`` line.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import api_cmd, free_port, own_copy, running, server_env

pytestmark = pytest.mark.e2e

KEY = "contract-test-key"


@pytest.fixture(scope="module")
def served(mini_index, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:  # type: ignore[no-untyped-def]
    """Two servers on the mini index: the open one and one that needs :data:`KEY`."""
    work = tmp_path_factory.mktemp("contract")
    env = server_env(own_copy(mini_index.index.data_dir, work / "open-data"), MODELS_DIR)
    keyed_env = server_env(own_copy(mini_index.index.data_dir, work / "keyed-data"), MODELS_DIR)
    open_port, keyed_port = free_port(), free_port()
    with (
        running(api_cmd(open_port), f"http://127.0.0.1:{open_port}/health", env, work / "open.log"),
        running(
            api_cmd(keyed_port),
            f"http://127.0.0.1:{keyed_port}/health",
            {**keyed_env, "BRIEFBOT_API_KEYS": KEY},
            work / "keyed.log",
        ),
    ):
        yield f"http://127.0.0.1:{open_port}", f"http://127.0.0.1:{keyed_port}", work


def schemathesis_run(url: str, work: Path, *headers: str) -> subprocess.CompletedProcess[str]:
    """``schemathesis run`` on ``url``'s OpenAPI document with the default checks, bounded."""
    assert url.startswith("http://127.0.0.1:")  # loopback only
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{url}/openapi.json",
        "--max-examples=25",
        "--max-response-time=30",
        "--request-timeout=60",
        "--seed=1",
        "--workers=1",
        "--generation-database=none",
    ]
    for header in headers:
        cmd += ["--header", header]
    return subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=900)


def operations(url: str) -> int:
    """How many operations the served OpenAPI document declares (all must be tested)."""
    doc = httpx.get(f"{url}/openapi.json", timeout=30).json()
    return sum(len(ops) for ops in doc["paths"].values())


def test_the_open_api_keeps_its_contract(served: tuple[str, str, Path]) -> None:
    open_url, _, work = served
    run = schemathesis_run(open_url, work)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    tested = f"Tested: {operations(open_url)}"
    assert "No issues found" in run.stdout and tested in run.stdout


def test_the_keyed_api_keeps_its_contract(served: tuple[str, str, Path]) -> None:
    _, keyed_url, work = served
    run = schemathesis_run(keyed_url, work, f"Authorization: Bearer {KEY}")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    tested = f"Tested: {operations(keyed_url)}"
    assert "No issues found" in run.stdout and tested in run.stdout
