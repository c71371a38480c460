"""Uploaded files: where they are kept, their doc ids, and which ones can be read.

Uploads are saved in ``<data_dir>/uploads`` and indexed as ``uploads/<safe name>``: a
namespace of their own, so an upload never replaces a corpus document of the same name. An
upload whose doc id is taken is refused (HTTP 409) unless the client asks to replace it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ingest.loaders import supported_suffixes

UPLOAD_PREFIX = "uploads/"
"""Doc ids of uploaded files start with this (corpus doc ids are paths relative to the corpus)."""


def safe_name(name: str) -> str:
    """A file name safe to write in the uploads folder (no folders, no odd characters)."""
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\-]+", "-", base, flags=re.UNICODE)
    base = re.sub(r"-+(?=\.)", "", re.sub(r"-{2,}", "-", base)).strip(".-")
    return base or "upload"


def upload_doc_id(name: str) -> str:
    """The doc id an upload called ``name`` gets: ``uploads/<safe name>``."""
    return UPLOAD_PREFIX + safe_name(name)


def readable(name: str) -> bool:
    """Whether ingest has a reader for a file called ``name`` (by its extension)."""
    return Path(name).suffix.lower() in supported_suffixes()


def unsupported(name: str) -> str:
    """The reason a file called ``name`` is skipped when ingest has no reader for it (the
    CLI's words, :func:`ingest.loaders.load_file`)."""
    return f"unsupported file type '{Path(name).suffix or name}'"
