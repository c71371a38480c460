"""Real server processes for end-to-end tests: start, wait until healthy, always stop.

Also runnable to refresh the README screenshots against any index::

    BRIEFBOT_DATA_DIR=/tmp/shotdata python -m tests.e2e.servers docs/
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bot.cli.servers import ui_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLACEHOLDER = "Pregunte en español o en inglés… / Ask in Spanish or English…"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def own_copy(data_dir: Path, dest: Path) -> Path:
    """A copy of the index in ``data_dir`` at ``dest``, for one server process to own (a data
    dir has one owner at a time: see ``ingest.owner``)."""
    return Path(shutil.copytree(data_dir, dest))


def server_env(data_dir: Path, models_dir: Path | None = None) -> dict[str, str]:
    """The environment of a server on the index in ``data_dir`` (offline, no stray settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(BRIEFBOT_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if models_dir is not None:
        env["BRIEFBOT_MODELS_DIR"] = str(models_dir)
    return env


@contextlib.contextmanager
def running(
    cmd: list[str], health_url: str, env: dict[str, str], log: Path, *, timeout: float = 90
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``cmd``, wait until ``health_url`` answers 200, and terminate it on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_healthy(proc, health_url, log, timeout)
            yield proc
        finally:
            _stop(proc)


def _wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=30).status_code == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def streamlit_cmd(port: int) -> list[str]:
    """``streamlit run ui/app.py`` headless on 127.0.0.1:``port``, as ``briefbot ui`` starts it."""
    return ui_command(port)


def api_cmd(port: int) -> list[str]:
    """``python -m bot serve`` on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]


@contextlib.contextmanager
def browser_page(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A page of Debian's headless Chromium, driven by playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(90_000)
            yield page
        finally:
            browser.close()


def ask_in_browser(page: Any, question: str, turn: int) -> Any:
    """Type a question into the chat input, send it, wait for answer number ``turn``."""
    box = page.get_by_placeholder(PLACEHOLDER)
    box.fill(question)
    box.press("Enter")
    answer = page.locator(f".st-key-answer-{turn}")
    answer.wait_for()
    return answer


def screenshot(page: Any, path: Path) -> None:
    """The whole page: Streamlit scrolls inside ``main``, so grow the viewport to fit it first."""
    size = page.viewport_size
    measure = "() => { const m = document.querySelector('main'); m.scrollTo(0, 0); return m.scrollHeight; }"
    for _ in range(3):
        height = int(page.evaluate(measure))
        if height <= page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(500)
    page.evaluate(measure)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.mouse.move(size["width"] - 5, size["height"] // 2)  # no hover effects in the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def _screenshots(out: Path, question: str) -> None:
    data_dir = Path(os.environ.get("BRIEFBOT_DATA_DIR", "data"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(
        data_dir,
        Path(os.environ["BRIEFBOT_MODELS_DIR"]) if "BRIEFBOT_MODELS_DIR" in os.environ else None,
    )
    with (
        running(
            streamlit_cmd(port),
            f"{url}/_stcore/health",
            env,
            Path(tempfile.gettempdir()) / "briefbot-screenshots.log",
        ),
        browser_page() as page,
    ):
        page.goto(url, wait_until="networkidle")
        ask_in_browser(page, "¿Qué es el VRAEM?", 1)  # warm up: models load on the first question
        page.get_by_role("button", name="Nueva conversación · New chat").click()
        page.get_by_text("Pruebe con").wait_for()
        ask_in_browser(page, question, 1)
        screenshot(page, out / "screenshot.png")
        page.goto(f"{url}/library", wait_until="networkidle")
        table = page.get_by_test_id("stDataFrame")
        table.wait_for()
        page.wait_for_timeout(500)
        table.click(position={"x": 18, "y": 52})  # select the first row: shows the Remove box
        page.get_by_text("Eliminar 1").wait_for()
        screenshot(page, out / "library.png")


if __name__ == "__main__":
    _screenshots(
        Path(sys.argv[1] if len(sys.argv) > 1 else "."),
        sys.argv[2]
        if len(sys.argv) > 2
        else "¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?",
    )
