"""Reading what the API sends: filters as request fields, error details, SSE events."""

from __future__ import annotations

import pytest

from bot.api.schemas import AskRequest
from bot.errors import RemoteError
from bot.filters import Filters
from bot.remote import Job, detail_of, events, filter_fields, parse


def test_filter_fields_are_the_request_s_and_round_trip() -> None:
    filters = Filters.build("2024-01-01", None, ["news", "report"], ["es"], ["Quito"], ["minería"])
    fields = filter_fields(filters)
    assert fields == {
        "date_from": "2024-01-01",
        "source_types": ["news", "report"],
        "languages": ["es"],
        "places": ["quito"],
        "topics": ["minería"],
    }
    assert AskRequest.model_validate({"question": "q", **fields}).filters() == filters
    assert filter_fields(Filters()) == {} and filter_fields(None) == {}


def test_events_reads_names_data_and_multiline_data() -> None:
    lines = [
        ": a comment",
        "event: delta",
        'data: {"text": "Hola"}',
        "",
        "id: 3",
        "data: first",
        "data:second",
        "",
        "",
        "event: done",
        "data: {}",
    ]
    assert list(events(lines)) == [
        ("delta", '{"text": "Hola"}'),
        ("message", "first\nsecond"),
        ("done", "{}"),
    ]


@pytest.mark.parametrize(
    "body, detail",
    [
        (b'{"detail": "no such document"}', "no such document"),
        (
            b'{"detail": [{"loc": ["body", "k"], "msg": "Input should be a valid integer"},'
            b' {"loc": ["body"], "msg": "Field required"}]}',
            "k: Input should be a valid integer; Field required",
        ),
        (b'{"error": {"message": "bad model", "type": "invalid_request_error"}}', "bad model"),
        (b"Internal Server Error", "Internal Server Error"),
        (b"", "(empty body)"),
    ],
)
def test_detail_of_finds_the_server_s_words(body: bytes, detail: str) -> None:
    assert detail_of(body) == detail


def test_parse_validates_and_an_unexpected_reply_is_a_remote_error() -> None:
    job = parse(
        b'{"job_id": "j1", "status": "running", "progress": {"done": 1, "total": 3}}', Job, "x"
    )
    assert (job.progress.done, job.progress.total, job.over) == (1, 3, False)
    with pytest.raises(RemoteError, match="the reply of /v1/jobs/j1 is not") as err:
        parse(b'{"job_id": "j1", "status": "lost"}', Job, "/v1/jobs/j1", 200)
    assert err.value.status == 200
