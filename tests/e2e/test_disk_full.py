"""A full disk during an ingest job, with real processes on a small tmpfs: the job fails with
a clear reason, and the server keeps answering from the earlier index."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import ROOT, api_cmd, free_port, running, server_env

pytestmark = pytest.mark.e2e

SUDO = [] if os.geteuid() == 0 else ["sudo", "-n"]


@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` mounted at ``path`` (root, or sudo without a password)."""
    path.mkdir(parents=True)
    subprocess.run(
        [*SUDO, "mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], check=True
    )
    try:
        yield path
    finally:
        subprocess.run([*SUDO, "umount", "-l", str(path)], check=False)


def free_kb(path: Path) -> int:
    return shutil.disk_usage(path).free // 1024


def test_a_full_disk_fails_the_job_and_the_index_keeps_answering(
    mini_index, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    question = {"question": "¿Cuándo declaró Ecuador el conflicto armado interno?"}
    corpus = sorted(p for p in (ROOT / "corpus").glob("*.md") if p.name != "README.md")[:12]
    files = [("files", (p.name, p.read_bytes(), "text/markdown")) for p in corpus]
    with tmpfs(tmp_path / "small", 8192) as disk:
        data = Path(shutil.copytree(mini_index.index.data_dir, disk / "data"))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with running(
            api_cmd(port), f"{url}/health", server_env(data, MODELS_DIR), tmp_path / "api.log"
        ):
            before = httpx.post(f"{url}/v1/ask", json=question, timeout=120).json()
            filler = disk / "filler"
            with filler.open("wb") as out:  # leave room for the upload, not for its index
                out.write(b"\0" * ((free_kb(disk) - 300) * 1024))
            r = httpx.post(f"{url}/v1/documents", files=files, timeout=120)
            assert r.status_code == 202, r.text
            job = r.json()["job_id"]
            deadline = time.monotonic() + 180
            state = httpx.get(f"{url}/v1/jobs/{job}", timeout=30).json()
            while state["status"] not in ("done", "failed") and time.monotonic() < deadline:
                time.sleep(0.2)
                state = httpx.get(f"{url}/v1/jobs/{job}", timeout=30).json()
            after = httpx.post(f"{url}/v1/ask", json=question, timeout=120)
            listed = httpx.get(f"{url}/v1/documents", timeout=30).json()
            filler.unlink()
    assert state["status"] == "failed", state
    assert "no space left on the disk of the index" in state["error"]
    assert after.status_code == 200
    body = after.json()
    assert body["grounded"] and body["citations"][0]["doc_id"] == before["citations"][0]["doc_id"]
    assert listed["total"] >= 4  # the earlier documents are all still listed
