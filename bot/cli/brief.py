"""``briefbot brief TOPIC``: a cited brief (key points, timeline, actors, sources) on a topic."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.options import fail
from bot.cli.remote import find_client
from bot.errors import BotError
from ingest.config import get_settings
from ingest.errors import IngestError


@click.command()
@click.argument("topic")
@click.option("--since", help="First event date of the timeline (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Last event date of the timeline (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["es", "en"]),
    help="Language of the brief's headings and lead (default: the topic's); quotes keep theirs.",
)
@click.option(
    "--type",
    "source_types",
    multiple=True,
    help="Source type: news, official, report, analysis, opinion (repeatable).",
)
@click.option("--place", "places", multiple=True, help="Place named by the source (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "pdf"]),
    default="md",
    show_default=True,
    help="Markdown with numbered references, the JSON contract, or PDF (needs -o).",
)
@click.option(
    "-o",
    "output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the brief to FILE instead of printing it.",
)
def brief(
    topic: str,
    since: str | None,
    until: str | None,
    language: str | None,
    source_types: tuple[str, ...],
    places: tuple[str, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """A cited brief on TOPIC (Spanish or English): key points, a dated timeline, actors and
    places, sources and coverage."""
    from bot.brief import brief_markdown, build_brief, check_period
    from bot.factory import get_engine

    if not topic.strip():
        raise click.BadParameter("the topic is empty", param_hint="TOPIC")
    if fmt == "pdf" and output is None:
        raise click.UsageError("--format pdf writes a file: give it with -o FILE")
    for name, value in (("--since", since), ("--until", until)):
        try:
            check_period(value)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint=name) from err
    client = find_client(get_settings())
    try:
        if client is not None:
            result = client.brief(topic, since, until, language, source_types, places)
        else:
            result = build_brief(
                get_engine(),
                topic,
                since=since,
                until=until,
                language=language,
                source_types=source_types,
                places=places,
            )
    except (IngestError, BotError) as err:
        fail(err)
    if fmt == "pdf" and output is not None:
        from bot.brief.pdf import brief_pdf

        output.write_bytes(brief_pdf(result))
        click.echo(str(output), err=True)
        return
    text = result.model_dump_json(indent=2) if fmt == "json" else brief_markdown(result)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        click.echo(str(output), err=True)
