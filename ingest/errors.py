"""Errors raised by ingest.

::

    IngestError                 base: a user-facing problem with a clear message
    ├── SourceError             one source cannot be read (reported, the batch goes on)
    ├── PathNotFound            a path given on the command line does not exist
    ├── EmbedderMismatch        the index was built with another embedder: rebuild it
    ├── IndexUnreadable         the data dir is corrupt or from another version: rebuild it
    ├── IndexBusy               another process owns the data dir (names it)
    └── StoreUnavailable        the Chroma server cannot be reached
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class for ingest errors; ``str(err)`` is a message for the user."""


class SourceError(IngestError):
    """A source could not be read or has no usable text."""


class PathNotFound(IngestError):
    """A path given to ingest does not exist."""


class EmbedderMismatch(IngestError):
    """The stored index was built with a different embedder or dimension."""


class IndexUnreadable(IngestError):
    """The index's files cannot be read (corrupt, truncated, or another version's)."""


class IndexBusy(IngestError):
    """Another process owns the data dir (:mod:`ingest.owner`); the message names it."""


class StoreUnavailable(IngestError):
    """The vector store cannot be opened or reached."""
