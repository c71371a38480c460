"""The request bodies accept exactly what their JSON Schema declares."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot.api.schemas import AskRequest, Language, SearchRequest, SourceType
from bot.filters import Filters
from ingest.types import SOURCE_TYPES

from .conftest import FakeEngine


def test_the_enums_are_the_source_types_and_languages() -> None:
    assert get_args(SourceType) == SOURCE_TYPES
    assert get_args(Language) == ("es", "en")
    props = AskRequest.model_json_schema()["properties"]
    assert props["source_types"]["items"]["enum"] == list(SOURCE_TYPES)
    assert props["languages"]["items"]["enum"] == ["es", "en"]


def test_the_schema_declares_dates_bounds_and_no_extra_fields(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("AskRequest", "SearchRequest", "ChatRequest"):
        props = schemas[name]["properties"]
        assert {"type": "string", "format": "date"} in props["date_from"]["anyOf"]
        assert {"type": "string", "format": "date"} in props["date_to"]["anyOf"]
        assert {"type": "integer", "minimum": 1, "maximum": 50} in props["k"]["anyOf"]
    assert schemas["AskRequest"]["additionalProperties"] is False
    assert schemas["SearchRequest"]["additionalProperties"] is False
    contains = schemas["ChatRequest"]["properties"]["messages"]["contains"]
    assert contains["properties"]["role"] == {"const": "user"}


def test_dates_become_the_iso_text_the_filters_want() -> None:
    body = AskRequest.model_validate({"question": "x", "date_from": "2024-01-05"})
    assert body.filters() == Filters(date_from="2024-01-05")


@pytest.mark.parametrize(
    "field, value",
    [
        ("k", "5"),
        ("k", 5.5),
        ("k", True),
        ("k", 0),
        ("date_from", 20240101),
        ("date_from", "2024-01-01T00:00:00"),
        ("date_from", "1 de enero de 2024"),
        ("date_to", "2024-02-30"),
        ("source_types", ["News"]),
        ("source_types", ["blog"]),
        ("languages", ["ES"]),
        ("languages", ["fr"]),
        ("places", "Piura"),
        ("stream", "true"),
        ("query", " \t\u3000"),
        ("query", 7),
    ],
)
def test_what_the_schema_forbids_is_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        AskRequest.model_validate({"question": "x", field: value} if field != "query" else {})
    with pytest.raises(ValidationError):
        SearchRequest.model_validate({"query": "Piura", field: value})


@pytest.mark.parametrize("k", [5, 5.0])
def test_an_integer_may_be_written_as_json_allows(k: float) -> None:
    assert SearchRequest.model_validate({"query": "Piura", "k": k}).k == 5


def test_a_question_of_any_visible_character_is_accepted(
    client: TestClient, engine: FakeEngine
) -> None:
    assert client.post("/v1/ask", json={"question": " \u200b "}).status_code == 200
    assert client.post("/v1/ask", json={"question": "\x1c\x85"}).status_code == 422
