"""The one renderer: answer text with its numbered sources."""

from bot.answer.render import answer_text, claims_text, sources_text
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


def test_an_answer_without_sources_ends_with_its_reason() -> None:
    refusal = _answer(grounded=False, citations=[], answer="No evidence.", language="en")
    assert sources_text(refusal) == ""
    assert answer_text(refusal.model_copy(update={"reason": "top score 0.2"})) == (
        "No evidence.\n\n(Reason: top score 0.2)"
    )
    assert answer_text(refusal) == "No evidence."
