from bot.answer.compose import Scored
from bot.answer.constraints import (
    unmet_answer_type,
)
from bot.answer.ranking import rerank
from bot.types import Passage
from ingest.types import SourceInfo


def _scored(text: str, lang: str = "en", chunk: str = "d#0") -> Scored:
    p = Passage(1, chunk, text, SourceInfo(chunk.split("#")[0], "", language=lang), 1.0, {})
    return Scored(text, p, 0, 0.5, 0.5, 0.0)


def test_rerank_prefers_the_sentence_that_states_what_is_asked() -> None:
    question = "How many Black Hawks is Washington giving the police in 2025?"
    vague = Scored(
        "Washington supports the police aviation.", _scored("x").passage, 0, 0.40, 0.4, 0
    )
    exact = Scored(
        "The United States is donating nine Black Hawk helicopters.",
        _scored("y").passage,
        1,
        0.30,
        0.3,
        0,
    )
    dated = Scored("In 2025 the first ones arrived.", _scored("z").passage, 2, 0.20, 0.2, 0)
    ranked = rerank(question, "en", [vague, exact, dated])
    assert ranked[0].sentence == exact.sentence and ranked[0].score == exact.score
    assert ranked[0].rank_score > vague.rank_score
    assert next(s for s in ranked if s.sentence == dated.sentence).bonus > 0
    plain = "What does the police aviation do?"
    assert rerank(plain, "en", [vague, exact]) == [vague, exact]


def test_a_who_question_ranks_first_the_sentences_that_name_someone() -> None:
    text = (
        "Pataz. La minería ilegal creció. Hubo ataques. La presión siguió. Señalaron a Miguel Díaz."
    )
    p = Passage(1, "es#0", text, SourceInfo("es", "", language="es"), 1.0, {})
    vague = [
        Scored(s, p, i, 0.5 - i / 100, 0.5, 0.0)
        for i, s in enumerate(["La minería ilegal creció.", "Hubo ataques.", "La presión siguió."])
    ]
    named = Scored("Señalaron a Miguel Díaz.", p, 3, 0.4, 0.4, 0.0)
    question = "Who was named the main suspect in Pataz?"
    assert unmet_answer_type(question, "en", [*vague, named]) is not None  # 4th: too far down
    ranked = rerank(question, "en", [*vague, named])
    assert ranked[0].sentence == named.sentence
    assert unmet_answer_type(question, "en", ranked) is None
