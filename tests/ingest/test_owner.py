"""One owner per data dir: a second process is told who holds it; death releases it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest import owner
from ingest.errors import IndexBusy

HOLD = """
import sys, time
from pathlib import Path
from ingest import owner
owner.claim(Path(sys.argv[1]), "briefbot serve at http://127.0.0.1:9")
print("held", flush=True)
time.sleep(60)
"""


def hold(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_process_is_refused_with_the_holders_name(tmp_path: Path) -> None:
    proc = hold(tmp_path)
    try:
        found = owner.holder(tmp_path)
        assert found is not None and found.pid == proc.pid
        with pytest.raises(IndexBusy) as err:
            owner.claim(tmp_path, "briefbot ingest")
        assert f"process {proc.pid} (briefbot serve at http://127.0.0.1:9)" in str(err.value)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert owner.holder(tmp_path) is None  # kill -9 released it
    owner.claim(tmp_path, "briefbot ingest")
    owner.release(tmp_path)


def test_claims_are_counted_within_a_process(tmp_path: Path) -> None:
    owner.claim(tmp_path, "one")
    owner.claim(tmp_path, "two")
    owner.release(tmp_path)
    assert owner.holder(tmp_path) is not None
    owner.release(tmp_path)
    assert owner.holder(tmp_path) is None


def test_a_claim_may_wait_for_the_owner_to_finish(tmp_path: Path) -> None:
    proc = hold(tmp_path)
    started = time.monotonic()
    subprocess.Popen(["sh", "-c", f"sleep 1; kill -9 {proc.pid}"])
    owner.claim(tmp_path, "waiting", wait=30)
    proc.wait()
    assert time.monotonic() - started >= 0.9
    owner.release(tmp_path)


def test_the_server_record_names_a_live_server_only(tmp_path: Path) -> None:
    assert owner.server_url(tmp_path) is None
    owner.record_server(tmp_path, "http://127.0.0.1:8123")
    assert owner.server_url(tmp_path) is None  # this process: not a server to call
    record = (tmp_path / owner.SERVER_NAME).read_text()
    (tmp_path / owner.SERVER_NAME).write_text(record.replace(str(os.getpid()), "1"))
    assert owner.server_url(tmp_path) == "http://127.0.0.1:8123"  # pid 1 is alive
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / owner.SERVER_NAME).write_text(record.replace(str(os.getpid()), dead))
    assert owner.server_url(tmp_path) is None
