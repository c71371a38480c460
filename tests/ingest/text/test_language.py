import pytest

from ingest.text import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿Y cuándo ocurrió eso?", "es"),
        ("¿Qué implicaría que EE. UU. designe al Perú aliado principal extra-OTAN?", "es"),
        ("What did the US do about it?", "en"),
        ("Brief me on extortion in Piura since 2024.", "en"),
        # accents in names say nothing of the question's language
        ("Who inaugurated the La Tina–Macará CEBAF?", "en"),
        ("How big is the Bayóvar phosphate mine in Sechura?", "en"),
        ("Quien inauguro el CEBAF de Macará", "es"),
        ("Según el último censo, cuánta población tenía Piura", "es"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
