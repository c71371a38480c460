"""``briefbot serve`` (the HTTP API) and ``briefbot ui`` (the Streamlit chat UI)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ingest.config import get_settings

UI_APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
"""The Streamlit script of the chat UI."""


@click.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Run the HTTP API (uvicorn)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "bot.api:serving_app",
        factory=True,
        host=host or settings.server.api_host,
        port=port or settings.server.api_port,
        log_level="info",
    )


def ui_command(port: int) -> list[str]:
    """The command line that runs the chat UI headless on ``127.0.0.1:port``.

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
    ]


@click.command()
@click.option("--port", type=int, default=None, help="Port (default 8501).")
def ui(port: int | None) -> None:
    """Run the Streamlit chat UI."""
    settings = get_settings()
    os.execv(sys.executable, ui_command(port or settings.ui.ui_port))
