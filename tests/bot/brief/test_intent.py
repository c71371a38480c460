"""Which chat messages ask for a brief, and the topic they name, in Spanish and English."""

from __future__ import annotations

import pytest

from bot.brief.intent import brief_topic


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("Brief me on extortion in Piura since 2024", "extortion in Piura since 2024"),
        ("brief me about the Paita port.", "the Paita port"),
        ("Give me a brief on Ecuador's prisons", "Ecuador's prisons"),
        ("Please write me a briefing about cocaine routes, please", "cocaine routes"),
        ("What do we know about the VRAEM?", "the VRAEM"),
        ("Summarize the Brasilia agreement", "the Brasilia agreement"),
        (
            "Resume la situación de la minería ilegal en el Perú",
            "la situación de la minería ilegal en el Perú",
        ),
        ("Resúmeme el conflicto armado interno", "el conflicto armado interno"),
        ("Resumen de la crisis carcelaria en Ecuador", "la crisis carcelaria en Ecuador"),
        ("informe sobre la extorsión en Trujillo, por favor", "la extorsión en Trujillo"),
        ("Hazme un informe de los puertos de Guayaquil", "los puertos de Guayaquil"),
        ("Dame un resumen sobre el Acta de Brasilia", "el Acta de Brasilia"),
        ("¿Qué sabemos de Los Choneros?", "Los Choneros"),
        ("que sabemos sobre el gabinete binacional", "el gabinete binacional"),
    ],
)
def test_requests_for_a_brief_give_their_topic(message: str, topic: str) -> None:
    assert brief_topic(message) == topic


@pytest.mark.parametrize(
    "message",
    [
        "¿Qué es un resumen ejecutivo?",
        "What is a brief?",
        "¿Quién escribió el informe sobre la minería ilegal?",
        "Where can I find the summary of the report?",
        "¿Qué grupos declaró Ecuador como terroristas en 2024?",
        "What did Peru and Ecuador agree in Brasilia in 1998?",
        "Briefly, what is the VRAEM?",
        "Resumen",  # a request with no topic
        "brief me on ?",
        "",
    ],
)
def test_other_messages_are_not_briefs(message: str) -> None:
    assert brief_topic(message) is None
