"""The one renderer: answer text with its numbered sources."""

from bot.answer.render import answer_text, claims_text, outcome, sources_text
from bot.strings import say
from bot.types import Answer, Citation, Claim

CITATION = Citation(
    n=1,
    doc_id="acta.md",
    chunk_id="acta.md#0",
    title="El Acta de Brasilia",
    source="Cancillería",
    source_type="official",
    published="1998-10-26",
    language="es",
    page=3,
    url="https://example.org/acta",
    quote="El Acta se firmó en 1998.",
)


def _answer(**fields: object) -> Answer:
    base: dict[str, object] = {
        "question": "¿Qué?",
        "answer": "Según las fuentes del corpus:\n\n- El Acta se firmó en 1998. [1]",
        "language": "es",
        "grounded": True,
        "citations": [CITATION],
    }
    return Answer(**{**base, **fields})  # type: ignore[arg-type]


def test_claims_text_is_the_lead_then_one_bullet_per_claim() -> None:
    claims = [Claim(text="A.", citations=[1]), Claim(text="B.", citations=[1, 2])]
    assert claims_text("Lead:", claims) == "Lead:\n\n- A. [1]\n- B. [1][2]"


def test_sources_follow_the_answer_in_its_language() -> None:
    assert sources_text(_answer()) == (
        "\n\nFuentes:\n[1] El Acta de Brasilia (Cancillería, oficial, 1998-10-26, español, p. 3) "
        "https://example.org/acta"
    )
    english = sources_text(_answer(language="en"))
    assert english.startswith("\n\nSources:\n[1] El Acta de Brasilia (Cancillería, official,")
    assert "Spanish, p. 3)" in english


def test_answer_text_is_the_answer_then_its_sources() -> None:
    answer = _answer()
    assert answer_text(answer) == answer.answer + sources_text(answer)


def _related(language: str) -> Answer:
    return _answer(
        grounded=False,
        evidence="related",
        language=language,
        answer=say("related_lead", language) + "\n\n- El Acta de Brasilia [1]",
        reason="top score 0.41 < 0.55",
    )


def test_related_documents_are_headed_as_related_not_as_sources() -> None:
    assert sources_text(_related("es")) == (
        "\n\nRelacionado, pero no es una respuesta:\n[1] El Acta de Brasilia (Cancillería, "
        "oficial, 1998-10-26, español, p. 3) https://example.org/acta"
    )
    english = sources_text(_related("en"))
    assert english.startswith("\n\nRelated, but not an answer:\n[1] El Acta de Brasilia (")
    assert "Sources" not in english


def test_related_text_is_the_lead_then_the_related_block_without_the_reason() -> None:
    related = _related("en")
    text = answer_text(related)
    assert text == related.answer + sources_text(related)
    assert text.startswith("The corpus covers this subject, but none of its sources states")
    assert "Reason" not in text


def test_no_evidence_is_the_text_and_its_reason_and_cites_nothing() -> None:
    none = _answer(
        grounded=False,
        evidence="none",
        citations=[],
        answer=say("no_evidence", "es"),
        reason="off-topic: best similarity 0.12",
    )
    assert sources_text(none) == ""
    assert answer_text(none) == (
        "No encontré evidencia en el corpus que responda a esta pregunta.\n\n"
        "(Motivo: off-topic: best similarity 0.12)"
    )


def test_outcome_follows_evidence_held_to_what_the_answer_carries() -> None:
    assert outcome(_answer()) == "answer"
    assert outcome(_related("es")) == "related"
    assert outcome(_related("es").model_copy(update={"citations": []})) == "none"
    assert outcome(_answer(grounded=False, evidence="none")) == "none"
    assert sources_text(_answer(grounded=False, evidence="none")) == ""


def test_an_answer_without_sources_ends_with_its_reason() -> None:
    refusal = _answer(grounded=False, citations=[], answer="No evidence.", language="en")
    assert sources_text(refusal) == ""
    assert answer_text(refusal.model_copy(update={"reason": "top score 0.2"})) == (
        "No evidence.\n\n(Reason: top score 0.2)"
    )
    assert answer_text(refusal) == "No evidence."
