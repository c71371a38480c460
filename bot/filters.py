"""Metadata filters on retrieval: date range, source type, language, place and topic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.text import parse_date
from ingest.types import SourceInfo


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to passages whose document matches every given field."""

    date_from: str | None = None
    date_to: str | None = None
    source_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        date_from: str | None = None,
        date_to: str | None = None,
        source_types: Any = (),
        languages: Any = (),
        places: Any = (),
        topics: Any = (),
    ) -> Filters:
        """Build from loose input (strings, lists, None), validating dates.

        Raises:
            ValueError: a date that cannot be parsed.
        """

        def norm(values: Any) -> tuple[str, ...]:
            if not values:
                return ()
            if isinstance(values, str):
                values = values.split(",")
            return tuple(str(v).strip().lower() for v in values if str(v).strip())

        dates = []
        for value in (date_from, date_to):
            parsed = parse_date(value) if value else None
            if value and parsed is None:
                raise ValueError(f"cannot read the date '{value}' (use YYYY-MM-DD)")
            dates.append(parsed)
        return cls(
            dates[0], dates[1], norm(source_types), norm(languages), norm(places), norm(topics)
        )

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.date_from
            or self.date_to
            or self.source_types
            or self.languages
            or self.places
            or self.topics
        )

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause (None when nothing is filtered)."""
        clauses: list[dict[str, Any]] = []
        if self.date_from:
            clauses.append({"published_ord": {"$gte": int(self.date_from.replace("-", ""))}})
        if self.date_to:
            clauses.append({"published_ord": {"$lte": int(self.date_to.replace("-", ""))}})
        if self.source_types:
            clauses.append({"source_type": {"$in": list(self.source_types)}})
        if self.languages:
            clauses.append({"language": {"$in": list(self.languages)}})
        if self.places:
            clauses.append(_any_of("places_lc", self.places))
        if self.topics:
            clauses.append(_any_of("topics_lc", self.topics))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, source: SourceInfo) -> bool:
        """Whether a chunk's source passes the filters (for lexical-only hits)."""
        published = source.published
        if (self.date_from or self.date_to) and not published:
            return False
        if self.date_from and str(published) < self.date_from:
            return False
        if self.date_to and str(published) > self.date_to:
            return False
        if self.source_types and source.source_type not in self.source_types:
            return False
        if self.languages and source.language not in self.languages:
            return False
        if self.places and not set(self.places) & {p.lower() for p in source.places}:
            return False
        return not (self.topics and not set(self.topics) & {t.lower() for t in source.topics})


def _any_of(field: str, values: tuple[str, ...]) -> dict[str, Any]:
    options = [{field: {"$contains": v}} for v in values]
    return options[0] if len(options) == 1 else {"$or": options}
