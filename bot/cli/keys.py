"""``briefbot keys create``: a new API key, printed once, its hash kept in the keys file."""

from __future__ import annotations

from pathlib import Path

import click

from bot.keys import ROLES, Role, append_key, new_key
from ingest.config import get_settings

DEFAULT_FILE = "api_keys"
"""The keys file under the data dir, when ``BRIEFBOT_API_KEYS_FILE`` is unset."""


@click.group()
def keys() -> None:
    """Manage the API keys of `briefbot serve`."""


@keys.command()
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="read",
    show_default=True,
    help="What the key may do.",
)
@click.option(
    "--file",
    "keys_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Keys file (default: BRIEFBOT_API_KEYS_FILE, else <data_dir>/api_keys).",
)
def create(role: Role, keys_file: Path | None) -> None:
    """Print a new random key (shown only this once) and add its sha256 hash to the keys file."""
    settings = get_settings()
    target = keys_file or settings.server.api_keys_file or settings.index.data_dir / DEFAULT_FILE
    key = new_key()
    try:
        append_key(target, key, role)
    except OSError as err:
        raise click.ClickException(f"cannot write the keys file {target}: {err}") from err
    click.echo(key)
    note = f"added a {role} key to {target}; it is not stored anywhere in clear."
    if settings.server.api_keys_file is None or settings.server.api_keys_file != target:
        note += f" The server reads it with BRIEFBOT_API_KEYS_FILE={target}."
    click.echo(note, err=True)
