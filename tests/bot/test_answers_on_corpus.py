"""The answer path on the starter corpus: quotes keep their context, follow-ups their subject,
off-topic questions get no evidence (the cases the answers issue names)."""

import pytest

from bot.factory import build_engine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(corpus_index):  # type: ignore[no-untyped-def]
    settings, _ = corpus_index
    return build_engine(settings)


def test_a_sentence_about_the_two_provinces_is_quoted_with_the_provinces_named(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Brief me on extortion in Piura since 2024")
    for claim in answer.claims:
        if "the two provinces" in claim.text:
            assert "Trujillo" in claim.text and "Virú" in claim.text
    assert not any(c.text.startswith(("Esta nota", "This note")) for c in answer.claims)


def test_a_follow_up_keeps_the_conversation_s_subject(engine) -> None:  # type: ignore[no-untyped-def]
    conversation = engine.conversations.new_id()
    first = engine.ask("Brief me on extortion in Piura since 2024", conversation_id=conversation)
    followup = engine.ask("¿Y qué hizo el gobierno al respecto?", conversation_id=conversation)
    assert first.evidence == followup.evidence == "answer"
    assert followup.citations[0].doc_id in {c.doc_id for c in first.citations}


@pytest.mark.parametrize(
    "question",
    ["What is the best way to train for a marathon?", "¿Qué raza de perro es la más tranquila para un piso?"],
)
def test_an_off_topic_question_gets_no_evidence(engine, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask(question)
    assert answer.evidence == "none" and not answer.citations and not answer.passages
