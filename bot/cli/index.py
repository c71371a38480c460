"""``briefbot ingest`` (with a progress bar on a terminal) and ``briefbot models``."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from bot.cli.options import fail
from ingest.config import get_settings
from ingest.errors import IngestError


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again from scratch.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the index already holds chunks.")
def ingest(paths: tuple[str, ...], as_json: bool, rebuild: bool, if_empty: bool) -> None:
    """Ingest files, folders (recursively) and URLs (default: the corpus folder)."""
    from ingest.pipeline import Indexer

    settings = get_settings()
    sources = list(paths) or [str(settings.index.corpus_dir)]
    try:
        indexer = Indexer(settings, rebuild=rebuild)
    except IngestError as err:
        fail(err)
    if if_empty and not rebuild and indexer.store.count() > 0:
        indexer.close()
        if not as_json:
            click.echo(f"index exists ({indexer.store.count()} chunks); nothing to do")
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json or not sys.stderr.isatty():
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = indexer.ingest(sources, on_progress=progress)
    except IngestError as err:
        fail(err)
    finally:
        if bar is not None:
            bar.close()
        indexer.close()
    data = report.as_dict()
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


@click.command()
def models() -> None:
    """Build or check the offline models of the configured embedders (no network)."""
    from ingest.embedders import build_models

    try:
        for name, embedder in build_models(get_settings()).items():
            click.echo(f"{name}: {embedder.id} (dim {embedder.dim}) ready")
    except IngestError as err:
        fail(err)
