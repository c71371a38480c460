"""A brief's coverage line: how many documents, their dates, languages and types, and what
kinds of source are missing (no official source, a language with no source, a single
source, no dated event)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.strings import say
from bot.types import Citation


class Coverage(BaseModel):
    """What the cited documents cover, and what kinds of source are missing."""

    documents: int = 0
    date_range: list[str] = Field(default_factory=list, description="[first, last] published")
    languages: list[str] = Field(default_factory=list)
    source_types: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


def coverage(citations: list[Citation], has_events: bool, language: str) -> Coverage:
    """The coverage of the cited documents, and what is missing, in ``language``."""
    docs: dict[str, Citation] = {}
    for c in citations:
        docs.setdefault(c.doc_id, c)
    published = sorted(c.published for c in docs.values() if c.published)
    languages = sorted({c.language for c in docs.values() if c.language})
    types = sorted({c.source_type for c in docs.values() if c.source_type})
    missing = []
    if docs and "official" not in types:
        missing.append(say("no_official", language))
    for code, key in (("es", "no_spanish"), ("en", "no_english")):
        if docs and code not in languages:
            missing.append(say(key, language))
    if len(docs) == 1:
        missing.append(say("single_source", language))
    if docs and not has_events:
        missing.append(say("no_events", language))
    date_range = [published[0], published[-1]] if published else []
    return Coverage(
        documents=len(docs),
        date_range=date_range,
        languages=languages,
        source_types=types,
        missing=missing,
    )
