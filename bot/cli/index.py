"""``briefbot ingest`` (with a progress bar on a terminal) and ``briefbot models``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from bot.cli.options import fail
from bot.cli.remote import find_client, ingest_through
from bot.errors import BotError
from ingest.config import Settings, get_settings
from ingest.errors import IngestError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again from scratch.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the index already holds chunks.")
def ingest(paths: tuple[str, ...], as_json: bool, rebuild: bool, if_empty: bool) -> None:
    """Ingest files, folders (recursively) and URLs (default: the corpus folder).

    When a server owns the data dir (briefbot serve or run), the server ingests them and
    answers from them at once; --rebuild then needs the server stopped.
    """
    settings = get_settings()
    sources = list(paths) or [str(settings.index.corpus_dir)]
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr)
        bar.update(done - bar.n)

    data: dict[str, Any] | None
    client = find_client(settings)
    if client is not None:
        if rebuild:
            raise click.ClickException(
                f"--rebuild replaces the whole index: stop the server at {client.url} first"
            )
        if if_empty:
            return
        try:
            data = ingest_through(client, sources, progress)
        except BotError as err:
            fail(err)
        finally:
            if bar is not None:
                bar.close()
    else:
        data = _ingest_here(settings, sources, rebuild, if_empty, as_json, progress)
        if bar is not None:
            bar.close()
        if data is None:
            return
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(
        f"added {data['added']}, updated {data['updated']}, unchanged {data['unchanged']}, "
        f"removed {data['removed']}, skipped {len(data['skipped'])}; "
        f"{data['chunks']} chunks in the index ({data['seconds']:.1f} s)"
    )
    for item in data["skipped"]:
        click.echo(f"  skipped {item['path']}: {item['reason']}")
    for item in data["warnings"]:
        click.echo(f"  warning {item['path']}: {item['message']}")


def _ingest_here(
    settings: Settings,
    sources: list[str],
    rebuild: bool,
    if_empty: bool,
    as_json: bool,
    progress: Callable[[int, int], None],
) -> dict[str, Any] | None:
    """Ingest in this process, which owns the data dir meanwhile; None if there was
    nothing to do."""
    from ingest.pipeline import Indexer

    try:
        indexer = Indexer(settings, rebuild=rebuild)
    except IngestError as err:
        fail(err)
    try:
        if if_empty and not rebuild and indexer.store.count() > 0:
            if not as_json:
                click.echo(f"index exists ({indexer.store.count()} chunks); nothing to do")
            return None
        return indexer.ingest(sources, on_progress=progress).as_dict()
    except IngestError as err:
        fail(err)
    finally:
        indexer.close()


@click.command()
def models() -> None:
    """Build or check the offline models of the configured embedders (no network)."""
    from ingest.embedders import build_models

    try:
        for name, embedder in build_models(get_settings()).items():
            click.echo(f"{name}: {embedder.id} (dim {embedder.dim}) ready")
    except IngestError as err:
        fail(err)
