import pytest

from bot.answer.outcome import related_documents, related_text
from bot.answer.retrieve import FOLLOWUP_WEIGHT, Retriever
from bot.factory import build_engine
from bot.filters import Filters
from bot.types import Passage
from ingest.lexical import LexicalIndex
from ingest.manifest import Manifest
from ingest.pipeline import manifest_path
from ingest.types import SourceInfo


@pytest.fixture(scope="module")
def engine(mini_index):  # type: ignore[no-untyped-def]
    return build_engine(mini_index)


def _cited_docs(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.doc_id for c in answer.citations}


def test_spanish_question_over_english_document(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask(
        "¿Qué países latinoamericanos son aliados principales extra-OTAN de EE. UU.?"
    )
    assert answer.language == "es"
    assert answer.grounded, answer.reason
    assert "mnna.md" in _cited_docs(answer)
    assert answer.answer.startswith("Según")


def test_english_question_over_spanish_document(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Which border crossing links Piura with Macará in Ecuador?")
    assert answer.language == "en"
    assert answer.grounded, answer.reason
    assert "piura-frontera.md" in _cited_docs(answer)


def test_every_answer_sentence_is_in_the_quote_it_cites(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("What happened in Ecuador in January 2024?")
    assert answer.grounded
    by_n = {c.n: c for c in answer.citations}
    lines = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert 1 <= len(lines) <= 5
    for line in lines:
        sentence, _, marker = line[2:].rpartition(" [")
        assert sentence in by_n[int(marker.rstrip("]"))].quote
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_off_topic_question_is_not_grounded(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("What is the best recipe for chocolate cake?")
    assert not answer.grounded and answer.evidence == "none"
    assert answer.citations == [] and answer.passages == []  # nothing presented as evidence
    assert answer.reason and "off-topic" in answer.reason
    assert answer.answer.startswith("No evidence")


def test_a_refusal_lists_each_related_document_once() -> None:
    docs = ["a.md", "a.md", "b.md", "a.md", "c.md", "d.md"]
    passages = [
        Passage(n, f"{doc}#{n}", "Texto.", SourceInfo(doc, doc.upper()), 1.0 / n, {}, ())
        for n, doc in enumerate(docs, start=1)
    ]
    assert [p.chunk_id for p in related_documents(passages)] == ["a.md#1", "b.md#3", "c.md#5"]
    text = related_text("es", related_documents(passages))
    assert text.startswith("El corpus trata este tema")
    assert text.splitlines()[-3:] == ["- A.MD [1]", "- B.MD [2]", "- C.MD [3]"]


def test_filters_restrict_the_documents(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("criminal gangs", filters=Filters.build(languages=["es"]))
    assert all(p.language == "es" for p in answer.passages)
    dated = engine.ask("armed conflict", filters=Filters.build(date_from="2024-01-01"))
    assert {p.doc_id for p in dated.passages} <= {
        "ecuador/conflicto-armado.md",
        "piura-frontera.md",
    }


def test_lean_store_reads_agree_with_a_full_query(engine) -> None:  # type: ignore[no-untyped-def]
    store = engine.retriever.store
    for name, embedder in engine.embedders.items():
        vector = embedder.encode(["extorsión en Piura"], kind="query")[0]
        hits = store.query(name, vector, 5)
        assert store.nearest(name, vector, 5) == [(h.chunk_id, h.score) for h in hits]
        ids = [h.chunk_id for h in hits]
        assert store.texts(ids) == {h.chunk_id: h.text for h in hits}
        assert store.metadatas(ids) == {h.chunk_id: h.meta for h in hits}


def test_candidates_know_their_language_even_when_the_lexical_index_does_not(
    engine, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    retriever = engine.retriever
    question = "Which border crossing links Piura with Macará in Ecuador?"
    known = {c.chunk_id: c.language for c in retriever.candidates(question, "en")}
    stored = retriever.store.sources(list(known))
    assert known == {cid: source.language for cid, source in stored.items()}
    assert set(known.values()) == {"es", "en"}
    # a lexical index that knows the chunks but not their languages (as when another process
    # wrote chunks since it was loaded): languages are read from the store
    manifest = Manifest(manifest_path(engine.settings))
    try:
        tokens = list(manifest.iter_tokens())
    finally:
        manifest.close()
    lexical = LexicalIndex(tmp_path / "lexical")
    lexical.build_tokens(tokens, "g")
    assert lexical.load() and lexical.language_of(next(iter(known))) is None
    fallback = Retriever(retriever.store, retriever.embedders, lexical, pool=retriever.pool)
    assert {c.chunk_id: c.language for c in fallback.candidates(question, "en")} == known
    passages = retriever.search(question, "en")
    assert [p.chunk_id for p in fallback.search(question, "en")] == [p.chunk_id for p in passages]
    assert all(p.source == stored.get(p.chunk_id, p.source) and p.source.title for p in passages)


def test_a_follow_up_prefers_the_documents_the_previous_answer_cited(engine) -> None:  # type: ignore[no-untyped-def]
    question = "criminal groups"
    plain = engine.retriever.search(question, "en")
    other = plain[-1].doc_id
    preferred = engine.retriever.search(question, "en", prefer_docs=frozenset({other}))

    def rank(passages: list[Passage]) -> int:
        return next(p.rank for p in passages if p.doc_id == other)

    def score(passages: list[Passage]) -> float:
        return next(p.score for p in passages if p.doc_id == other)

    assert rank(preferred) < rank(plain)
    assert score(preferred) == pytest.approx(score(plain) + FOLLOWUP_WEIGHT)
