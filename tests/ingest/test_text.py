import pytest

from ingest.text import detect_language, parse_date


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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿Y cuándo ocurrió eso?", "es"),
        ("¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?", "es"),
        ("What did the US do about it?", "en"),
        ("Brief me on extortion in Piura since 2024.", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_pdf_cleaning_joins_hyphenated_words_but_keeps_real_hyphens() -> None:
    from ingest.text import clean_pdf_text

    assert clean_pdf_text("extor-\nsión en Piura") == "extorsión en Piura"
    assert clean_pdf_text("US-\nEcuador talks") == "US-Ecuador talks"
