"""``briefbot digest --since DATE``: what the index gained since a date, by topic and place."""

from __future__ import annotations

import datetime as dt

import click

from bot.cli.options import fail
from bot.cli.remote import find_client
from bot.errors import BotError
from ingest.config import get_settings
from ingest.errors import IngestError


@click.command()
@click.option(
    "--since",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day that counts (YYYY-MM-DD): documents ingested or published since then.",
)
@click.option("--topic", help="Only documents on this topic (sentences scored against it).")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["es", "en"]),
    help="Language of the headings (default: the topic's, else English); quotes keep theirs.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the digest as JSON.")
def digest(since: dt.datetime, topic: str | None, language: str | None, as_json: bool) -> None:
    """The documents added to the index or published since a date, grouped by topic and
    place, each with its most informative sentence, cited."""
    from bot.brief.digest import build_digest
    from bot.brief.render import digest_markdown
    from bot.factory import get_engine
    from ingest.text import detect_language

    if topic is not None and not topic.strip():
        raise click.BadParameter("the topic is empty", param_hint="--topic")
    try:
        client = find_client(get_settings())
        if client is not None:
            result = client.digest(since.date(), topic)
        else:
            result = build_digest(get_engine(), since.date(), topic)
    except (IngestError, BotError) as err:
        fail(err)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
        return
    language = language or (detect_language(topic) if topic else "en")
    click.echo(digest_markdown(result, language), nl=False)
