"""The CLI through a running server: when ``briefbot serve`` owns the data dir, ``ingest``
and ``docs`` ask it over HTTP instead of opening the index a second time.

The server records its URL in the data dir (:func:`ingest.owner.server_url`); the key sent
is ``BRIEFBOT_UI_API_KEY``, else the first admin key of ``BRIEFBOT_API_KEYS``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import click
import httpx

from ingest import owner
from ingest.config import Settings

POLL_SECONDS = 0.3


class Remote:
    """The running server that owns the configured data dir."""

    def __init__(self, url: str, key: str | None) -> None:
        """Talk to the server at ``url``, sending ``key`` when there is one."""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.url = url
        self.http = httpx.Client(base_url=url, headers=headers, timeout=60)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request; the JSON reply, or a one-line CLI error with the server's reason."""
        try:
            r = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as err:
            raise click.ClickException(f"cannot reach the server at {self.url}: {err}") from err
        if r.status_code == 404 and method != "POST":
            return None
        if r.status_code >= 400:
            try:
                detail = r.json().get("detail", r.text)
            except ValueError:
                detail = r.text
            raise click.ClickException(
                f"the server at {self.url} answered {r.status_code}: {detail}"
            )
        return r.json()

    def documents(self) -> list[dict[str, Any]]:
        """Every document of the library, page by page."""
        rows: list[dict[str, Any]] = []
        while True:
            page = self.call("GET", "/v1/documents", params={"offset": len(rows), "limit": 500})
            rows.extend(page["documents"])
            if not page["documents"] or len(rows) >= page["total"]:
                return rows

    def ingest(self, paths: list[str], on_progress: Callable[[int, int], None]) -> dict[str, Any]:
        """Ingest server-side paths as a job; wait for it; return its report."""
        job = self.call("POST", "/v1/local-documents", json={"paths": paths})
        while True:
            state = self.call("GET", f"/v1/jobs/{job['job_id']}")
            if state is None:
                raise click.ClickException(f"the server lost job {job['job_id']}")
            progress = state["progress"]
            if progress["total"]:
                on_progress(progress["done"], progress["total"])
            if state["status"] == "done":
                return dict(state["report"])
            if state["status"] == "failed":
                raise click.ClickException(f"ingest failed: {state['error']}")
            time.sleep(POLL_SECONDS)


def find_remote(settings: Settings) -> Remote | None:
    """The server recorded in the data dir, if one is alive (it then owns the index)."""
    url = owner.server_url(settings.index.data_dir)
    if url is None:
        return None
    admin = [k for k in settings.server.api_keys if not k.endswith(":read")]
    key = settings.ui.ui_api_key or (admin[0].removesuffix(":admin") if admin else None)
    click.echo(f"using the server at {url}, which owns {settings.index.data_dir}", err=True)
    return Remote(url, key)
