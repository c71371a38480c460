from bot.answer.followup import condense, is_followup
from bot.conversations import Turn
from bot.factory import build_engine


def test_followups_are_detected_and_standalone_questions_are_not() -> None:
    assert is_followup("¿Y cuándo ocurrió eso?", "es")
    assert is_followup("What did the US do about it?", "en")
    assert is_followup("And when was that?", "en")
    assert not is_followup("What did Peru and Ecuador agree in Brasilia in 1998?", "en")
    assert not is_followup("¿Qué es la minería ilegal en Pataz y quién la controla?", "es")


def test_a_short_question_is_a_followup_only_when_it_names_nothing_of_its_own() -> None:
    assert is_followup("¿Cuántos murieron?", "es")
    assert is_followup("How many were arrested?", "en")
    assert not is_followup("What is the capital of Australia?", "en")
    assert not is_followup("¿Cuál es la capital de Australia?", "es")
    assert not is_followup("¿Qué es el VRAEM?", "es")
    assert is_followup("¿Y en Tumbes?", "es")  # "y" still carries the subject over
    corpus = {"murieron", "cuantos", "fotosintesis"}
    assert is_followup("¿Cuántos murieron?", "es", known=corpus.__contains__)
    assert not is_followup("What is photosynthesis?", "en", known=corpus.__contains__)


def test_condense_carries_the_antecedent_key_terms() -> None:
    history = [
        Turn(
            "¿Qué declaró Ecuador en enero de 2024?",
            "¿Qué declaró Ecuador en enero de 2024?",
            "…",
            (),
        )
    ]
    out = condense("¿Y qué grupos nombró?", "es", history)
    assert out.startswith("¿Y qué grupos nombró?")
    assert "Ecuador" in out and "2024" in out
    assert condense("What is Paita?", "en", []) == "What is Paita?"


def test_engine_answers_a_followup_in_context(mini_index) -> None:  # type: ignore[no-untyped-def]
    engine = build_engine(mini_index)
    cid = engine.conversations.new_id()
    first = engine.ask(
        "Which groups did Ecuador designate as terrorist organisations?", conversation_id=cid
    )
    assert first.conversation_id == cid and first.grounded
    follow = engine.ask("And when did that happen?", conversation_id=cid)
    assert follow.standalone_question and "Ecuador" in follow.standalone_question
    assert "ecuador/conflicto-armado.md" in {c.doc_id for c in follow.citations}
    alone = engine.ask("And when did that happen?")
    assert alone.standalone_question is None


def test_an_off_topic_question_in_a_conversation_stays_off_topic(mini_index) -> None:  # type: ignore[no-untyped-def]
    engine = build_engine(mini_index)
    cid = engine.conversations.new_id()
    first = engine.ask(
        "Which groups did Ecuador designate as terrorist organisations?", conversation_id=cid
    )
    assert first.evidence == "answer"
    off = engine.ask("What is the capital of Australia?", conversation_id=cid)
    assert off.standalone_question is None
    assert off.evidence == "none" and not off.citations
