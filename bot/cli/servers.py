"""``briefbot serve`` (the HTTP API) and ``briefbot ui`` (the Streamlit chat UI)."""

from __future__ import annotations

import ipaddress
import math
import os
import sys
from pathlib import Path

import click

from bot.cli.options import fail
from bot.errors import KeyFileError
from bot.keys import load_keys
from ingest import owner
from ingest.config import get_settings
from ingest.errors import IngestError

UI_APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
"""The Streamlit script of the chat UI."""


@click.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option(
    "--insecure", is_flag=True, help="Allow a non-loopback host with no API keys configured."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes; more than one needs a Chroma server (BRIEFBOT_CHROMA_URL).",
)
def serve(host: str | None, port: int | None, insecure: bool, workers: int) -> None:
    """Run the HTTP API (uvicorn).

    Bound to an address other than loopback, it needs API keys (BRIEFBOT_API_KEYS or
    BRIEFBOT_API_KEYS_FILE) unless --insecure is given. The server owns its data dir while it
    runs (one process at a time, see ingest.owner) and records its address there, so
    `briefbot ingest` and `briefbot docs` pointed at the same data dir go through it.
    """
    import uvicorn

    settings = get_settings()
    host = host or settings.server.api_host
    port = port or settings.server.api_port
    if workers > 1 and not settings.index.chroma_url:
        raise click.ClickException(
            "--workers above 1 needs a Chroma server (set BRIEFBOT_CHROMA_URL): processes "
            "cannot share an embedded index"
        )
    try:
        keys = load_keys(settings.server.api_keys, settings.server.api_keys_file)
    except KeyFileError as err:
        fail(err)
    if not keys and not insecure and not is_loopback(host):
        raise click.ClickException(
            f"refusing to serve on {host} with no API keys: anyone who can reach it could use "
            "the API. Set BRIEFBOT_API_KEYS or BRIEFBOT_API_KEYS_FILE (briefbot keys create), "
            "bind 127.0.0.1, or pass --insecure."
        )
    data_dir = settings.index.data_dir
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    if not settings.index.chroma_url:
        try:
            owner.claim(data_dir, f"briefbot serve at {url}")
        except IngestError as err:
            fail(err)
    owner.record_server(data_dir, url)
    try:
        uvicorn.run(
            "bot.api:serving_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=False,  # bot.api.requests logs each request, with its id
            timeout_worker_healthcheck=120,  # a worker loading its models is busy, not dead
        )
    finally:
        owner.forget_server(data_dir)
        owner.release(data_dir)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def ui_command(port: int) -> list[str]:
    """The command line that runs the chat UI headless on ``127.0.0.1:port``, its upload
    widget capped at the API's per-file limit (``max_file_mb``).

    Args:
        port: The port Streamlit listens on.

    Returns:
        ``argv`` for :func:`os.execv` or :class:`subprocess.Popen`, starting with this
        interpreter (``python -m streamlit run ui/app.py ...``).
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(UI_APP),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        str(max(1, math.ceil(get_settings().index.max_file_mb))),
    ]


@click.command()
@click.option("--port", type=int, default=None, help="Port (default 8501).")
def ui(port: int | None) -> None:
    """Run the Streamlit chat UI."""
    settings = get_settings()
    os.execv(sys.executable, ui_command(port or settings.ui.ui_port))
