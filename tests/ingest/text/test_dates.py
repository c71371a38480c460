import pytest

from ingest.text import parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-09", "2024-01-09"),
        ("9 de enero de 2024", "2024-01-09"),
        ("12 setiembre 2025", "2025-09-12"),
        ("January 9, 2024", "2024-01-09"),
        ("9 January 2024", "2024-01-09"),
        ("09/01/2024", "2024-01-09"),
        ("sometime in 2024", None),
        ("2024-02-30", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected
