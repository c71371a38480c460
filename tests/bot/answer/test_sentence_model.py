"""The answer-sentence model: question kinds, pair features, the fitted probabilities."""

import pytest

from bot.answer.answerability import model_for
from bot.answer.compose import Scored
from bot.answer.sentence_model import pair_features, probabilities, question_kind
from bot.types import Passage
from ingest.types import SourceInfo


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did Ecuador declare the conflict?", "when"),
        ("¿Cuándo firmó Noboa el decreto?", "when"),
        ("¿Quién dirigía la DEA en Lima?", "who"),
        ("How many hectares were cleared?", "how_many"),
        ("¿Cuántas provincias tiene Piura?", "how_many"),
        ("¿Dónde está el CEBAF?", "where"),
        ("Which port handles more containers?", "which"),
        ("¿Qué acordaron Perú y Ecuador?", "what"),
        ("Brief me on extortion in Piura", "other"),
    ],
)
def test_question_kinds_in_both_languages(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def _scored(text: str, sim: float = 0.5, rank: int = 1) -> Scored:
    p = Passage(rank, f"d{rank}#0", text, SourceInfo(f"d{rank}", "D", language="en"), 1.0)
    return Scored(text, p, 0, sim, sim, 0.2)


def test_pair_features_see_numbers_years_and_names_by_question_kind() -> None:
    dated = pair_features("when", _scored("Noboa signed Decree 111 in January 2024."))
    plain = pair_features("when", _scored("the government signed a decree after the riots."))
    assert len(dated) == len(plain)
    assert dated[3:5] == [1.0, 1.0] and plain[3:5] == [0.0, 0.0]  # a digit, a year
    assert dated[5] > plain[5]  # names
    assert dated != pair_features("who", _scored("Noboa signed Decree 111 in January 2024."))


def test_the_fitted_model_prefers_the_sentence_that_states_the_asked_kind_of_fact() -> None:
    model = (model_for(["use-m3", "e5-small-onnx-int8"]) or {}).get("answer_sentence")
    assert model is not None
    question = "When did Ecuador declare an internal armed conflict?"
    dated = _scored("Ecuador declared an internal armed conflict on 9 January 2024.", sim=0.6)
    vague = _scored("Ecuador declared an internal armed conflict after the riots.", sim=0.6)
    p_dated, p_vague = probabilities(question, [dated, vague], model)
    assert 0 < p_vague < p_dated < 1
    assert len(probabilities(question, [], model)) == 0
