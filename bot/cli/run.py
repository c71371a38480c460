"""``briefbot run``: supervise the API and the UI as two child processes.

The API starts first; once its ``/health`` answers (within :data:`API_START_SECONDS`), the UI
starts with ``BRIEFBOT_API_URL`` pointing at it, so that the UI is a pure HTTP client and only
the API process opens the index (``BRIEFBOT_UI_API_KEY``, when set, reaches the UI too).
Ctrl-C, SIGINT or SIGTERM sent to the supervisor stops both (SIGINT to each child, then a
kill after 10 s), and so does either child exiting on its own. The exit code is 1 when a
child failed or had to be killed, or the API exited or timed out before it answered; 0 when
both stopped cleanly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
import httpx

from bot.cli.servers import ui_command
from ingest.config import Settings, get_settings

API_START_SECONDS = 300.0
"""How long the API may take to answer ``/health`` (it loads the models first)."""
ANY_ADDRESS = ("0.0.0.0", "::", "")


def api_url(settings: Settings) -> str:
    """Where the UI reaches the API ``briefbot serve`` binds (loopback for any-address)."""
    host = settings.server.api_host
    host = "127.0.0.1" if host in ANY_ADDRESS else host
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{host}:{settings.server.api_port}"


def wait_for_api(url: str, api: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait until ``url``/health answers (any status); False if the API exits first.

    Raises:
        TimeoutError: it did not answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply = httpx.get(f"{url}/health", timeout=5)
        except httpx.HTTPError:
            reply = None
        if reply is not None:
            if reply.status_code != 200:
                click.echo(f"API /health: {reply.status_code} {reply.text[:300]}", err=True)
            return True
        if api.poll() is not None:
            return False
        if time.monotonic() > deadline:
            raise TimeoutError(f"the API at {url} did not answer /health in {timeout:.0f} s")
        time.sleep(0.5)


def ui_env(url: str) -> dict[str, str]:
    """The UI's environment: this one, with the API to call."""
    return {**os.environ, "BRIEFBOT_API_URL": url}


@click.command()
def run() -> None:
    """Start the API, then the UI as its client; Ctrl-C (or SIGTERM) stops both."""
    settings = get_settings()
    # Ctrl-C even when started from a shell that ignores SIGINT in background jobs, and
    # SIGTERM (a process manager, `docker stop`) take the same clean path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    url = api_url(settings)
    if (settings.server.api_keys or settings.server.api_keys_file) and not settings.ui.ui_api_key:
        click.echo(
            "API keys are set but BRIEFBOT_UI_API_KEY is not: the UI will be refused.", err=True
        )
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "serve"])]
    unanswered = False
    try:
        click.echo(f"API: {url}  (docs at /docs); the UI starts once it answers")
        unanswered = not wait_for_api(url, procs[0], API_START_SECONDS)
        if not unanswered:
            procs.append(subprocess.Popen(ui_command(settings.ui.ui_port), env=ui_env(url)))
            click.echo(f"UI:  http://127.0.0.1:{settings.ui.ui_port}")
            click.echo("Ctrl-C stops both.")
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
    except TimeoutError as err:
        click.echo(str(err), err=True)
        unanswered = True
    except KeyboardInterrupt:
        pass
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    failed = [p.returncode for p in procs if p.returncode not in (0, -2, 130, None)]
    if failed or unanswered:
        sys.exit(1)
