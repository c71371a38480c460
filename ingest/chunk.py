"""Split a document into passages on paragraph and sentence boundaries."""

from __future__ import annotations

import bisect
from functools import lru_cache

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.types import Chunk, SourceDoc

SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


@lru_cache(maxsize=8)
def _splitter(size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )


def chunk_document(doc: SourceDoc, *, size: int = 900, overlap: int = 120) -> list[Chunk]:
    """Cut ``doc.text`` into chunks of about ``size`` characters.

    Each chunk knows its character span in the document and, for paginated sources, the page
    where it starts. Ids are ``"{doc_id}#{n}"`` with ``n`` counting from 0, so re-ingesting the
    same text gives the same ids.
    """
    pieces = _splitter(size, min(overlap, size // 2)).split_text(doc.text)
    page_starts = [start for _, start in doc.pages]
    chunks: list[Chunk] = []
    search_from = 0
    for piece in pieces:
        start = doc.text.find(piece, search_from)
        if start < 0:
            start = search_from
        end = start + len(piece)
        search_from = start + 1  # chunks come in order; overlap means the next starts before end
        page = None
        if doc.pages:
            page = doc.pages[max(0, bisect.bisect_right(page_starts, start) - 1)][0]
        n = len(chunks)
        chunks.append(Chunk(f"{doc.doc_id}#{n}", doc.doc_id, n, piece, start, end, page, doc.meta))
    return chunks
