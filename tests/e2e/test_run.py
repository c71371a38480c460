"""``briefbot run`` (what ``make run`` starts): the API and the UI together, one stop for both."""

import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import MODELS_DIR
from tests.e2e.servers import ROOT, free_port, own_copy, server_env

pytestmark = pytest.mark.e2e


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"briefbot run exited with {proc.returncode}"
        try:
            if httpx.get(url, timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_run_serves_api_and_ui_and_one_signal_stops_both(mini_index, tmp_path, stop) -> None:  # type: ignore[no-untyped-def]
    api_port, ui_port = free_port(), free_port()
    env = server_env(own_copy(mini_index.index.data_dir, tmp_path / "data"), MODELS_DIR)
    env.update(BRIEFBOT_API_PORT=str(api_port), BRIEFBOT_UI_PORT=str(ui_port))
    log = (tmp_path / "run.log").open("wb")
    # the signal goes to the parent only (not the process group), as `kill PID` would send it
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait(f"http://127.0.0.1:{api_port}/health", proc)
        _wait(f"http://127.0.0.1:{ui_port}/_stcore/health", proc)
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        for port in (api_port, ui_port):
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
