"""Request and response bodies of the native API (``/health``, ``/v1/ask``, ``/v1/search``,
``/v1/brief``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from bot.brief import check_period
from bot.engine import Search
from bot.filters import Filters
from bot.types import PassageOut, passage_out
from ingest.text import parse_date

MAX_QUESTION = 2000
"""Longest question or query accepted, in characters."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is blank")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
"""A string with something in it besides white space."""


class RetrievalOptions(BaseModel):
    """How many passages to retrieve and which documents they may come from."""

    k: int | None = Field(None, ge=1, le=50, description="Passages to retrieve.")
    date_from: str | None = Field(None, description="Only sources published on/after this date.")
    date_to: str | None = Field(None, description="Only sources published on/before this date.")
    source_types: list[str] = Field(
        default_factory=list, description="news, official, report, analysis, opinion"
    )
    languages: list[str] = Field(default_factory=list, description="Source languages: es, en.")
    places: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)

    @field_validator("date_from", "date_to")
    @classmethod
    def _readable_date(cls, value: str | None) -> str | None:
        if value and parse_date(value) is None:
            raise ValueError(f"cannot read the date '{value}' (use YYYY-MM-DD)")
        return value

    def filters(self) -> Filters:
        """The retrieval filters of this request."""
        return Filters.build(
            self.date_from,
            self.date_to,
            self.source_types,
            self.languages,
            self.places,
            self.topics,
        )


class AskRequest(RetrievalOptions):
    """A question, with optional retrieval options."""

    # a misspelt or nested option (``"filters": {...}``) would otherwise be ignored in silence
    model_config = ConfigDict(extra="forbid")

    question: Text = Field(
        ..., min_length=1, max_length=MAX_QUESTION, examples=["¿Qué es un aliado extra-OTAN?"]
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

    model_config = ConfigDict(extra="forbid")

    query: Text = Field(
        ..., min_length=1, max_length=MAX_QUESTION, examples=["extorsión a transportistas"]
    )


class BriefRequest(BaseModel):
    """A topic to brief on, with the brief's options (``since``/``until`` bound event dates)."""

    model_config = ConfigDict(extra="forbid")

    topic: Text = Field(..., min_length=1, max_length=MAX_QUESTION, examples=["extorsión en Piura"])
    since: str | None = Field(None, description="First event date (YYYY, YYYY-MM, YYYY-MM-DD).")
    until: str | None = Field(None, description="Last event date (YYYY, YYYY-MM, YYYY-MM-DD).")
    language: Literal["es", "en"] | None = Field(
        None, description="The brief's language (headings, lead); default: the topic's."
    )
    source_types: list[str] = Field(
        default_factory=list, description="news, official, report, analysis, opinion"
    )
    places: list[str] = Field(default_factory=list, description="Places named by the sources.")

    @field_validator("since", "until")
    @classmethod
    def _readable_period(cls, value: str | None) -> str | None:
        return check_period(value)


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
