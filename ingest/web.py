"""Fetch a URL and load it like a file: HTML, PDF, plain text, Markdown or DOCX.

The download follows redirects, has one deadline for the whole transfer and stops as soon as
the body passes the size cap. The format comes from the ``Content-Type``; when a server only
says ``application/octet-stream`` (or nothing), from the URL's file extension, then from the
first bytes. Every failure (unreachable host, HTTP error, timeout, too large, unknown type)
is a :class:`SourceError` with a reason the user can act on.
"""

from __future__ import annotations

import codecs
import functools
import re
import time
from pathlib import PurePosixPath
from urllib.parse import urlparse

import httpx

from ingest.errors import SourceError
from ingest.formats import parse_html
from ingest.loaders import (
    LOADERS,
    MEDIA_TYPES,
    Parser,
    format_size,
    load_bytes,
    parse_markdown,
    parse_text,
)
from ingest.types import SourceDoc

USER_AGENT = "briefbot/0.1 (document ingest)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.9,*/*;q=0.5"
)
_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/download"}


def load_url(url: str, *, max_bytes: int, timeout: float) -> SourceDoc:
    """Download ``url`` and load it; the doc id is the URL as given.

    Args:
        url: an ``http://`` or ``https://`` URL.
        max_bytes: the download is abandoned past this many bytes.
        timeout: seconds allowed for the whole download (connect, wait and transfer).

    Returns:
        The document, with ``url`` metadata set to the final URL (after redirects).

    Raises:
        SourceError: the URL cannot be fetched or its content cannot be used.
    """
    final_url, content_type, data = fetch(url, max_bytes=max_bytes, timeout=timeout)
    media_type, _, params = content_type.partition(";")
    parser = parser_for(media_type.strip(), final_url, data)
    if parser in (parse_text, parse_markdown):
        data = _to_utf8(data, params)
    return load_bytes(data, parser, url, url=final_url)


def fetch(url: str, *, max_bytes: int, timeout: float) -> tuple[str, str, bytes]:
    """Download ``url``: (final URL, ``Content-Type`` in lower case, body).

    Raises:
        SourceError: bad URL, unreachable host, HTTP error status, timeout, body too large.
    """
    if urlparse(url).scheme not in {"http", "https"}:
        raise SourceError(f"not an http(s) URL: {url}")
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(_too_large(int(declared), max_bytes))
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > max_bytes:
                    raise SourceError(_too_large(len(body), max_bytes, partial=True))
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline passed", request=response.request)
            content_type = response.headers.get("content-type", "").strip().lower()
            final_url = str(response.url)
    except httpx.TimeoutException as err:
        raise SourceError(f"timed out after {timeout:g} s fetching {url}") from err
    except httpx.ConnectError as err:
        host = urlparse(url).netloc
        raise SourceError(f"cannot reach {host}: {err or 'connection failed'}") from err
    except httpx.TooManyRedirects as err:
        raise SourceError(f"too many redirects fetching {url}") from err
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise SourceError(f"download failed: {type(err).__name__}: {err}") from err
    if not body:
        raise SourceError("empty response body")
    return final_url, content_type, bytes(body)


def parser_for(media_type: str, url: str, data: bytes) -> Parser:
    """The parser for a download: by media type, else by URL extension, else by content.

    Raises:
        SourceError: the type is not one ingest can read.
    """
    parser = MEDIA_TYPES.get(media_type)
    if parser is None and media_type in _GENERIC_TYPES:
        suffix = PurePosixPath(urlparse(url).path).suffix.lower()
        parser = LOADERS.get(suffix) or _sniff(data)
    if parser is None:
        raise SourceError(f"unsupported content type '{media_type or 'none'}'")
    if parser is parse_html:
        return functools.partial(parse_html, url=url)
    return parser


def _to_utf8(data: bytes, params: str) -> bytes:
    """Re-encode text the server declared in another charset (HTML declares its own).

    Valid UTF-8 stays as it is: servers often declare ISO-8859-1 by default.
    """
    match = re.search(r"charset=[\"']?([\w.:-]+)", params)
    if match is None:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(codecs.lookup(match[1]).name, errors="replace").encode("utf-8")
    except LookupError:
        return data


def _sniff(data: bytes) -> Parser | None:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return LOADERS[".pdf"]
    if head.startswith((b"<!doctype html", b"<html")):
        return parse_html
    if head.startswith(b"pk\x03\x04") and b"word/" in data[:65536]:
        return LOADERS[".docx"]
    return None


def _too_large(size: int, cap: int, *, partial: bool = False) -> str:
    amount = f"more than {format_size(cap)}" if partial else format_size(size)
    return f"download is {amount}, above the {format_size(cap)} cap"
