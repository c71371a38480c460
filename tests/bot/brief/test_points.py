"""Key points: one a passage, spanning documents, repeats merged with both citations (pure)."""

import numpy as np

from bot.brief.points import choose_points, key_points, score_all
from tests.bot.brief.conftest import CORPUS, WordEmbedder, passage

TOPIC = "extortion in Piura"


def test_no_two_points_come_from_the_same_passage_and_points_span_the_documents() -> None:
    scored = score_all(TOPIC, CORPUS, WordEmbedder())
    points = choose_points(scored)
    chunks = [p.sentences[0].passage.chunk_id for p in points]
    assert len(chunks) == len(set(chunks))
    docs = {p.doc_id for point in points for p in point.passages}
    assert docs == {p.doc_id for p in CORPUS}
    assert 4 <= len(points) <= 10
    for point in points:
        assert all(s.quoted in s.passage.text for s in point.sentences)


def test_scoring_reads_every_passage_not_only_the_first_four() -> None:
    scored = score_all(TOPIC, CORPUS, WordEmbedder())
    assert {s.passage.chunk_id for s in scored} == {p.chunk_id for p in CORPUS}


def test_a_near_duplicate_from_another_document_is_merged_with_both_citations() -> None:
    scored = score_all(TOPIC, CORPUS, WordEmbedder())
    points = key_points(scored, WordEmbedder())
    merged = [p for p in points if len(p.sentences) > 1]
    assert merged, "the wire copy of the RPP sentence is merged into its point"
    docs = {s.passage.doc_id for s in merged[0].sentences}
    assert {"rpp.md", "wire.md"} <= docs


def test_a_translation_is_merged_when_the_vectors_say_it_is_the_same_statement() -> None:
    en = passage(1, "en.md#0", "Extortion of transport workers grew in Piura last year.")
    es = passage(
        2,
        "es.md#0",
        "La extorsión a los transportistas creció en Piura el año pasado.",
        language="es",
    )
    scored = score_all(TOPIC, [en, es], WordEmbedder())
    apart = choose_points(scored, None, margin=2.0)
    sentences = [s.sentence for s in scored]
    same = {s: np.array([1.0, 0.0]) for s in sentences}
    together = choose_points(scored, same, margin=2.0)
    assert len(apart) > len(together)
    assert any({p.doc_id for p in point.passages} == {"en.md", "es.md"} for point in together)


def test_at_most_the_limit_and_only_close_sentences_past_the_minimum() -> None:
    scored = score_all(TOPIC, CORPUS, WordEmbedder())
    assert len(choose_points(scored, limit=2)) == 2
    best = scored[0].score
    close = choose_points(scored, minimum=1, margin=0.0)
    assert all(p.sentences[0].score >= best for p in close)


def test_nothing_to_choose_gives_no_points() -> None:
    assert choose_points([]) == []
