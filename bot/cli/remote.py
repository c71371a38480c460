"""The CLI through a running server: when ``briefbot serve`` owns the data dir, the CLI's
commands ask it over HTTP (:class:`bot.client.BriefbotClient`) instead of opening the index a
second time.

The server records its URL in the data dir (:func:`ingest.owner.server_url`); the key sent
is ``BRIEFBOT_UI_API_KEY``, else the first admin key of ``BRIEFBOT_API_KEYS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bot.client import BriefbotClient
from bot.remote import Job
from ingest import owner
from ingest.config import Settings


def find_client(settings: Settings) -> BriefbotClient | None:
    """A client of the live server recorded in the data dir (it owns the index), or None."""
    url = owner.server_url(settings.index.data_dir)
    if url is None:
        return None
    admin = [k for k in settings.server.api_keys if not k.endswith(":read")]
    key = settings.ui.ui_api_key or (admin[0].removesuffix(":admin") if admin else None)
    click.echo(f"using the server at {url}, which owns {settings.index.data_dir}", err=True)
    return BriefbotClient.connect(url, key)


def ingest_through(
    client: BriefbotClient, sources: list[str], on_progress: Callable[[int, int], None]
) -> dict[str, Any]:
    """Have the server ingest ``sources`` (paths of this machine, or links); its report.

    Raises:
        click.ClickException: the job failed (with the server's reason).
        RemoteError: the server could not be asked.
    """
    local = [
        s if s.startswith(("http://", "https://")) else str(Path(s).resolve()) for s in sources
    ]

    def progress(job: Job) -> None:
        if job.progress.total:
            on_progress(job.progress.done, job.progress.total)

    job = client.wait(client.add_paths(local).job_id, on_progress=progress, timeout=24 * 3600)
    if job.status == "failed" or job.report is None:
        raise click.ClickException(f"ingest failed: {job.error}")
    return job.report.as_dict()
