"""``briefbot mcp``: the MCP server on stdin/stdout, for a client that starts briefbot itself."""

from __future__ import annotations

import contextlib

import click

from ingest.config import get_settings


@click.command("mcp")
def mcp_command() -> None:
    """Serve the MCP tools search, ask and brief on stdin/stdout.

    For an MCP client that starts the server itself (Claude Desktop, an IDE): stdout carries
    the protocol and nothing else, logs go to stderr. The index is opened on the first call;
    the server stops when stdin closes.
    """
    from bot.mcp import build_server

    server = build_server(get_settings())
    with contextlib.suppress(KeyboardInterrupt):
        server.run("stdio")
