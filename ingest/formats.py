"""Parsers for markup and binary formats (HTML, PDF, DOCX), from bytes.

Each parser turns the raw bytes of a file or a download into a :class:`ingest.types.Loaded`
(text, metadata found in the source, pages, warnings), so that files and URLs share one code
path. They raise :class:`SourceError` with a reason the user can act on; any other error
from the third-party parsers is wrapped by :func:`ingest.loaders.load_bytes`.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ingest.errors import SourceError
from ingest.text import clean_pdf_text, normalize_text, strip_page_furniture
from ingest.types import Loaded

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""htmldate: dates from markup only; a free-text search picks dates the article merely cites."""

_JUNK_PDF_TITLE = re.compile(r"^(untitled|microsoft \w+ - .*|.*\.(docx?|pdf|odt|rtf))$", re.I)


def parse_html(data: bytes, url: str | None = None) -> Loaded:
    """Main text of a web page (no navigation, ads, cookie banners or scripts) and its metadata.

    Args:
        data: the page as bytes (trafilatura detects the encoding).
        url: where the page was fetched from, if it was; helps metadata extraction.

    Returns:
        Text with one blank line between paragraphs; ``title``, ``published`` and ``source``
        (the site name, else the author, else the host name) when the page gives them.

    Raises:
        SourceError: no main text in the page.
    """
    from trafilatura import bare_extraction

    with _captured_log("trafilatura"), _captured_log("htmldate"):
        extracted: Any = bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    if extracted is None or not (extracted.text or "").strip():
        raise SourceError("no text found (the page has no main text: scripts or navigation only?)")
    text = normalize_text(extracted.text)
    text = re.sub(r"(?<!\n)\n(?!\n)", "\n\n", text)
    found: dict[str, Any] = {}
    if extracted.title:
        found["title"] = extracted.title
    if extracted.date:
        found["published"] = extracted.date
    source = _html_source(
        extracted.sitename, extracted.author, [extracted.hostname, extracted.url, url]
    )
    if source:
        found["source"] = source
    if extracted.url and not url:
        found["url"] = extracted.url
    return Loaded(text, found)


def _html_source(
    sitename: str | None, author: str | None, locations: list[str | None]
) -> str | None:
    """The publisher: a declared site name, else the author, else the host name.

    trafilatura falls back to the host name for the site name; that is a weaker publisher
    than a named author, so it only comes last.
    """
    where = " ".join(loc.lower() for loc in locations if loc)
    declared = sitename if sitename and sitename.lower() not in where else None
    return declared or author or sitename or None


def parse_pdf(data: bytes) -> Loaded:
    """Text of a PDF, page by page, with ``(page_number, start_offset)`` pairs.

    Running headers, footers and page numbers are removed
    (:func:`ingest.text.strip_page_furniture`), words hyphenated at line ends are joined and
    hard line breaks unwrapped; pages are separated by a blank line. The document title comes
    from the PDF metadata unless it is a placeholder such as "Microsoft Word - draft.docx".

    Raises:
        SourceError: not a PDF, damaged or truncated, encrypted, or without a text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise SourceError("not a PDF (no %PDF- header)")
    with _captured_log("pypdf") as log:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise SourceError("encrypted PDF (a password is needed)")
            page_texts = [page.extract_text() or "" for page in reader.pages]
            title = _pdf_title(reader)
        except SourceError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as err:
            hint = "truncated or damaged" if b"%%EOF" not in data[-2048:] else "damaged"
            raise SourceError(f"{hint} PDF ({type(err).__name__}: {err})") from err
    if not page_texts:
        raise SourceError("the PDF has no pages")
    text, pages, left_out = _join_pages(page_texts)
    warnings = [f"PDF read with problems: {msg}" for msg in log[:3]] + left_out
    found = {"title": title} if title else {}
    return Loaded(text, found, pages, tuple(warnings))


def _join_pages(page_texts: list[str]) -> tuple[str, tuple[tuple[int, int], ...], list[str]]:
    """The pages without their furniture, cleaned and joined; their offsets; warnings.

    Removed furniture is normal and goes unreported, except on a page that held nothing else
    (and so is left out).
    """
    raw = [normalize_text(text) for text in page_texts]
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    warnings: list[str] = []
    offset = 0
    for number, (before, after) in enumerate(zip(raw, strip_page_furniture(raw), strict=True), 1):
        page_text = normalize_text(clean_pdf_text(after))
        if not page_text:
            if before:
                lines = sum(1 for line in before.splitlines() if line.strip())
                warnings.append(
                    f"page {number} left out: nothing but running headers, footers or page "
                    f"numbers ({lines} lines)"
                )
            continue
        pages.append((number, offset))
        parts.append(page_text)
        offset += len(page_text) + 2
    if not parts:
        raise SourceError(
            "no text besides running headers and footers"
            if warnings
            else "no text layer (scanned PDF?)"
        )
    return "\n\n".join(parts), tuple(pages), warnings


def _pdf_title(reader: Any) -> str | None:
    meta = reader.metadata
    title = str(meta.title or "").strip() if meta is not None else ""
    return title if title and not _JUNK_PDF_TITLE.match(title) else None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _captured_log(name: str) -> Iterator[list[str]]:
    """Collect a library's log warnings instead of letting them reach the user's terminal.

    pypdf's become document warnings; trafilatura's ("discarding data: None") say nothing
    the skip reason does not already say.
    """
    logger = logging.getLogger(name)
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def parse_docx(data: bytes) -> Loaded:
    """Paragraphs, headings and tables of a Word document, in order.

    The title comes from the document properties, else the first heading.

    Raises:
        SourceError: not a Word (.docx) file.
    """
    import zipfile

    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise SourceError(f"not a readable .docx file ({type(err).__name__}: {err})") from err
    blocks: list[str] = []
    heading: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_rows(item))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if heading is None and (style == "Title" or style.startswith("Heading")):
            heading = text
        blocks.append(text)
    found: dict[str, Any] = {}
    title = (document.core_properties.title or "").strip() or heading
    if title:
        found["title"] = title
    return Loaded(normalize_text("\n\n".join(blocks)), found)


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield " | ".join(cells)
