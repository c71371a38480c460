"""``briefbot run``: supervise the API and the UI as two child processes.

Both start together; Ctrl-C, SIGINT or SIGTERM sent to the supervisor stops both (SIGINT
to each child, then a kill after 10 s), and so does either child exiting on its own. The
exit code is 1 when a child failed or had to be killed, 0 when both stopped cleanly.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import click

from bot.cli.servers import ui_command
from ingest.config import get_settings


@click.command()
def run() -> None:
    """Start the API and the UI together; Ctrl-C (or SIGTERM) stops both."""
    settings = get_settings()
    # Ctrl-C even when started from a shell that ignores SIGINT in background jobs, and
    # SIGTERM (a process manager, `docker stop`) take the same clean path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    procs = [
        subprocess.Popen([sys.executable, "-m", "bot", "serve"]),
        subprocess.Popen(ui_command(settings.ui.ui_port)),
    ]
    click.echo(
        f"API: http://{settings.server.api_host}:{settings.server.api_port}  (docs at /docs)"
    )
    click.echo(f"UI:  http://127.0.0.1:{settings.ui.ui_port}")
    click.echo("Ctrl-C stops both.")
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
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
    if failed:
        sys.exit(1)
