"""Errors raised by the bot package.

::

    BotError                    base: a user-facing problem with a clear message
    ├── BadRequest              the question or its options are invalid
    ├── KeyFileError            an API key or a line of the keys file cannot be read
    └── RemoteError             a briefbot API called over HTTP failed or could not be reached

Ingest errors (``ingest.errors.IngestError`` and its subclasses) pass through unchanged; each
edge (CLI, API, UI) translates both trees once.
"""

from __future__ import annotations


class BotError(Exception):
    """Base class for bot errors; ``str(err)`` is a message for the user."""


class BadRequest(BotError):
    """The question or its options are invalid."""


class KeyFileError(BotError):
    """An API key (in ``BRIEFBOT_API_KEYS`` or the keys file) cannot be read."""


class RemoteError(BotError):
    """A briefbot API called over HTTP failed; ``status`` is its HTTP status (None: no reply)
    and ``detail`` the server's own message, when it sent one."""

    def __init__(self, message: str, status: int | None = None, detail: str | None = None) -> None:
        """An error with the message for the user, the HTTP status and the server's detail."""
        super().__init__(message)
        self.status = status
        self.detail = detail
