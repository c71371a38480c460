from dataclasses import replace

from bot.answer.answerability import FEATURES, decide
from bot.answer.compose import Scored
from bot.answer.constraints import (
    anchored,
    answer_type,
    quantity_unit,
    question_names,
    term_found,
    unmet_answer_type,
)
from bot.types import Passage
from ingest.lexical import LexicalIndex
from ingest.types import SourceInfo


def _passage(text: str, lang: str = "en", **sims: float) -> Passage:
    return Passage(1, "d#0", text, SourceInfo("d", "d", language=lang), 1.0, dict(sims))


def _scored(text: str, lang: str = "en", chunk: str = "d#0") -> Scored:
    p = Passage(1, chunk, text, SourceInfo(chunk.split("#")[0], "", language=lang), 1.0, {})
    return Scored(text, p, 0, 0.5, 0.5, 0.0)


def test_cognates_count_as_the_same_term() -> None:
    assert term_found("victim", {"victima"}) and term_found("percentage", {"porcentaje"})
    assert not term_found("border", {"frontera"})


def test_quantity_unit_is_the_counted_thing() -> None:
    assert quantity_unit("How many TEU did the port of Chancay handle?") == ["teu"]
    assert quantity_unit("¿Cuántas hectáreas de arroz se sembraron en Tumbes?") == [
        "hectarea",
        "arroz",
    ]
    assert quantity_unit("¿Cuál fue el presupuesto de Tumbes?") == ["presupuesto"]


def test_a_quantity_must_be_stated_next_to_the_counted_thing() -> None:
    question = "How many troops were deployed to the border?"
    near = [_scored("Ecuador deployed 1,500 troops to the border in January.")]
    far = [_scored("The border is 1,500 kilometres long and troops were sent there.")]
    unrelated = [_scored("Police reported 40 arrests near the border crossing.")]
    assert unmet_answer_type(question, "en", near) is None
    assert unmet_answer_type(question, "en", far) is None
    assert "troop" in (unmet_answer_type(question, "en", unrelated) or "")
    share = "What percentage of the vote did she get?"
    assert unmet_answer_type(share, "en", [_scored("She won 31.2 % of the valid vote.")]) is None
    assert unmet_answer_type(share, "en", near) is not None


def test_anchors_of_the_question_must_be_in_the_evidence() -> None:
    question = "What did the DEA report about Paita in 2017?"
    good = _scored("In 2017 the DEA said Paita was a hub.", chunk="a#1")
    other = _scored("In 2013 the port grew.", chunk="a#0")
    kept, unmet = anchored(question, [other, good])
    assert unmet is None and kept == [good]
    _, unmet = anchored(question, [other])
    assert unmet is not None and "2017" in unmet and "DEA" in unmet
    assert anchored("What did NATO decide?", [_scored("La OTAN decidió algo.", "es")])[1] is None


def test_unmet_constraint_refuses_with_its_reason() -> None:
    ids = {"use": "use-m3", "e5": "e5-small-onnx-int8"}
    strong = {f: 1.0 for f in FEATURES}
    verdict = decide(strong, ids, unmet="the question names 2017 and no retrieved passage does")
    assert not verdict.grounded and "2017" in verdict.reason


def test_question_names_are_capitalised_words_inside_the_question() -> None:
    assert question_names("¿Cuántos pasos hay entre Huaquillas y Perú en julio?") == [
        "huaquilla",
        "peru",
    ]
    assert question_names('What did "Cuchillo" do in Pataz in May 2025?') == ["cuchillo", "pataz"]
    assert question_names("How many troops were sent?") == []


def test_a_quantity_across_languages_must_come_from_a_passage_naming_the_question_s_names() -> None:
    question = "¿Cuál fue el presupuesto de la región Tumbes según la Contraloría?"
    elsewhere = _scored("A car bomb in Trujillo caused 3 injuries.", "en")
    in_tumbes = _scored("The Contraloría put the Tumbes region's budget at 500 million.", "en")
    assert unmet_answer_type(question, "es", [elsewhere]) is not None
    assert unmet_answer_type(question, "es", [in_tumbes]) is None


def test_a_quantity_across_languages_must_come_from_a_passage_naming_the_anchors() -> None:
    question = "¿Cuántas hectáreas de coca había en el VRAEM en 2024?"
    national = _scored("The national coca area was 89,755 hectares in 2024.", "en")
    valley = _scored("In 2024 the VRAEM had 30,000 hectares of coca.", "en")
    assert unmet_answer_type(question, "es", [national]) is not None
    assert unmet_answer_type(question, "es", [valley]) is None


def _lexical(tmp_path, texts: list[str]) -> LexicalIndex:  # type: ignore[no-untyped-def]
    lexical = LexicalIndex(tmp_path / "lex")
    lexical.build([(f"c#{i}", t) for i, t in enumerate(texts)], "g")
    lexical.load()
    return lexical


def test_answer_types_of_questions() -> None:
    assert answer_type("What percentage of the vote did she get?") == "share"
    assert answer_type("What prison sentence did the court impose on him?") == "duration"
    assert answer_type("¿Cuánto tiempo duró el estado de emergencia?") == "duration"
    assert answer_type("¿Cuántos soldados llegaron a Tumbes?") == "quantity"
    assert answer_type("¿Quién dirige la DEA en Lima?") == "who"
    assert answer_type("To whom was the port concession granted?") == "who"
    assert answer_type("What did the people who live in Tumbes report?") is None


def test_a_quantity_stated_about_another_place_does_not_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Chancay is in 1 of 30 chunks (distinctive); Peru is in all of them (context).
    texts = ["Chancay port opened."] + [f"Peru report number {i}." for i in range(29)]
    lexical = _lexical(tmp_path, texts)
    question = "How many TEU did the port of Chancay in Peru handle?"
    paita = _scored("Paita handled about 228,000 TEU in 2017.")
    chancay = _scored("Chancay handled about 1 million TEU in its first year.", chunk="c#1")
    assert "Chancay" in (unmet_answer_type(question, "en", [paita], lexical) or "")
    assert unmet_answer_type(question, "en", [paita, chancay], lexical) is None


def test_the_source_of_a_passage_counts_as_naming_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts = ["Ojo Publico investigation."] + [f"Peru report number {i}." for i in range(29)]
    lexical = _lexical(tmp_path, texts)
    question = "According to Ojo Publico, what share of explosives came from Peru?"
    s = _scored("About 52 percent of the explosives came from Peru.")
    assert unmet_answer_type(question, "en", [s], lexical) is not None
    source = SourceInfo("d", "", source="Ojo Público", language="en")
    named = replace(s, passage=replace(s.passage, source=source))
    assert unmet_answer_type(question, "en", [named], lexical) is None


def test_a_sentence_question_needs_a_stated_term() -> None:
    question = "What prison sentence did a court impose on alias 'Cuchillo'?"
    named = _scored('Police named "Cuchillo" as the main suspect in the killings.')
    sentenced = _scored('A court sentenced "Cuchillo" to 35 years in prison.')
    life = _scored('"Cuchillo" was given a life sentence.')
    assert "duration" in (unmet_answer_type(question, "en", [named]) or "")
    assert unmet_answer_type(question, "en", [named, sentenced]) is None
    assert unmet_answer_type(question, "en", [life]) is None


def test_a_who_question_needs_a_name_in_a_passage_about_its_subject(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts = ["Euroandinos runs Paita."] + [f"Peru report number {i}." for i in range(29)]
    lexical = _lexical(tmp_path, texts)
    question = "Who was the general manager of Euroandinos?"
    other = _scored("The manager of APM Terminals Callao spoke to Reuters.")
    vague = _scored("The manager of Euroandinos said traffic grew.")
    named = _scored("Euroandinos appointed Ana Pérez as general manager.")
    assert unmet_answer_type(question, "en", [other], lexical) is not None
    assert unmet_answer_type(question, "en", [vague], lexical) is not None
    assert unmet_answer_type(question, "en", [named], lexical) is None


def test_across_languages_a_name_the_passage_language_never_spells_is_not_required(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    lexical = LexicalIndex(tmp_path / "lex")
    texts = {
        "es#0": ("Los mamelucos de Egipto frenaron a Hulagu Khan en Oriente Medio.", "es"),
        "es#1": ("Euroandinos opera el puerto de Paita.", "es"),
        "en#0": ("The Middle East and Euroandinos.", "en"),
    }
    lexical.build([(k, t) for k, (t, _) in texts.items()], "g", {k: v[1] for k, v in texts.items()})
    lexical.load()
    halted = _scored(texts["es#0"][0], "es")
    question = "Who halted Hulagu Khan in the Middle East?"
    assert unmet_answer_type(question, "en", [halted], lexical) is None  # Middle: translated
    assert unmet_answer_type(question, "en", [halted]) is not None  # without statistics, all
    manager = "Who was the general manager of Euroandinos?"
    other = _scored("El gerente de APM Terminals Callao habló con Reuters.", "es")
    assert unmet_answer_type(manager, "en", [other], lexical) is not None  # spelled in Spanish
