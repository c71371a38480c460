"""The ``briefbot`` command line (click).

Each command lives in the module named for its job; this package only assembles them
into the ``briefbot`` group.

Exit codes: 0 ok, 1 user error (a one-line message on stderr, raised as
:class:`click.ClickException`), 2 bad usage (click's own usage errors).
"""

from __future__ import annotations

import click

from bot.cli import answers, brief, digest, docs, evaluation, index, keys, run, servers
from bot.cli.mcp import mcp_command

__all__ = ["main"]


@click.group()
@click.version_option(package_name="briefbot")
def main() -> None:
    """briefbot: cited, bilingual briefings on Peru–US–Ecuador security."""


for _command in (
    index.ingest,
    index.models,
    answers.ask,
    answers.chat,
    brief.brief,
    digest.digest,
    servers.serve,
    servers.ui,
    mcp_command,
    run.run,
    docs.docs,
    evaluation.eval_command,
    keys.keys,
):
    main.add_command(_command)
