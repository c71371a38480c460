"""What the commands share: the retrieval filter flags, ``-k`` and the error translation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from bot.filters import Filters

F = TypeVar("F", bound=Callable[..., Any])

passages_option = click.option("-k", "k", type=click.IntRange(1, 50), help="Passages to retrieve.")
"""``-k``: how many passages ``ask`` and ``chat`` retrieve (default: the setting)."""


def fail(err: Exception) -> NoReturn:
    """Turn a domain error into a one-line message and exit code 1.

    Args:
        err: An :class:`ingest.errors.IngestError` or :class:`bot.errors.BotError`.

    Raises:
        click.ClickException: Always, with the error's message, chained to ``err``.
    """
    raise click.ClickException(str(err)) from err


def filter_options(func: F) -> F:
    """Add the retrieval filter flags shared by ``ask`` and ``chat`` to a command.

    The values arrive as the keyword arguments ``date_from``, ``date_to``,
    ``source_types``, ``languages``, ``places`` and ``topics``; :func:`filters_from`
    turns them into :class:`bot.filters.Filters`.
    """
    options = [
        click.option("--from", "date_from", help="Only sources published on/after (YYYY-MM-DD)."),
        click.option("--to", "date_to", help="Only sources published on/before (YYYY-MM-DD)."),
        click.option(
            "--type",
            "source_types",
            multiple=True,
            help="Source type: news, official, report, analysis, opinion (repeatable).",
        ),
        click.option("--lang", "languages", multiple=True, help="Source language: es, en."),
        click.option("--place", "places", multiple=True, help="Place named by the source."),
        click.option("--topic", "topics", multiple=True, help="Topic tag of the source."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def filters_from(kwargs: dict[str, Any]) -> Filters:
    """The filters given by the flags of :func:`filter_options`.

    Args:
        kwargs: The command's keyword arguments holding the filter flags.

    Returns:
        The validated filters.

    Raises:
        click.BadParameter: A date cannot be read (use YYYY-MM-DD); click exits with 2.
    """
    try:
        return Filters.build(
            kwargs.get("date_from"),
            kwargs.get("date_to"),
            kwargs.get("source_types"),
            kwargs.get("languages"),
            kwargs.get("places"),
            kwargs.get("topics"),
        )
    except ValueError as err:
        raise click.BadParameter(str(err)) from err
