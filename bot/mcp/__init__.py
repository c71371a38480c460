"""briefbot as a Model Context Protocol server: its tools (:mod:`bot.mcp.server`), served on
stdio by ``briefbot mcp`` and over Streamable HTTP at the API's ``/mcp`` (:mod:`bot.api.mcp`)."""

from bot.mcp.server import build_server

__all__ = ["build_server"]
