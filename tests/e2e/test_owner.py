"""One owner of the index, with real processes: a second server is refused, the CLI goes
through the running server, a kill -9 in the middle of an ingest job leaves a consistent
index, and a corrupt data dir is a clear error."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import ROOT, api_cmd, free_port, running, server_env

pytestmark = pytest.mark.e2e

CONSISTENCY = ROOT / "bench" / "consistency.py"


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def consistency(data_dir: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(CONSISTENCY), str(data_dir), str(MODELS_DIR)],
        cwd=ROOT,
        env=server_env(data_dir, MODELS_DIR),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return dict(json.loads(out.stdout))


@pytest.fixture
def data_dir(mini_index, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return Path(shutil.copytree(mini_index.index.data_dir, tmp_path / "data"))


@pytest.fixture
def served(data_dir: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, str], int]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(data_dir, MODELS_DIR)
    with running(api_cmd(port), f"{url}/health", env, tmp_path / "api.log") as proc:
        yield url, env, proc.pid


def test_a_second_owner_is_refused_naming_the_first(
    served: tuple[str, dict[str, str], int],
) -> None:
    url, env, pid = served
    second = cli(env, "serve", "--port", str(free_port()))
    assert second.returncode == 1
    assert f"in use by process {pid} (briefbot serve at {url})" in second.stderr
    assert "Traceback" not in second.stderr


def test_the_cli_ingests_and_removes_through_the_running_server(
    served: tuple[str, dict[str, str], int], tmp_path: Path
) -> None:
    url, env, _ = served
    note = tmp_path / "nota-tumbes.md"
    note.write_text(
        "# Control fronterizo en Aguas Verdes\n\nLa policía reforzó el control del puente "
        "internacional de Aguas Verdes con patrullas nocturnas y escáneres de carga.\n",
        encoding="utf-8",
    )
    added = cli(env, "ingest", str(note))
    assert added.returncode == 0, added.stderr
    assert f"using the server at {url}" in added.stderr
    assert added.stdout.startswith("added 1,")
    query = {"query": "patrullas nocturnas en el puente de Aguas Verdes"}
    hits = httpx.post(f"{url}/v1/search", json=query, timeout=60).json()["passages"]
    assert hits[0]["doc_id"] == "nota-tumbes.md"  # the running API answers from it at once
    listed = cli(env, "docs", "list", "--json")
    assert "nota-tumbes.md" in [d["doc_id"] for d in json.loads(listed.stdout)]
    shown = cli(env, "docs", "show", "nota-tumbes.md")
    assert "title: Control fronterizo en Aguas Verdes" in shown.stdout
    removed = cli(env, "docs", "remove", "nota-tumbes.md")
    assert removed.returncode == 0 and "removed nota-tumbes.md" in removed.stdout
    hits = httpx.post(f"{url}/v1/search", json=query, timeout=60).json()["passages"]
    assert "nota-tumbes.md" not in [h["doc_id"] for h in hits]
    asked = cli(env, "ask", "--json", "¿Cuándo declaró Ecuador el conflicto armado interno?")
    assert asked.returncode == 0 and f"using the server at {url}" in asked.stderr
    assert json.loads(asked.stdout)["citations"][0]["doc_id"] == "ecuador/conflicto-armado.md"
    refused = cli(env, "ingest", "--rebuild")
    assert refused.returncode == 1 and "stop the server" in refused.stderr


def test_kill_9_in_the_middle_of_a_job_leaves_a_consistent_index(
    data_dir: Path, tmp_path: Path
) -> None:
    corpus = sorted((ROOT / "corpus").rglob("*.md"))
    files = [
        (
            "files",
            (f"{n:02d}-{p.name}", p.read_bytes() + f"\n\nCopia {n}.\n".encode(), "text/markdown"),
        )
        for n, p in enumerate([c for c in corpus if c.name != "README.md"][:40])
    ]
    before = consistency(data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(data_dir, MODELS_DIR)
    with running(api_cmd(port), f"{url}/health", env, tmp_path / "api1.log") as proc:
        job = httpx.post(f"{url}/v1/documents", files=files, timeout=120).json()["job_id"]
        deadline = time.monotonic() + 240
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = httpx.get(f"{url}/v1/jobs/{job}", timeout=30).json()
            if state["status"] == "running" and state["progress"]["done"] >= 3:
                break
            time.sleep(0.05)
        assert state["status"] == "running", state
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with running(api_cmd(port), f"{url}/health", env, tmp_path / "api2.log"):
        state = httpx.get(f"{url}/v1/jobs/{job}", timeout=30).json()
        docs = httpx.get(f"{url}/v1/documents", params={"limit": 500}, timeout=30).json()
    assert state["status"] == "failed" and "not ingested" in state["error"]
    after = consistency(data_dir)
    assert after["consistent"], after
    assert set(before["docs"]) <= set(after["docs"])
    listed = {d["doc_id"] for d in docs["documents"]}
    assert listed == set(after["docs"])
    # every document the index kept has all its passages; the others are not in it at all
    new = set(after["docs"]) - set(before["docs"])
    assert len(new) < len(files)
    for doc_id in new:
        assert doc_id.startswith("uploads/")


def test_a_corrupt_manifest_is_a_clear_error_naming_rebuild(data_dir: Path, tmp_path: Path) -> None:
    manifest = next(data_dir.glob("*.manifest.sqlite"))
    manifest.write_bytes(manifest.read_bytes()[:1000])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(data_dir, MODELS_DIR)
    log = tmp_path / "api.log"
    with running(api_cmd(port), f"{url}/health", env, log):
        r = httpx.post(f"{url}/v1/documents", json={"url": "https://example.org/x"}, timeout=30)
        listed = httpx.get(f"{url}/v1/documents", timeout=30)
    assert listed.status_code == 503 and "briefbot ingest --rebuild" in listed.json()["detail"]
    assert r.status_code == 202
    assert "briefbot ingest --rebuild" in log.read_text()
    shown = cli(env, "docs", "list")
    assert shown.returncode == 1 and "briefbot ingest --rebuild" in shown.stderr
    assert "Traceback" not in shown.stderr
    rebuilt = cli(env, "ingest", str(ROOT / "tests" / "fixtures" / "mini"), "--rebuild")
    assert rebuilt.returncode == 0 and "added" in rebuilt.stdout
