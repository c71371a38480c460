"""Request and response bodies of the native API (``/health``, ``/v1/ask``, ``/v1/search``,
``/v1/brief``, ``/v1/digest``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, field_validator

from bot.brief import check_period
from bot.engine import Search
from bot.filters import Filters
from bot.types import PassageOut, passage_out

SourceType = Literal["news", "official", "report", "analysis", "opinion", "other"]
"""The source types a filter may name (``ingest.types.SOURCE_TYPES``)."""
Language = Literal["es", "en"]
"""The languages a filter may name."""
SPACE = r"\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Python's white space (``str.isspace``), spelt out: ``\\s`` differs between regex engines."""
NOT_BLANK = f"[^{SPACE}]"
"""The pattern of a text field: something in it besides white space."""


def _iso_date_text(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"cannot read the date '{value}' (use YYYY-MM-DD)")
    if not isinstance(value, str | dt.date):
        raise ValueError("a date is a string, YYYY-MM-DD")
    return value


def _whole_number(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Passages = Annotated[int, Field(ge=1, le=50), BeforeValidator(_whole_number)]
"""How many passages: 1 to 50, also when JSON writes it ``5.0`` (as JSON Schema allows an
integer to be written); never ``"5"``."""
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date_text)]
"""A calendar date written ``YYYY-MM-DD`` (JSON Schema ``format: date``), and nothing else."""


class RetrievalOptions(BaseModel):
    """How many passages to retrieve and which documents they may come from.

    Validation is strict (no coercion: ``"5"`` is not a ``k``), so that what the OpenAPI
    document declares is what is accepted.
    """

    model_config = ConfigDict(strict=True)

    k: Passages | None = Field(None, description="Passages to retrieve.")
    date_from: IsoDate | None = Field(
        None, description="Only sources published on/after this date (YYYY-MM-DD)."
    )
    date_to: IsoDate | None = Field(
        None, description="Only sources published on/before this date (YYYY-MM-DD)."
    )
    source_types: list[SourceType] = Field(default_factory=list, description="Source types.")
    languages: list[Language] = Field(default_factory=list, description="Source languages.")
    places: list[str] = Field(default_factory=list, description="Places the source names.")
    topics: list[str] = Field(default_factory=list, description="Topic tags of the source.")

    def filters(self) -> Filters:
        """The retrieval filters of this request."""
        return Filters.build(
            self.date_from.isoformat() if self.date_from else None,
            self.date_to.isoformat() if self.date_to else None,
            self.source_types,
            self.languages,
            self.places,
            self.topics,
        )


class AskRequest(RetrievalOptions):
    """A question, with optional retrieval options."""

    # a misspelt or nested option (``"filters": {...}``) would otherwise be ignored in silence
    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(
        ...,
        pattern=NOT_BLANK,
        description="The question (at most `max_question_chars` characters).",
        examples=["¿Qué es un aliado extra-OTAN?"],
    )
    conversation_id: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Continue a conversation: follow-up questions are understood.",
    )
    stream: bool = Field(
        False,
        description="Reply with Server-Sent Events: `delta` pieces, the `answer`, then `done`.",
    )


class SearchRequest(RetrievalOptions):
    """A query for passages, with optional retrieval options."""

    model_config = ConfigDict(extra="forbid", strict=True)

    query: str = Field(
        ...,
        pattern=NOT_BLANK,
        description="The query (at most `max_question_chars` characters).",
        examples=["extorsión a transportistas"],
    )


Period = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
"""An event date at any precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""


class BriefRequest(BaseModel):
    """A topic to brief on, with the brief's options (``since``/``until`` bound event dates)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    topic: str = Field(
        ...,
        pattern=NOT_BLANK,
        description="The topic (at most `max_question_chars` characters).",
        examples=["extorsión en Piura"],
    )
    since: Period | None = Field(None, description="First event date (YYYY, YYYY-MM, YYYY-MM-DD).")
    until: Period | None = Field(None, description="Last event date (YYYY, YYYY-MM, YYYY-MM-DD).")
    language: Language | None = Field(
        None, description="The brief's language (headings, lead); default: the topic's."
    )
    source_types: list[SourceType] = Field(default_factory=list, description="Source types.")
    places: list[str] = Field(default_factory=list, description="Places named by the sources.")

    @field_validator("since", "until")
    @classmethod
    def _readable_period(cls, value: str | None) -> str | None:
        return check_period(value)


DIGEST_TOPIC_CHARS = 200
"""The longest digest topic: a topic is a few words, matched against tags and titles."""


class DigestRequest(BaseModel):
    """A date, and optionally a topic: what the index gained since then."""

    model_config = ConfigDict(extra="forbid", strict=True)

    since: IsoDate = Field(
        ...,
        description="First day that counts: documents ingested or published since (YYYY-MM-DD).",
        examples=["2024-01-01"],
    )
    topic: str | None = Field(
        None,
        pattern=NOT_BLANK,
        max_length=DIGEST_TOPIC_CHARS,
        description="Only documents on this topic (its tag, or all its words).",
    )


class SearchResult(BaseModel):
    """The passages retrieved for a query, best first."""

    query: str
    language: str
    passages: list[PassageOut]

    @classmethod
    def from_search(cls, search: Search) -> SearchResult:
        """The engine's search result, as sent to clients."""
        return cls(
            query=search.query,
            language=search.language,
            passages=[passage_out(p) for p in search.passages],
        )


class Health(BaseModel):
    """Liveness and index size."""

    status: str
    chunks: int
    embedders: list[str]
