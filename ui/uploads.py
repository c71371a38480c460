"""Library actions behind the Library page: save uploads, ingest files or a URL, remove.

No Streamlit here: each action returns an :class:`Outcome` the page renders, so that a bad
file or an unreachable link becomes a message, never a traceback.

Uploaded files are kept in ``<data_dir>/uploads`` and indexed as ``uploads/<name>``: a
namespace of their own, so an upload never replaces a corpus document of the same name, and
uploading a file of the same name again replaces the earlier upload.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.library import Library
from ingest.errors import IngestError
from ingest.loaders import supported_suffixes

log = logging.getLogger(__name__)

UPLOAD_TYPES = ("md", "txt", "html", "pdf", "docx")
"""The formats the upload widget offers (those ingest cannot read yet are reported as skipped)."""

UPLOAD_PREFIX = "uploads/"
"""Doc ids of uploaded files start with this (corpus doc ids are paths relative to the corpus)."""


@dataclass
class Outcome:
    """What an action did: an ingest report (as a dict), an error, or a plain message."""

    report: dict[str, Any] | None = None
    error: str | None = None
    message: str | None = None
    names: dict[str, str] = field(default_factory=dict)

    def display_name(self, location: str) -> str:
        """A path in the report as the user knows it (the uploaded file's name)."""
        return self.names.get(location) or Path(location).name or location


def upload_types() -> list[str]:
    """Extensions the upload widget accepts: the offered formats plus any ingest can read."""
    readable = {s.lstrip(".") for s in supported_suffixes()}
    return sorted(set(UPLOAD_TYPES) | readable)


def safe_name(name: str) -> str:
    """A file name safe to write in the uploads folder (no folders, no odd characters)."""
    base = Path(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\-]+", "-", base, flags=re.UNICODE)
    base = re.sub(r"-+(?=\.)", "", re.sub(r"-{2,}", "-", base)).strip(".-")
    return base or "upload"


def uploads_dir(library: Library) -> Path:
    """Where uploaded files are kept: ``<data_dir>/uploads``."""
    return library.settings.index.data_dir / "uploads"


def upload_doc_id(path: Path) -> str:
    """The doc id of the upload saved at ``path``: ``uploads/<saved name>``."""
    return UPLOAD_PREFIX + path.name


def save_uploads(files: Iterable[tuple[str, bytes]], folder: Path) -> dict[Path, str]:
    """Write uploaded files; return each saved path with its original name."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: dict[Path, str] = {}
    for name, data in files:
        path = folder / safe_name(name)
        path.write_bytes(data)
        saved[path] = name
    return saved


def ingest_uploads(library: Library, files: Iterable[tuple[str, bytes]]) -> Outcome:
    """Save uploads and ingest them; files that cannot be read are reported and deleted."""
    files = list(files)
    if not files:
        return Outcome(error="No hay archivos · No files selected")
    try:
        saved = save_uploads(files, uploads_dir(library))
    except OSError as err:
        return Outcome(error=f"No se pudo guardar · Could not save the upload: {err}")
    outcome = _ingest(library, [str(p) for p in saved], {str(p): upload_doc_id(p) for p in saved})
    outcome.names = {str(p): name for p, name in saved.items()}
    skipped = {item["path"] for item in (outcome.report or {}).get("skipped", [])}
    for path in saved:
        if outcome.error or str(path) in skipped:
            path.unlink(missing_ok=True)
    return outcome


def ingest_url(library: Library, url: str) -> Outcome:
    """Fetch a link and ingest it."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        return Outcome(error="Escriba un enlace http(s):// · Enter an http(s):// link")
    return _ingest(library, [url])


def remove_documents(library: Library, doc_ids: list[str]) -> Outcome:
    """Remove documents (and uploaded files that back them)."""
    folder = uploads_dir(library).resolve()
    removed = []
    try:
        for doc_id in doc_ids:
            doc = library.document(doc_id)
            if library.remove(doc_id):
                removed.append(doc.title if doc else doc_id)
                path = Path(doc.path) if doc and doc.path else None
                if path is not None and path.is_file() and path.resolve().parent == folder:
                    path.unlink()
    except IngestError as err:
        return Outcome(error=str(err))
    if not removed:
        return Outcome(error="Nada que eliminar · Nothing to remove")
    return Outcome(message="Eliminado · Removed: " + "; ".join(removed))


def _ingest(
    library: Library, sources: list[str], doc_ids: Mapping[str, str] | None = None
) -> Outcome:
    try:
        return Outcome(report=library.add(sources, doc_ids=doc_ids).as_dict())
    except IngestError as err:
        return Outcome(error=str(err))
    except Exception as err:  # the UI edge: a reader bug must not become a traceback
        log.exception("ingest of %s failed", sources)
        return Outcome(error=f"Error inesperado · Unexpected error: {type(err).__name__}: {err}")
