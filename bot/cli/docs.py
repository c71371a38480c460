"""``briefbot docs list|show|remove``: the documents in the index."""

from __future__ import annotations

import json

import click

from bot.cli.options import fail
from bot.cli.remote import find_client
from bot.errors import BotError
from ingest.config import get_settings
from ingest.errors import IngestError

SHOWN_FIELDS = (
    "doc_id",
    "title",
    "source",
    "source_type",
    "published",
    "url",
    "language",
    "topics",
    "places",
    "path",
    "content_hash",
    "ingested_at",
)
"""The metadata ``docs show`` prints, one ``field: value`` line each, before the passages."""


@click.group()
def docs() -> None:
    """List, show and remove ingested documents."""


@docs.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def docs_list(as_json: bool) -> None:
    """List the documents in the index."""
    from bot.library import Library

    settings = get_settings()
    client = find_client(settings)
    try:
        found = client.all_documents() if client else Library(settings).documents()
    except (IngestError, BotError) as err:
        fail(err)
    rows = [r.as_dict() for r in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        click.echo(
            f"{r['doc_id']}\t{r['language']}\t{r['source_type']}\t"
            f"{r['published'] or '-'}\t{r['chunks']} chunks\t{r['title']}"
        )
    click.echo(f"{len(rows)} documents")


@docs.command("show")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def docs_show(doc_id: str, as_json: bool) -> None:
    """Show one document's metadata and passages."""
    from bot.library import Library

    settings = get_settings()
    client = find_client(settings)
    try:
        doc = client.document(doc_id) if client else Library(settings).document(doc_id)
    except (IngestError, BotError) as err:
        fail(err)
    if doc is None:
        raise click.ClickException(f"no document '{doc_id}' in the index")
    if as_json:
        click.echo(json.dumps(doc.as_dict(), ensure_ascii=False))
        return
    for name in SHOWN_FIELDS:
        click.echo(f"{name}: {getattr(doc, name)}")
    for p in doc.passages:
        page = f" (p. {p.page})" if p.page else ""
        click.echo(f"\n[{p.chunk_id}]{page}\n{p.text}")


@docs.command("remove")
@click.argument("doc_id")
def docs_remove(doc_id: str) -> None:
    """Remove one document and its passages from the index."""
    from bot.library import Library

    settings = get_settings()
    client = find_client(settings)
    try:
        removed = client.remove(doc_id) if client else Library(settings).remove(doc_id)
    except (IngestError, BotError) as err:
        fail(err)
    if not removed:
        raise click.ClickException(f"no document '{doc_id}' in the index")
    click.echo(f"removed {doc_id}")
